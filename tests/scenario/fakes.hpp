#pragma once
// Test doubles for the scenario layer: a Page whose operations complete later on the io_context
// (never inside the call, as the real engine), scriptable per operation and selector, and a
// Recorder that keeps every call.
#include <boost/asio/io_context.hpp>
#include <boost/json/value.hpp>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/page.hpp"
#include "telemetry/recorder.hpp"

namespace liveload::scenario::testing {

using engine::Millis;

struct PageCall {
  std::string op;                 // "click"
  std::vector<std::string> args;  // selector, text, ...
  Millis timeout{0};
};

struct Reply {
  std::optional<Failure> failure;  // success when empty
  Millis delay{0};                 // simulated time before the completion
  bool hold = false;               // completes only when release_held() is called
};

class FakePage : public engine::Page {
 public:
  explicit FakePage(boost::asio::io_context& io) : io_(io) {}

  // How `op` on `first_arg` (or on anything, with "") completes.
  void reply(const std::string& op, const std::string& first_arg, Reply r) {
    replies_[{op, first_arg}] = std::move(r);
  }
  // Completes every held operation now, successfully: a late completion.
  void release_held();
  size_t held() const { return held_.size(); }

  std::vector<PageCall> calls;
  // text(selector) answers the front of its queue, dropping it unless it is the last one.
  std::map<std::string, std::deque<std::string>> texts;
  // When set, text() answers from it and wait_for_text() succeeds only if it contains the text.
  std::function<std::string(const std::string&)> text_of;
  // Runs for every operation as it starts, before the reply: a model of the page's state.
  std::function<void(const PageCall&)> on_call;
  // Completes inside the call that started the operation, which the real engine never does.
  bool complete_inline = false;

  engine::NavigateResult navigation{200, "", 1500};
  double join_us = 2500;
  bool visible = true;
  bool checked = false;
  boost::json::value attribute_value;  // null: a missing attribute
  boost::json::value evaluate_value;
  boost::json::value snapshot;

  bool alive() const override { return true; }
  void navigate(const std::string& url, Millis timeout,
                engine::Done<engine::NavigateResult> done) override;
  void reload(Millis timeout, engine::Done<engine::NavigateResult> done) override;
  void wait_for_liveview(Millis timeout, engine::Done<double> done) override;
  void ensure_liveview(Millis timeout, engine::Done<Unit> done) override;
  void wait_for_loading(engine::LoadingKind kind, const std::string& selector, Millis timeout,
                        engine::Done<Unit> done) override;
  void submit(const std::string& form_selector, Millis timeout, engine::Done<Unit> done) override;
  void click(const std::string& selector, Millis timeout, engine::Done<Unit> done) override;
  void hover(const std::string& selector, Millis timeout, engine::Done<Unit> done) override;
  void fill(const std::string& selector, const std::string& text, Millis timeout,
            engine::Done<Unit> done) override;
  void clear(const std::string& selector, Millis timeout, engine::Done<Unit> done) override;
  void press(const std::string& selector, const std::string& key, Millis timeout,
             engine::Done<Unit> done) override;
  void set_checked(const std::string& selector, bool checked, Millis timeout,
                   engine::Done<Unit> done) override;
  void select_option(const std::string& selector, const std::vector<std::string>& values,
                     Millis timeout, engine::Done<Unit> done) override;
  void focus(const std::string& selector, Millis timeout, engine::Done<Unit> done) override;
  void blur(const std::string& selector, Millis timeout, engine::Done<Unit> done) override;
  void drag_and_drop(const std::string& source, const std::string& target, Millis timeout,
                     engine::Done<Unit> done) override;
  void wait_for(const std::string& selector, engine::ElementState state, Millis timeout,
                engine::Done<Unit> done) override;
  void wait_for_text(const std::string& selector, const std::string& text, Millis timeout,
                     engine::Done<Unit> done) override;
  void text(const std::string& selector, Millis timeout, engine::Done<std::string> done) override;
  void inner_html(const std::string& selector, Millis timeout,
                  engine::Done<std::string> done) override;
  void input_value(const std::string& selector, Millis timeout,
                   engine::Done<std::string> done) override;
  void attribute(const std::string& selector, const std::string& name, Millis timeout,
                 engine::Done<boost::json::value> done) override;
  void is_visible(const std::string& selector, Millis timeout, engine::Done<bool> done) override;
  void is_checked(const std::string& selector, Millis timeout, engine::Done<bool> done) override;
  void content(Millis timeout, engine::Done<std::string> done) override;
  void url(Millis timeout, engine::Done<std::string> done) override;
  void evaluate(const std::string& expression, Millis timeout,
                engine::Done<boost::json::value> done) override;
  void storage_snapshot(Millis timeout, engine::Done<boost::json::value> done) override;
  void restore_storage(const boost::json::value& snapshot, Millis timeout,
                       engine::Done<Unit> done) override;
  void clear_storage(Millis timeout, engine::Done<Unit> done) override;

 private:
  template <class T>
  void complete(PageCall call, engine::Done<T> done, T value);
  std::string next_text(const std::string& selector);

  boost::asio::io_context& io_;
  std::map<std::pair<std::string, std::string>, Reply> replies_;
  std::vector<std::function<void()>> held_;
};

class FakeRecorder : public telemetry::Recorder {
 public:
  struct Sample {
    std::string metric;
    telemetry::Tags tags;
    double value;
  };
  struct FailureRecord {
    std::string step, target, reason, message;
  };

  void observe(std::string_view metric, const telemetry::Tags& tags, double value) override {
    observed.push_back({std::string(metric), tags, value});
  }
  void add(std::string_view metric, const telemetry::Tags& tags, double amount) override {
    added.push_back({std::string(metric), tags, amount});
  }
  void gauge(std::string_view metric, const telemetry::Tags& tags, double value) override {
    gauges.push_back({std::string(metric), tags, value});
  }
  void failure(std::string_view step, std::string_view target, std::string_view reason,
               std::string_view message) override {
    failures.push_back(
        {std::string(step), std::string(target), std::string(reason), std::string(message)});
  }

  // The samples of `metric` whose tags equal `tags` (in any order).
  std::vector<double> values(const std::string& metric, telemetry::Tags tags) const;

  std::vector<Sample> observed, added, gauges;
  std::vector<FailureRecord> failures;
};

}  // namespace liveload::scenario::testing
