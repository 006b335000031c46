#include "engine/browser/chromium_browser.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <cstdlib>

#include "engine/browser/browser_process.hpp"
#include "engine/browser/cdp_page.hpp"
#include "engine/browser/page_session.hpp"
#include "engine/browser/process_memory.hpp"
#include "engine/wire/wire_metrics.hpp"
#include "util/duration.hpp"

namespace liveload::engine {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr Millis kCloseGrace{2000};

Millis remaining(Clock::time_point deadline) {
  return std::max(Millis{0}, std::chrono::duration_cast<Millis>(deadline - Clock::now()));
}

Failure open_failure(const Failure& f) {
  return Failure{f.reason, "open_page: " + f.detail};
}

std::string field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

bool BrowserOptions::default_measure_in_page() {
  const char* env = std::getenv("LIVELOAD_PAGE_TELEMETRY");
  return env == nullptr || std::string_view(env) != "0";
}

ChromiumBrowser::ChromiumBrowser(asio::io_context& io, BrowserOptions options)
    : io_(io), options_(std::move(options)) {}

ChromiumBrowser::~ChromiumBrowser() {
  closing_ = true;
  if (sample_timer_) sample_timer_->cancel();
  fail_waiting(Failure{"stopped", "open_page: the browser was closed"});
}

void ChromiumBrowser::fail_waiting(const Failure& failure) {
  auto waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& w : waiting) {
    w.timer->cancel();
    asio::post(io_, [done = std::move(w.done), failure] { done(failure); });
  }
}

void ChromiumBrowser::launch(asio::io_context& io, BrowserOptions options,
                             Done<std::shared_ptr<ChromiumBrowser>> done) {
  std::shared_ptr<ChromiumBrowser> browser(new ChromiumBrowser(io, std::move(options)));
  const auto& o = browser->options_;
  BrowserProcess::start(
      io, o.executable, o.extra_args, o.launch_timeout,
      [browser, done = std::move(done)](Result<std::shared_ptr<BrowserProcess>> r) mutable {
        if (!r) return done(r.failure());
        browser->adopt(std::move(r.value()));
        spdlog::info("browser: {} started (pid {})", browser->product(), browser->pid());
        if (browser->options_.recorder) browser->sample();
        done(std::move(browser));
      });
}

void ChromiumBrowser::adopt(std::shared_ptr<BrowserProcess> process) {
  process_ = std::move(process);
  std::weak_ptr<ChromiumBrowser> weak = shared_from_this();
  process_->on_exit([weak](const Failure& failure) {
    if (auto self = weak.lock()) self->process_exited(failure);
  });
  auto client = process_->client_ptr();
  std::weak_ptr<cdp::Client> weak_client = client;
  client->add_session(
      "", cdp::SessionHandler{[weak_client](std::string_view method, const json::object& params) {
                                // A target closed from elsewhere (or by the browser) ends its page.
                                if (method != "Target.detachedFromTarget") return;
                                if (auto c = weak_client.lock()) {
                                  c->close_session(
                                      field(params, "sessionId"),
                                      Failure{"browser crashed", "the page was closed"});
                                }
                              },
                              nullptr});
}

void ChromiumBrowser::sample() {
  if (closing_) return;
  auto& recorder = *options_.recorder;
  const telemetry::Tags tags{{"process", options_.process_tag}};
  std::erase_if(sessions_, [](const std::weak_ptr<PageSession>& w) {
    auto s = w.lock();
    return !s || !s->alive();
  });
  recorder.gauge(wire::metric::browser_pages, tags, static_cast<double>(sessions_.size()));
  // Between a crash and the restart there is no process to measure: no sample, not a zero.
  if (const pid_t p = pid(); p > 0) {
    if (auto rss = process_tree_rss_bytes(p)) {
      recorder.gauge(wire::metric::browser_rss_bytes, tags, *rss);
    }
  }
  if (!sample_timer_) sample_timer_ = std::make_unique<asio::steady_timer>(io_);
  sample_timer_->expires_after(options_.sample_interval);
  sample_timer_->async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->sample();
  });
}

void ChromiumBrowser::process_exited(const Failure& failure) {
  spdlog::warn("browser: {}; its pages fail with \"{}\"", failure.detail, failure.reason);
  if (options_.restart_on_crash && !closing_) relaunch();
}

void ChromiumBrowser::relaunch() {
  if (launching_) return;
  launching_ = true;
  std::weak_ptr<ChromiumBrowser> weak = shared_from_this();
  BrowserProcess::start(
      io_, options_.executable, options_.extra_args, options_.launch_timeout,
      [weak](Result<std::shared_ptr<BrowserProcess>> r) {
        auto self = weak.lock();
        if (!self) return;
        self->launching_ = false;
        if (!r || self->closing_) {
          const Failure failure = r ? Failure{"stopped", "the browser was closed"} : r.failure();
          spdlog::error("browser: restart failed: {}", failure.detail);
          self->fail_waiting(open_failure(failure));
          return;
        }
        self->adopt(std::move(r.value()));
        ++self->restarts_;
        spdlog::info("browser: restarted (pid {})", self->pid());
        auto waiting = std::move(self->waiting_);
        self->waiting_.clear();
        for (auto& w : waiting) {
          w.timer->cancel();
          self->create_page(remaining(w.deadline), std::move(w.done));
        }
      });
}

void ChromiumBrowser::open_page(Millis timeout, Done<std::unique_ptr<Page>> done) {
  if (closing_) {
    asio::post(io_, [done = std::move(done)] {
      done(Failure{"stopped", "open_page: the browser was closed"});
    });
    return;
  }
  if (process_ && process_->running()) {
    create_page(timeout, std::move(done));
    return;
  }
  // Waits for the replacement process, within this request's own timeout.
  const auto id = next_waiting_id_++;
  auto timer = std::make_shared<asio::steady_timer>(io_, timeout);
  timer->async_wait([weak = weak_from_this(), id, timeout](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self) return;
    auto& list = self->waiting_;
    for (auto it = list.begin(); it != list.end(); ++it) {
      if (it->id != id) continue;
      auto w = std::move(*it);
      list.erase(it);
      w.done(Failure{"timeout", "open_page: no browser within " + format_duration(timeout) +
                                    " (a new one is starting after a crash)"});
      return;
    }
  });
  waiting_.push_back(Waiting{id, Clock::now() + timeout, std::move(done), std::move(timer)});
  relaunch();
}

void ChromiumBrowser::create_page(Millis timeout, Done<std::unique_ptr<Page>> done) {
  const auto deadline = Clock::now() + timeout;
  if (!process_ || !process_->running()) {
    asio::post(io_, [done = std::move(done)] {
      done(Failure{"browser crashed", "open_page: the browser is not running"});
    });
    return;
  }
  auto client = process_->client_ptr();
  auto& io = io_;
  auto dispose = [client](const std::string& context) {
    client->send("", "Target.disposeBrowserContext", {{"browserContextId", context}}, Millis{5000},
                 [](cdp::CommandResult) {});
  };

  client->send("", "Target.createBrowserContext", {{"disposeOnDetach", true}}, remaining(deadline),
               [&io, client, deadline, dispose, recorder = options_.recorder,
                measure = options_.measure_in_page, weak = weak_from_this(),
                done = std::move(done)](cdp::CommandResult r) mutable {
                 if (!r) return done(open_failure(r.failure()));
                 const auto context = field(r.value(), "browserContextId");
                 client->send(
                     "", "Target.createTarget",
                     {{"url", "about:blank"}, {"browserContextId", context}}, remaining(deadline),
                     [&io, client, deadline, dispose, context, recorder, measure, weak,
                      done = std::move(done)](cdp::CommandResult r) mutable {
                       if (!r) {
                         dispose(context);
                         return done(open_failure(r.failure()));
                       }
                       const auto target = field(r.value(), "targetId");
                       client->send(
                           "", "Target.attachToTarget", {{"targetId", target}, {"flatten", true}},
                           remaining(deadline),
                           [&io, client, deadline, dispose, context, target, recorder, measure,
                            weak, done = std::move(done)](cdp::CommandResult r) mutable {
                             if (!r) {
                               dispose(context);
                               return done(open_failure(r.failure()));
                             }
                             auto session = std::make_shared<PageSession>(
                                 io, client,
                                 PageSession::Ids{field(r.value(), "sessionId"), target, context},
                                 recorder, measure);
                             session->attach();
                             if (auto self = weak.lock()) self->sessions_.push_back(session);
                             session->initialize(
                                 remaining(deadline),
                                 [session, done = std::move(done)](Result<Unit> ready) mutable {
                                   if (!ready) {
                                     session->close();
                                     return done(ready.failure());
                                   }
                                   done(std::unique_ptr<Page>(new CdpPage(session)));
                                 });
                           });
                     });
               });
}

void ChromiumBrowser::close(std::function<void()> done) {
  closing_ = true;
  fail_waiting(Failure{"stopped", "open_page: the browser was closed"});
  if (!process_ || !process_->running()) {
    asio::post(io_, std::move(done));
    return;
  }
  process_->shutdown(kCloseGrace, [process = process_, done = std::move(done)] { done(); });
}

void ChromiumBrowser::browser_contexts(Millis timeout, Done<std::vector<std::string>> done) {
  if (!process_ || !process_->running()) {
    asio::post(io_, [done = std::move(done)] {
      done(Failure{"browser crashed", "browser_contexts: the browser is not running"});
    });
    return;
  }
  process_->client().send(
      "", "Target.getBrowserContexts", {}, timeout, [done = std::move(done)](cdp::CommandResult r) {
        if (!r) return done(Failure{r.failure().reason, "browser_contexts: " + r.failure().detail});
        std::vector<std::string> ids;
        if (const auto* list = r.value().if_contains("browserContextIds");
            list != nullptr && list->is_array()) {
          for (const auto& id : list->get_array()) {
            if (id.is_string()) ids.emplace_back(id.get_string());
          }
        }
        done(std::move(ids));
      });
}

std::uint64_t ChromiumBrowser::commands_sent() const {
  return process_ ? process_->client().connection().commands_sent() : 0;
}

std::uint64_t ChromiumBrowser::messages_received() const {
  return process_ ? process_->client().connection().messages_received() : 0;
}

pid_t ChromiumBrowser::pid() const {
  return process_ && process_->running() ? process_->pid() : 0;
}

std::string ChromiumBrowser::product() const {
  return process_ ? process_->product() : "";
}

}  // namespace liveload::engine
