#include "engine/browser/browser_process.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <chrono>
#include <mutex>

#include "util/duration.hpp"

namespace liveload::engine {

namespace asio = boost::asio;

namespace {

constexpr const char* kLaunchFailed = "browser launch failed";
// After the pipe ends, how long the process gets to exit by itself before it is killed.
constexpr auto kExitPollInterval = std::chrono::milliseconds(20);
constexpr int kExitPolls = 100;
constexpr std::size_t kStderrLinesInMessages = 6;

// Writing to a pipe whose reader died raises SIGPIPE, which would end LiveLoad instead of
// failing one browser's commands.
void ignore_sigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

std::string with_stderr(std::string message, const StderrTail& tail) {
  const auto lines = tail.last_lines(kStderrLinesInMessages);
  if (!lines.empty()) message += ": " + lines;
  return message;
}

}  // namespace

BrowserProcess::BrowserProcess(asio::io_context& io, std::unique_ptr<ChromiumProcess> process)
    : io_(io),
      process_(std::move(process)),
      client_(std::make_shared<cdp::Client>(io, process_->take_command_fd(),
                                            process_->take_event_fd())),
      stderr_pipe_(io, process_->take_stderr_fd()),
      pidfd_(io),
      reap_timer_(io) {
  if (const int fd = process_->take_pidfd(); fd >= 0) pidfd_.assign(fd);
}

BrowserProcess::~BrowserProcess() {
  if (!ended_) client_->close(Failure{"stopped", "the browser was closed"});
  // process_'s destructor kills and reaps what is left.
}

void BrowserProcess::start(asio::io_context& io, const std::string& executable,
                           const std::vector<std::string>& extra_args, Millis launch_timeout,
                           Done<std::shared_ptr<BrowserProcess>> done) {
  ignore_sigpipe();
  auto spawned = ChromiumProcess::spawn(executable, extra_args);
  if (!spawned) {
    asio::post(io, [done = std::move(done), failure = spawned.failure()] { done(failure); });
    return;
  }
  std::shared_ptr<BrowserProcess> self(new BrowserProcess(io, std::move(spawned.value())));
  self->watch();
  spdlog::debug("browser: started chromium pid {}", self->pid());

  self->client_->send(
      "", "Browser.getVersion", {}, launch_timeout,
      [self, done = std::move(done), executable, launch_timeout](cdp::CommandResult r) mutable {
        if (r) {
          if (auto* product = r.value().if_contains("product"); product && product->is_string()) {
            self->product_ = product->get_string();
          }
          done(std::move(self));
          return;
        }
        std::string why;
        if (self->ended_) {
          why = fmt::format("chromium at {} exited during start-up ({})", executable,
                            describe_wait_status(self->process_->exit_status().value_or(0)));
        } else if (r.failure().reason == "timeout") {
          why = fmt::format("chromium at {} did not answer Browser.getVersion within {}",
                            executable, format_duration(launch_timeout));
        } else {
          why = fmt::format("chromium at {} failed during start-up: {}", executable,
                            r.failure().detail);
        }
        self->drain_stderr();
        const Failure failure{kLaunchFailed, with_stderr(why, self->stderr_)};
        // Dropping the last reference kills and reaps the process.
        self.reset();
        done(failure);
      });
}

void BrowserProcess::watch() {
  client_->start([weak = weak_from_this()](std::string why) {
    if (auto self = weak.lock()) self->pipe_ended(std::move(why));
  });
  read_stderr();
  if (pidfd_.is_open()) {
    pidfd_.async_wait(asio::posix::descriptor_base::wait_read,
                      [weak = weak_from_this()](boost::system::error_code ec) {
                        auto self = weak.lock();
                        if (ec || !self || self->ended_) return;
                        if (auto status = self->process_->try_reap()) {
                          self->ended(*status);
                        } else {
                          self->wait_for_exit(kExitPolls);
                        }
                      });
  }
}

void BrowserProcess::read_stderr() {
  stderr_pipe_.async_read_some(
      asio::buffer(stderr_buffer_),
      [weak = weak_from_this()](boost::system::error_code ec, std::size_t n) {
        auto self = weak.lock();
        if (!self || ec) return;
        self->stderr_.append(std::string_view(self->stderr_buffer_, n));
        self->read_stderr();
      });
}

void BrowserProcess::drain_stderr() {
  // The renderers inherit stderr, so its end may come long after the browser's; take what is
  // already in the pipe without waiting.
  if (!stderr_pipe_.is_open()) return;
  boost::system::error_code ec;
  stderr_pipe_.non_blocking(true, ec);
  // Its own buffer: stderr_buffer_ may belong to a read whose handler is still queued.
  char buffer[1024];
  for (int i = 0; i < 64 && !ec; ++i) {
    const auto n = stderr_pipe_.read_some(asio::buffer(buffer), ec);
    if (!ec) stderr_.append(std::string_view(buffer, n));
  }
}

void BrowserProcess::pipe_ended(std::string why) {
  if (ended_) return;
  spdlog::debug("browser: pid {}: {}", pid(), why);
  wait_for_exit(kExitPolls);
}

void BrowserProcess::wait_for_exit(int attempts_left) {
  if (ended_) return;
  if (auto status = process_->try_reap()) {
    ended(*status);
    return;
  }
  // A browser that closed its pipe but keeps running is of no use; it gets killed after the
  // grace period, and the next poll reaps it.
  if (attempts_left == 0) process_->kill();
  reap_timer_.expires_after(kExitPollInterval);
  reap_timer_.async_wait([weak = weak_from_this(), attempts_left](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self) return;
    self->wait_for_exit(attempts_left > 0 ? attempts_left - 1 : 0);
  });
}

void BrowserProcess::ended(int status) {
  if (ended_) return;
  ended_ = true;
  reap_timer_.cancel();
  drain_stderr();
  // A read of stderr that completed before the exit was noticed may still wait in the queue
  // with its bytes; reporting after it keeps the browser's last words in the message.
  asio::post(io_, [self = shared_from_this(), status] { self->report_end(status); });
}

void BrowserProcess::report_end(int status) {
  const auto description = with_stderr(
      fmt::format("browser process exited ({})", describe_wait_status(status)), stderr_);
  // A browser that fails to start is reported to whoever started it; no log line of its own.
  if (shutting_down_ || product_.empty()) {
    spdlog::debug("browser: pid {} ended ({})", pid(), describe_wait_status(status));
  }
  const Failure failure{"browser crashed", description};
  client_->close(shutting_down_ ? Failure{"stopped", "the browser was closed"} : failure);
  if (shutting_down_) {
    if (auto done = std::move(on_shutdown_)) done();
  } else if (auto handler = std::move(on_exit_)) {
    handler(failure);
  }
}

void BrowserProcess::shutdown(Millis grace, std::function<void()> done) {
  if (ended_ || shutting_down_) {
    asio::post(io_, std::move(done));
    return;
  }
  shutting_down_ = true;
  on_shutdown_ = std::move(done);
  client_->send("", "Browser.close", {}, grace, [](cdp::CommandResult) {});
  wait_for_exit(static_cast<int>(grace / kExitPollInterval));
}

}  // namespace liveload::engine
