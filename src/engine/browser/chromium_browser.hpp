#pragma once
// The browser engine's public face: a Browser backed by one headless Chromium process, driven
// over the Chrome DevTools Protocol on --remote-debugging-pipe. Every page is a separate browser
// context (cookies and storage never shared) with one tab. Everything runs on the thread of the
// io_context given to launch().
//
// When the process dies, every page it carried becomes dead (alive() is false, pending and
// later operations fail with "browser crashed"), and a new process is started so that the next
// open_page works again.
#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "engine/browser/chromium_process.hpp"
#include "engine/page.hpp"
#include "telemetry/recorder.hpp"

namespace liveload::engine {

class BrowserProcess;
class PageSession;

struct BrowserOptions {
  // The Chromium binary: $LIVELOAD_CHROMIUM if set, else /usr/bin/chromium.
  std::string executable = default_chromium_path();
  // Appended to LiveLoad's own flags (chromium_process.hpp), e.g. "--window-size=1280,800".
  std::vector<std::string> extra_args;
  // How long a starting browser gets to answer its first command (measured: about 0.7 s).
  Millis launch_timeout{20000};
  // Start a new process as soon as the current one dies. When false, the next open_page starts
  // one instead.
  bool restart_on_crash = true;
  // Where pages record what they measure (engine/wire/page_telemetry.hpp) and where the
  // browser's gauges go; nullptr records nothing.
  telemetry::Recorder* recorder = nullptr;
  // The `process` tag of the browser's gauges (browser.pages, browser.rss.bytes).
  std::string process_tag = "1";
  // How often the gauges are sampled.
  Millis sample_interval{2000};
  // Install the helper script's in-page telemetry (telemetry_script.hpp). Off only to measure
  // what it costs: $LIVELOAD_PAGE_TELEMETRY=0 turns it off.
  bool measure_in_page = default_measure_in_page();

  static bool default_measure_in_page();
};

class ChromiumBrowser final : public Browser, public std::enable_shared_from_this<ChromiumBrowser> {
 public:
  // Starts Chromium and calls `done` once it answers, or with Failure{"browser launch failed",
  // ...} saying why (a missing binary says how to install one). Call it on the thread that runs
  // `io` (or before `io` runs, from the thread that will run it): the browser is killed when
  // that thread ends (chromium_process.hpp).
  static void launch(boost::asio::io_context& io, BrowserOptions options,
                     Done<std::shared_ptr<ChromiumBrowser>> done);

  ChromiumBrowser(const ChromiumBrowser&) = delete;
  ChromiumBrowser& operator=(const ChromiumBrowser&) = delete;
  // Kills the process (and its renderers) at once; pages still open become dead.
  ~ChromiumBrowser() override;

  // Creates a fresh browser context and page. While a crashed process is being replaced, the
  // request waits for the new one (within `timeout`).
  void open_page(Millis timeout, Done<std::unique_ptr<Page>> done) override;

  // Closes the browser politely (Browser.close, then a kill after 2 s); open pages become dead.
  // No restart follows.
  void close(std::function<void()> done);

  // The ids of the browser contexts that exist now (Target.getBrowserContexts): one per open
  // page, so a number that only grows means pages are leaking.
  void browser_contexts(Millis timeout, Done<std::vector<std::string>> done);

  // CDP traffic of the current process: commands sent, and messages (answers and events)
  // received. For benchmarks and tests of what an operation costs.
  std::uint64_t commands_sent() const;
  std::uint64_t messages_received() const;

  // The running process, 0 while none runs (between a crash and its replacement).
  pid_t pid() const;
  // How many times the process was replaced after dying.
  int restarts() const { return restarts_; }
  // "Chrome/156.0.8078.114", from Browser.getVersion.
  std::string product() const;
  const BrowserOptions& options() const { return options_; }

 private:
  struct Waiting {
    std::uint64_t id;
    std::chrono::steady_clock::time_point deadline;
    Done<std::unique_ptr<Page>> done;
    std::shared_ptr<boost::asio::steady_timer> timer;
  };

  ChromiumBrowser(boost::asio::io_context& io, BrowserOptions options);
  void adopt(std::shared_ptr<BrowserProcess> process);
  void process_exited(const Failure& failure);
  void relaunch();
  void create_page(Millis timeout, Done<std::unique_ptr<Page>> done);
  void fail_waiting(const Failure& failure);
  // Records the open pages and the process tree's resident memory, then schedules itself.
  void sample();

  boost::asio::io_context& io_;
  BrowserOptions options_;
  std::shared_ptr<BrowserProcess> process_;
  bool launching_ = false;
  bool closing_ = false;
  int restarts_ = 0;
  std::deque<Waiting> waiting_;
  std::uint64_t next_waiting_id_ = 1;
  std::vector<std::weak_ptr<PageSession>> sessions_;  // pages opened, pruned when sampled
  std::unique_ptr<boost::asio::steady_timer> sample_timer_;
};

}  // namespace liveload::engine
