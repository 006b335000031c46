#include "fakes.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/serialize.hpp>
#include <memory>

namespace liveload::scenario::testing {

template <class T>
void FakePage::complete(PageCall call, engine::Done<T> done, T value) {
  calls.push_back(call);
  if (on_call) on_call(calls.back());

  Reply reply;
  std::string first = call.args.empty() ? "" : call.args[0];
  if (auto exact = replies_.find({call.op, first}); exact != replies_.end()) {
    reply = exact->second;
  } else if (auto any = replies_.find({call.op, ""}); any != replies_.end()) {
    reply = any->second;
  }
  if (!reply.failure && call.op == "wait_for_text" && text_of &&
      text_of(call.args[0]).find(call.args[1]) == std::string::npos) {
    reply.failure = Failure{"timeout", "wait_for_text " + call.args[0] + ": text \"" +
                                           call.args[1] + "\" did not appear"};
  }
  Result<T> result = reply.failure ? Result<T>(*reply.failure) : Result<T>(std::move(value));

  if (reply.hold) {
    held_.push_back([done, result] { done(result); });
    return;
  }
  if (complete_inline) {
    done(std::move(result));
    return;
  }
  if (reply.delay.count() > 0) {
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, reply.delay);
    timer->async_wait([timer, done, result](const boost::system::error_code&) { done(result); });
    return;
  }
  boost::asio::post(io_, [done, result] { done(result); });
}

void FakePage::release_held() {
  auto held = std::move(held_);
  held_.clear();
  for (auto& complete_late : held) complete_late();
}

std::string FakePage::next_text(const std::string& selector) {
  if (text_of) return text_of(selector);
  auto it = texts.find(selector);
  if (it == texts.end() || it->second.empty()) return "";
  std::string value = it->second.front();
  if (it->second.size() > 1) it->second.pop_front();
  return value;
}

void FakePage::navigate(const std::string& url, Millis timeout,
                        engine::Done<engine::NavigateResult> done) {
  complete(PageCall{"navigate", {url}, timeout}, std::move(done), navigation);
}
void FakePage::reload(Millis timeout, engine::Done<engine::NavigateResult> done) {
  complete(PageCall{"reload", {}, timeout}, std::move(done), navigation);
}
void FakePage::wait_for_liveview(Millis timeout, engine::Done<double> done) {
  complete(PageCall{"wait_for_liveview", {}, timeout}, std::move(done), join_us);
}
void FakePage::ensure_liveview(Millis timeout, engine::Done<Unit> done) {
  complete(PageCall{"ensure_liveview", {}, timeout}, std::move(done), Unit{});
}
void FakePage::wait_for_loading(engine::LoadingKind kind, const std::string& selector,
                                Millis timeout, engine::Done<Unit> done) {
  const char* names[] = {"click", "submit", "change", "focus", "blur", "keydown", "keyup"};
  complete(PageCall{"wait_for_loading", {selector, names[static_cast<int>(kind)]}, timeout},
           std::move(done), Unit{});
}
void FakePage::submit(const std::string& form_selector, Millis timeout, engine::Done<Unit> done) {
  complete(PageCall{"submit", {form_selector}, timeout}, std::move(done), Unit{});
}
void FakePage::click(const std::string& selector, Millis timeout, engine::Done<Unit> done) {
  complete(PageCall{"click", {selector}, timeout}, std::move(done), Unit{});
}
void FakePage::hover(const std::string& selector, Millis timeout, engine::Done<Unit> done) {
  complete(PageCall{"hover", {selector}, timeout}, std::move(done), Unit{});
}
void FakePage::fill(const std::string& selector, const std::string& text, Millis timeout,
                    engine::Done<Unit> done) {
  complete(PageCall{"fill", {selector, text}, timeout}, std::move(done), Unit{});
}
void FakePage::clear(const std::string& selector, Millis timeout, engine::Done<Unit> done) {
  complete(PageCall{"clear", {selector}, timeout}, std::move(done), Unit{});
}
void FakePage::press(const std::string& selector, const std::string& key, Millis timeout,
                     engine::Done<Unit> done) {
  complete(PageCall{"press", {selector, key}, timeout}, std::move(done), Unit{});
}
void FakePage::set_checked(const std::string& selector, bool on, Millis timeout,
                           engine::Done<Unit> done) {
  complete(PageCall{"set_checked", {selector, on ? "true" : "false"}, timeout}, std::move(done),
           Unit{});
}
void FakePage::select_option(const std::string& selector, const std::vector<std::string>& values,
                             Millis timeout, engine::Done<Unit> done) {
  std::vector<std::string> args{selector};
  args.insert(args.end(), values.begin(), values.end());
  complete(PageCall{"select_option", args, timeout}, std::move(done), Unit{});
}
void FakePage::focus(const std::string& selector, Millis timeout, engine::Done<Unit> done) {
  complete(PageCall{"focus", {selector}, timeout}, std::move(done), Unit{});
}
void FakePage::blur(const std::string& selector, Millis timeout, engine::Done<Unit> done) {
  complete(PageCall{"blur", {selector}, timeout}, std::move(done), Unit{});
}
void FakePage::drag_and_drop(const std::string& source, const std::string& target, Millis timeout,
                             engine::Done<Unit> done) {
  complete(PageCall{"drag_and_drop", {source, target}, timeout}, std::move(done), Unit{});
}
void FakePage::wait_for(const std::string& selector, engine::ElementState state, Millis timeout,
                        engine::Done<Unit> done) {
  const char* names[] = {"attached", "detached", "visible", "hidden"};
  complete(PageCall{"wait_for", {selector, names[static_cast<int>(state)]}, timeout},
           std::move(done), Unit{});
}
void FakePage::wait_for_text(const std::string& selector, const std::string& text, Millis timeout,
                             engine::Done<Unit> done) {
  complete(PageCall{"wait_for_text", {selector, text}, timeout}, std::move(done), Unit{});
}
void FakePage::text(const std::string& selector, Millis timeout, engine::Done<std::string> done) {
  complete(PageCall{"text", {selector}, timeout}, std::move(done), next_text(selector));
}
void FakePage::inner_html(const std::string& selector, Millis timeout,
                          engine::Done<std::string> done) {
  complete(PageCall{"inner_html", {selector}, timeout}, std::move(done),
           "<b>" + next_text(selector) + "</b>");
}
void FakePage::input_value(const std::string& selector, Millis timeout,
                           engine::Done<std::string> done) {
  complete(PageCall{"input_value", {selector}, timeout}, std::move(done), next_text(selector));
}
void FakePage::attribute(const std::string& selector, const std::string& name, Millis timeout,
                         engine::Done<boost::json::value> done) {
  complete(PageCall{"attribute", {selector, name}, timeout}, std::move(done), attribute_value);
}
void FakePage::is_visible(const std::string& selector, Millis timeout, engine::Done<bool> done) {
  complete(PageCall{"is_visible", {selector}, timeout}, std::move(done), visible);
}
void FakePage::is_checked(const std::string& selector, Millis timeout, engine::Done<bool> done) {
  complete(PageCall{"is_checked", {selector}, timeout}, std::move(done), checked);
}
void FakePage::content(Millis timeout, engine::Done<std::string> done) {
  complete(PageCall{"content", {}, timeout}, std::move(done), std::string("<html></html>"));
}
void FakePage::url(Millis timeout, engine::Done<std::string> done) {
  complete(PageCall{"url", {}, timeout}, std::move(done), std::string("http://page/now"));
}
void FakePage::evaluate(const std::string& expression, Millis timeout,
                        engine::Done<boost::json::value> done) {
  complete(PageCall{"evaluate", {expression}, timeout}, std::move(done), evaluate_value);
}
void FakePage::storage_snapshot(Millis timeout, engine::Done<boost::json::value> done) {
  complete(PageCall{"storage_snapshot", {}, timeout}, std::move(done), snapshot);
}
void FakePage::restore_storage(const boost::json::value& s, Millis timeout,
                               engine::Done<Unit> done) {
  complete(PageCall{"restore_storage", {boost::json::serialize(s)}, timeout}, std::move(done),
           Unit{});
}
void FakePage::clear_storage(Millis timeout, engine::Done<Unit> done) {
  complete(PageCall{"clear_storage", {}, timeout}, std::move(done), Unit{});
}

std::vector<double> FakeRecorder::values(const std::string& metric, telemetry::Tags tags) const {
  std::sort(tags.begin(), tags.end());
  std::vector<double> out;
  for (const Sample& s : observed) {
    telemetry::Tags have = s.tags;
    std::sort(have.begin(), have.end());
    if (s.metric == metric && have == tags) out.push_back(s.value);
  }
  return out;
}

}  // namespace liveload::scenario::testing
