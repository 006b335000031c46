#include "engine/browser/page_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <utility>

#include "engine/browser/injected_script.hpp"
#include "util/duration.hpp"

namespace liveload::engine {

namespace asio = boost::asio;
namespace json = boost::json;
using cdp::Clock;

namespace {

// Time an answer gets to travel back after the page's own deadline passed, so that the page's
// timeout (which says what it saw last) arrives before the command's.
constexpr Millis kAnswerGrace{250};
// After the document went away, how long a retry waits for the next document's context before
// trying anyway (a navigation that never commits, such as a download, creates none).
constexpr Millis kContextFallback{100};
constexpr std::size_t kDocumentsKept = 8;
// Devtools keeps response bodies for Network.getResponseBody, 100 MB per page by default;
// LiveLoad never reads them, and the memory counts against users per browser.
constexpr int kNetworkBufferBytes = 64 * 1024;

std::string_view str(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

const json::object& obj(const json::object& o, std::string_view key) {
  static const json::object empty;
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->get_object() : empty;
}

std::optional<double> number(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return std::nullopt;
}

// The document went away under a command; the next document can take it again.
bool context_gone(const Failure& f) {
  static constexpr std::array<std::string_view, 5> kMessages = {
      "Inspected target navigated or closed", "Execution context was destroyed",
      "Cannot find context with specified id", "Cannot find default execution context",
      "uniqueContextId not found"};
  if (f.reason != "protocol error") return false;
  return std::any_of(kMessages.begin(), kMessages.end(),
                     [&](std::string_view m) { return f.detail.find(m) != std::string::npos; });
}

std::string exception_text(const json::object& details) {
  const auto& exception = obj(details, "exception");
  if (auto d = str(exception, "description"); !d.empty()) return std::string(d);
  if (const auto* v = exception.if_contains("value"); v != nullptr) return json::serialize(*v);
  if (auto t = str(details, "text"); !t.empty()) return std::string(t);
  return "an exception was thrown";
}

}  // namespace

Millis PageSession::Op::remaining() const {
  return std::chrono::duration_cast<Millis>(deadline - Clock::now());
}

PageSession::Op PageSession::make_op(std::string label, Millis timeout) {
  const auto now = Clock::now();
  return Op{std::move(label), now, now + timeout, timeout};
}

template <class T>
void PageSession::finish(Done<T> done, Result<T> result) {
  asio::post(io_, [done = std::move(done), result = std::move(result)]() mutable {
    done(std::move(result));
  });
}

template void PageSession::finish<Unit>(Done<Unit>, Result<Unit>);
template void PageSession::finish<bool>(Done<bool>, Result<bool>);
template void PageSession::finish<double>(Done<double>, Result<double>);
template void PageSession::finish<std::string>(Done<std::string>, Result<std::string>);
template void PageSession::finish<json::value>(Done<json::value>, Result<json::value>);
template void PageSession::finish<NavigateResult>(Done<NavigateResult>, Result<NavigateResult>);

PageSession::PageSession(asio::io_context& io, std::shared_ptr<cdp::Client> client, Ids ids,
                         telemetry::Recorder* recorder, bool measure_in_page)
    : io_(io),
      client_(std::move(client)),
      ids_(std::move(ids)),
      measure_in_page_(measure_in_page),
      telemetry_(recorder ? std::make_unique<wire::PageTelemetry>(*recorder) : nullptr) {}

PageSession::~PageSession() = default;

void PageSession::attach() {
  std::weak_ptr<PageSession> weak = shared_from_this();
  client_->add_session(ids_.session, cdp::SessionHandler{[weak](std::string_view method,
                                                                const json::object& params) {
                                                           if (auto self = weak.lock())
                                                             self->on_event(method, params);
                                                         },
                                                         [weak](const Failure& failure) {
                                                           if (auto self = weak.lock())
                                                             self->on_close(failure);
                                                         }});
}

void PageSession::initialize(Millis timeout, Done<Unit> done) {
  const auto op = make_op("open_page", timeout);
  json::object network;
  network["maxTotalBufferSize"] = kNetworkBufferBytes;
  network["maxResourceBufferSize"] = kNetworkBufferBytes;
  std::vector<std::pair<std::string, json::object>> batch = {
      {"Page.enable", {}},
      {"Runtime.enable", {}},
      {"Network.enable", std::move(network)},
      {"Inspector.enable", {}},
      {"Page.setLifecycleEventsEnabled", {{"enabled", true}}},
      {"Runtime.addBinding", {{"name", kBindingName}}},
      {"Page.addScriptToEvaluateOnNewDocument", {{"source", injected_script(measure_in_page_)}}},
      // The about:blank document exists already; it gets the helper too.
      {"Runtime.evaluate", {{"expression", injected_script(measure_in_page_)}}},
  };
  struct State {
    std::size_t left;
    std::optional<Failure> failure;
    Done<Unit> done;
  };
  auto state = std::make_shared<State>(State{batch.size(), std::nullopt, std::move(done)});
  for (auto& [method, params] : batch) {
    call(method, std::move(params), op,
         [self = shared_from_this(), state, op](cdp::CommandResult r) {
           if (!r && !state->failure) state->failure = self->describe(op, r.failure());
           if (--state->left > 0) return;
           if (state->failure) {
             self->finish<Unit>(std::move(state->done), *state->failure);
           } else {
             self->finish<Unit>(std::move(state->done), ok());
           }
         });
  }
}

void PageSession::close() {
  const bool was_dead = dead_.has_value();
  if (!was_dead) dead_ = Failure{"stopped", "the page was closed"};
  client_->close_session(ids_.session, *dead_);
  if (!was_dead) on_close(*dead_);
  if (client_->closed()) return;
  // Disposing the context closes its target; nothing waits for the answer.
  client_->send("", "Target.disposeBrowserContext", {{"browserContextId", ids_.browser_context}},
                Millis{5000}, [context = ids_.browser_context](cdp::CommandResult r) {
                  if (!r)
                    spdlog::debug("browser: disposing context {}: {}", context, r.failure().detail);
                });
}

Failure PageSession::dead_failure(const Op& op) const {
  return Failure{dead_->reason, op.label + ": " + dead_->detail};
}

Failure PageSession::describe(const Op& op, const Failure& failure) const {
  return Failure{failure.reason, op.label + ": " + failure.detail};
}

void PageSession::call(std::string_view method, json::object params, const Op& op, Callback cb) {
  if (dead_) {
    asio::post(io_, [cb = std::move(cb), failure = *dead_] { cb(failure); });
    return;
  }
  const auto timeout = std::max(op.remaining(), Millis{0}) + kAnswerGrace;
  client_->send(ids_.session, method, std::move(params), timeout, std::move(cb));
}

void PageSession::call_browser(std::string_view method, json::object params, const Op& op,
                               Callback cb) {
  if (dead_) {
    asio::post(io_, [cb = std::move(cb), failure = *dead_] { cb(failure); });
    return;
  }
  const auto timeout = std::max(op.remaining(), Millis{0}) + kAnswerGrace;
  client_->send("", method, std::move(params), timeout, std::move(cb));
}

void PageSession::helper(const Op& op, std::string fn, json::array args, bool retry,
                         ValueCallback cb, bool reinstalled) {
  if (dead_) {
    asio::post(io_, [cb = std::move(cb), failure = dead_failure(op)] { cb(failure); });
    return;
  }
  const auto remaining = op.remaining();
  if (remaining.count() <= 0) {
    asio::post(io_, [cb = std::move(cb), label = op.label, span = format_duration(op.timeout)] {
      cb(Failure{"timeout", label + ": the document changed and the time ran out within " + span});
    });
    return;
  }

  std::string expression = "globalThis.__liveload ? globalThis.__liveload.";
  expression += fn;
  expression += '(';
  for (const auto& arg : args) {
    expression += json::serialize(arg);
    expression += ',';
  }
  expression += std::to_string(remaining.count());
  expression += ',';
  expression += json::serialize(json::value(format_duration(op.timeout)));
  expression += ") : {ok: false, reason: 'no helper'}";

  json::object params{
      {"expression", std::move(expression)}, {"awaitPromise", true}, {"returnByValue", true}};
  call("Runtime.evaluate", std::move(params), op,
       [self = shared_from_this(), op, fn = std::move(fn), args = std::move(args), retry,
        cb = std::move(cb), reinstalled](cdp::CommandResult r) mutable {
         if (!r) {
           if (retry && !self->dead_ && context_gone(r.failure())) {
             self->wait_for_context(op, [self, op, fn = std::move(fn), args = std::move(args),
                                         retry, cb = std::move(cb)]() mutable {
               self->helper(op, std::move(fn), std::move(args), retry, std::move(cb));
             });
             return;
           }
           if (context_gone(r.failure())) {
             cb(Failure{"navigation", op.label + ": the page navigated away meanwhile"});
             return;
           }
           cb(self->describe(op, r.failure()));
           return;
         }
         const auto& result = r.value();
         if (const auto* details = result.if_contains("exceptionDetails");
             details != nullptr && details->is_object()) {
           cb(Failure{"script error", op.label + ": " + exception_text(details->get_object())});
           return;
         }
         const auto* value = obj(result, "result").if_contains("value");
         if (value == nullptr || !value->is_object()) {
           cb(Failure{"script error", op.label + ": the helper script returned no outcome"});
           return;
         }
         const auto& outcome = value->get_object();
         if (const auto* good = outcome.if_contains("ok");
             good != nullptr && good->is_bool() && good->get_bool()) {
           const auto* v = outcome.if_contains("value");
           cb(v != nullptr ? *v : json::value());
           return;
         }
         if (str(outcome, "reason") == "no helper" && !reinstalled) {
           // A document the new-document script did not reach (an error page, a document
           // that was open before): install the helper, then try once more.
           self->call(
               "Runtime.evaluate", {{"expression", injected_script(self->measure_in_page_)}}, op,
               [self, op, fn = std::move(fn), args = std::move(args), retry,
                cb = std::move(cb)](cdp::CommandResult) mutable {
                 self->helper(op, std::move(fn), std::move(args), retry, std::move(cb), true);
               });
           return;
         }
         std::string reason(str(outcome, "reason"));
         std::string detail(str(outcome, "detail"));
         if (reason.empty()) reason = "script error";
         if (detail.empty()) detail = "the helper script is not available in this document";
         cb(Failure{std::move(reason), op.label + ": " + detail});
       });
}

void PageSession::wait_for_context(const Op& op, std::function<void()> resume) {
  auto waiter = std::make_shared<ContextWaiter>();
  waiter->resume = std::move(resume);
  waiter->timer = std::make_unique<asio::steady_timer>(io_);
  waiter->timer->expires_after(std::clamp(op.remaining(), Millis{0}, kContextFallback));
  waiter->timer->async_wait([weak = weak_from_this(), waiter](boost::system::error_code ec) {
    if (ec) return;
    auto self = weak.lock();
    if (!self) return;
    auto& list = self->context_waiters_;
    list.erase(std::remove(list.begin(), list.end(), waiter), list.end());
    if (auto resume = std::move(waiter->resume)) resume();
  });
  context_waiters_.push_back(std::move(waiter));
}

void PageSession::resume_context_waiters() {
  auto waiters = std::move(context_waiters_);
  context_waiters_.clear();
  for (auto& w : waiters) {
    w->timer->cancel();
    if (auto resume = std::move(w->resume)) asio::post(io_, std::move(resume));
  }
}

void PageSession::input_sequence(const Op& op,
                                 std::vector<std::pair<std::string, json::object>> commands,
                                 Callback cb) {
  struct State {
    std::size_t left;
    std::optional<Failure> failure;
    Callback cb;
  };
  auto state = std::make_shared<State>(State{commands.size(), std::nullopt, std::move(cb)});
  // CDP handles a session's commands in order, so they need not wait for each other; only the
  // last answer is awaited (one round trip for the whole gesture).
  for (auto& [method, params] : commands) {
    call(method, std::move(params), op, [state](cdp::CommandResult r) {
      if (!r && !state->failure) state->failure = r.failure();
      if (--state->left > 0) return;
      if (state->failure) {
        state->cb(*state->failure);
      } else {
        state->cb(std::move(r));
      }
    });
  }
}

void PageSession::crash(Millis timeout, Done<Unit> done) {
  auto op = make_op("crash", timeout);
  // The renderer dies before it can answer; Inspector.targetCrashed then ends the session,
  // which fails this command. Either way the page is gone.
  call("Page.crash", {}, op, [self = shared_from_this(), done](cdp::CommandResult) mutable {
    self->finish<Unit>(std::move(done), ok());
  });
}

// --- events --------------------------------------------------------------------------------

PageSession::DocumentInfo& PageSession::document(const std::string& loader) {
  for (auto& d : documents_) {
    if (d.loader == loader) return d;
  }
  if (documents_.size() >= kDocumentsKept) documents_.pop_front();
  documents_.push_back(DocumentInfo{loader, std::nullopt, std::nullopt, 0, ""});
  return documents_.back();
}

void PageSession::on_event(std::string_view method, const json::object& params) {
  if (telemetry_) telemetry_->on_event(method, params, committed_url_);
  const bool main_frame = str(params, "frameId") == ids_.target;

  if (method == "Page.lifecycleEvent") {
    if (main_frame && str(params, "name") == "load") {
      document(std::string(str(params, "loaderId"))).load_time = number(params, "timestamp");
      check_navigation();
    }
  } else if (method == "Network.requestWillBeSent") {
    if (main_frame && str(params, "type") == "Document" &&
        str(params, "requestId") == str(params, "loaderId")) {
      auto& doc = document(std::string(str(params, "loaderId")));
      // Redirects repeat the event for the same request; the first one started it.
      if (!doc.request_time) doc.request_time = number(params, "timestamp");
    }
  } else if (method == "Network.responseReceived") {
    if (main_frame && str(params, "type") == "Document") {
      const auto& response = obj(params, "response");
      auto& doc = document(std::string(str(params, "loaderId")));
      doc.status = static_cast<int>(number(response, "status").value_or(0));
      doc.url = str(response, "url");
    }
  } else if (method == "Network.loadingFailed") {
    // Only main-frame documents are in documents_ (requestWillBeSent above); a canceled one was
    // replaced by another navigation, which the wait follows instead.
    const auto request = str(params, "requestId");
    const auto* canceled = params.if_contains("canceled");
    const bool was_canceled = canceled != nullptr && canceled->is_bool() && canceled->get_bool();
    const bool ours =
        navigation_ && (navigation_->loader.empty() || navigation_->loader == request);
    if (ours && !was_canceled && str(params, "type") == "Document" &&
        std::any_of(documents_.begin(), documents_.end(),
                    [&](const DocumentInfo& d) { return d.loader == request; })) {
      fail_navigation(Failure{"navigation failed", navigation_->op.label + ": " +
                                                       std::string(str(params, "errorText"))});
    }
  } else if (method == "Page.frameNavigated") {
    const auto& frame = obj(params, "frame");
    if (str(frame, "id") == ids_.target && frame.if_contains("parentId") == nullptr) {
      committed_loader_ = str(frame, "loaderId");
      committed_url_ = str(frame, "url");
      document(committed_loader_).url = committed_url_;
      // Whatever commits after a navigation was asked for is where it ends up (a client-side
      // redirect follows its document), so the wait follows the newest commit.
      if (navigation_) navigation_->loader = committed_loader_;
      check_navigation();
    }
  } else if (method == "Page.navigatedWithinDocument") {
    if (main_frame) committed_url_ = str(params, "url");
  } else if (method == "Runtime.executionContextCreated") {
    const auto& aux = obj(obj(params, "context"), "auxData");
    const auto* is_default = aux.if_contains("isDefault");
    if (str(aux, "frameId") == ids_.target && is_default != nullptr && is_default->is_bool() &&
        is_default->get_bool()) {
      resume_context_waiters();
    }
  } else if (method == "Runtime.bindingCalled") {
    if (str(params, "name") == kBindingName) on_binding(params);
  } else if (method == "Input.dragIntercepted") {
    intercepted_drag_ = obj(params, "data");
    if (auto resume = std::move(on_drag_intercepted_)) resume();
  } else if (method == "Page.javascriptDialogOpening") {
    // A dialog blocks the page's script until someone answers it; users of a load test do not.
    const bool accept = str(params, "type") == "beforeunload";
    spdlog::debug("page {}: dismissing a {} dialog", ids_.target, str(params, "type"));
    call("Page.handleJavaScriptDialog", {{"accept", accept}}, make_op("dialog", Millis{5000}),
         [](cdp::CommandResult) {});
  } else if (method == "Inspector.targetCrashed") {
    spdlog::warn("page {}: the renderer crashed", ids_.target);
    client_->close_session(ids_.session, Failure{"browser crashed", "the page crashed"});
  }
}

void PageSession::on_binding(const json::object& params) {
  boost::system::error_code ec;
  auto parsed = json::parse(str(params, "payload"), ec);
  if (ec || !parsed.is_object()) return;
  const auto& event = parsed.get_object();
  if (str(event, "type") == "storage-restored") {
    const auto token = static_cast<long long>(number(event, "token").value_or(0));
    auto it = restore_scripts_.find(token);
    if (it == restore_scripts_.end()) return;
    call("Page.removeScriptToEvaluateOnNewDocument", {{"identifier", it->second}},
         make_op("restore_storage", Millis{5000}), [](cdp::CommandResult) {});
    restore_scripts_.erase(it);
    return;
  }
  // The telemetry block's reports are for the recorder only, with or without one.
  const auto type = str(event, "type");
  const bool telemetry_only = type.starts_with("lv-") || type == "vitals";
  if (telemetry_) telemetry_->on_report(event);
  if (!telemetry_only && listener_) listener_(event);
}

void PageSession::on_close(const Failure& failure) {
  if (!dead_) dead_ = failure;
  if (telemetry_) telemetry_->page_closed();
  fail_navigation(Failure{
      dead_->reason, navigation_ ? navigation_->op.label + ": " + dead_->detail : dead_->detail});
  // Waiters resume into helper(), which sees the page is dead and fails at once.
  resume_context_waiters();
  if (auto resume = std::move(on_drag_intercepted_)) resume();
  restore_scripts_.clear();
}

// --- navigation ----------------------------------------------------------------------------

void PageSession::start_navigation(Op op, std::string url, Done<NavigateResult> done) {
  if (navigation_) {
    fail_navigation(
        Failure{"navigation failed", navigation_->op.label + ": another navigation replaced it"});
  }
  auto timer = std::make_unique<asio::steady_timer>(io_);
  timer->expires_at(op.deadline);
  timer->async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || !self->navigation_) return;
    const auto& nav = *self->navigation_;
    self->fail_navigation(Failure{
        "timeout", nav.op.label + ": no load event within " + format_duration(nav.op.timeout)});
  });
  navigation_ = Navigation{std::move(op), std::move(done), "", std::move(timer), std::move(url)};
}

void PageSession::check_navigation() {
  if (!navigation_ || navigation_->loader.empty()) return;
  const DocumentInfo* doc = nullptr;
  for (const auto& d : documents_) {
    if (d.loader == navigation_->loader) doc = &d;
  }
  if (doc == nullptr || !doc->load_time) return;

  NavigateResult result;
  result.status = doc->status;
  result.url = !doc->url.empty() ? doc->url : committed_url_;
  if (doc->request_time && *doc->load_time >= *doc->request_time) {
    result.duration_us = (*doc->load_time - *doc->request_time) * 1e6;
  } else {
    result.duration_us =
        std::chrono::duration<double, std::micro>(Clock::now() - navigation_->op.start).count();
  }
  auto nav = std::move(*navigation_);
  navigation_.reset();
  nav.timer->cancel();
  finish<NavigateResult>(std::move(nav.done), std::move(result));
}

void PageSession::fail_navigation(const Failure& failure) {
  if (!navigation_) return;
  auto nav = std::move(*navigation_);
  navigation_.reset();
  nav.timer->cancel();
  finish<NavigateResult>(std::move(nav.done), failure);
}

void PageSession::navigate(const std::string& url, Millis timeout, Done<NavigateResult> done) {
  auto op = make_op("navigate " + url, timeout);
  if (dead_) {
    finish<NavigateResult>(std::move(done), dead_failure(op));
    return;
  }
  if (telemetry_) telemetry_->navigation_requested();
  start_navigation(op, url, std::move(done));
  call("Page.navigate", {{"url", url}}, op, [self = shared_from_this(), op](cdp::CommandResult r) {
    if (!self->navigation_ || self->navigation_->op.start != op.start) return;
    if (!r) {
      const auto& f = r.failure();
      // The browser refuses some URLs outright ("Cannot navigate to invalid URL").
      self->fail_navigation(f.reason == "protocol error"
                                ? Failure{"navigation failed", op.label + ": " + f.detail}
                                : self->describe(op, f));
      return;
    }
    const auto& result = r.value();
    if (auto error = str(result, "errorText"); !error.empty()) {
      self->fail_navigation(Failure{"navigation failed", op.label + ": " + std::string(error)});
      return;
    }
    const auto loader = str(result, "loaderId");
    if (loader.empty()) {
      // A same-document navigation (a #fragment): there is no load event to wait for.
      auto nav = std::move(*self->navigation_);
      self->navigation_.reset();
      nav.timer->cancel();
      NavigateResult same;
      for (const auto& d : self->documents_) {
        if (d.loader == self->committed_loader_) same.status = d.status;
      }
      same.url = nav.requested_url;
      same.duration_us = std::chrono::duration<double, std::micro>(Clock::now() - op.start).count();
      self->finish<NavigateResult>(std::move(nav.done), std::move(same));
      return;
    }
    // A commit seen before this answer already named the loader to wait for.
    if (self->navigation_->loader.empty()) self->navigation_->loader = loader;
    self->check_navigation();
  });
}

void PageSession::reload(Millis timeout, Done<NavigateResult> done) {
  auto op = make_op("reload", timeout);
  if (dead_) {
    finish<NavigateResult>(std::move(done), dead_failure(op));
    return;
  }
  if (telemetry_) telemetry_->navigation_requested();
  // Page.reload names no loader; the next main-frame commit does.
  start_navigation(op, "", std::move(done));
  call("Page.reload", {}, op, [self = shared_from_this(), op](cdp::CommandResult r) {
    if (r || !self->navigation_ || self->navigation_->op.start != op.start) return;
    self->fail_navigation(Failure{"navigation failed", op.label + ": " + r.failure().detail});
  });
}

}  // namespace liveload::engine
