#pragma once
// One running Chromium: the process, its CDP client, its stderr tail, and the watch for its end.
// When the process ends for any reason, every pending command fails with
// Failure{"browser crashed", "<method>: browser process exited (<status>): <last stderr>"} and
// the exit handler runs.
#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/browser/cdp_client.hpp"
#include "engine/browser/chromium_process.hpp"
#include "engine/browser/stderr_tail.hpp"
#include "engine/page.hpp"

namespace liveload::engine {

class BrowserProcess : public std::enable_shared_from_this<BrowserProcess> {
 public:
  // Spawns Chromium and waits until it answers Browser.getVersion. A missing executable, a
  // browser that exits, or no answer within `launch_timeout` is a Failure with reason
  // "browser launch failed" whose detail has the browser's last stderr lines; the process is
  // killed in every failing case.
  static void start(boost::asio::io_context& io, const std::string& executable,
                    const std::vector<std::string>& extra_args, Millis launch_timeout,
                    Done<std::shared_ptr<BrowserProcess>> done);

  BrowserProcess(const BrowserProcess&) = delete;
  BrowserProcess& operator=(const BrowserProcess&) = delete;
  ~BrowserProcess();

  cdp::Client& client() { return *client_; }
  const cdp::Client& client() const { return *client_; }
  std::shared_ptr<cdp::Client> client_ptr() { return client_; }
  pid_t pid() const { return process_->pid(); }
  bool running() const { return !ended_; }
  const std::string& product() const { return product_; }
  std::string stderr_text() const { return stderr_.text(); }

  // Runs once, after the pending commands failed, when the process ended by itself (a crash,
  // a kill from outside). Not called for shutdown() or destruction.
  void on_exit(std::function<void(const Failure&)> handler) { on_exit_ = std::move(handler); }

  // Asks the browser to close (Browser.close) and kills it if it is still running after
  // `grace`; `done` runs once it is gone.
  void shutdown(Millis grace, std::function<void()> done);

 private:
  BrowserProcess(boost::asio::io_context& io, std::unique_ptr<ChromiumProcess> process);

  void watch();
  void read_stderr();
  void drain_stderr();
  void pipe_ended(std::string why);
  void wait_for_exit(int attempts_left);
  void ended(int status);
  void report_end(int status);

  boost::asio::io_context& io_;
  std::unique_ptr<ChromiumProcess> process_;
  std::shared_ptr<cdp::Client> client_;
  boost::asio::posix::stream_descriptor stderr_pipe_;
  boost::asio::posix::stream_descriptor pidfd_;
  boost::asio::steady_timer reap_timer_;
  StderrTail stderr_;
  char stderr_buffer_[1024];
  std::string product_;
  bool ended_ = false;
  bool shutting_down_ = false;
  std::function<void(const Failure&)> on_exit_;
  std::function<void()> on_shutdown_;
};

}  // namespace liveload::engine
