#pragma once
// One attached page target: its CDP session, what its events say about the document (main frame
// commits, load events, the document's response, the live execution context), and the page
// operations built on them. Owned through a shared_ptr so that the callbacks of its commands
// stay valid; CdpPage (cdp_page.hpp) is the Page handed to users.
//
// Failure details name the operation and its argument first ("click #inc: ..."); reasons are
// those of Failure, plus "invalid selector", "invalid key", "invalid value", "not a form",
// "not a select", "not fillable", "not checkable", "not an input", "submit failed" and
// "action failed" for elements that cannot take the operation, and "navigation" for an operation
// whose document went away while it ran and that cannot be retried in the next one.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/browser/cdp_client.hpp"
#include "engine/page.hpp"
#include "engine/wire/page_telemetry.hpp"
#include "telemetry/recorder.hpp"

namespace liveload::engine {

// What the injected script reports through the binding ("liveview-connected",
// "page-loading-start", "page-loading-stop"), for telemetry.
using PageEventListener = std::function<void(const boost::json::object& event)>;

class PageSession : public std::enable_shared_from_this<PageSession> {
 public:
  struct Ids {
    std::string session;          // CDP sessionId of the page
    std::string target;           // targetId, which is also the main frame's id
    std::string browser_context;  // the user's browser context
  };

  // With a `recorder`, the page's telemetry (engine/wire/page_telemetry.hpp) records into it;
  // `measure_in_page` = false installs the helper script without its telemetry block.
  PageSession(boost::asio::io_context& io, std::shared_ptr<cdp::Client> client, Ids ids,
              telemetry::Recorder* recorder = nullptr, bool measure_in_page = true);
  PageSession(const PageSession&) = delete;
  PageSession& operator=(const PageSession&) = delete;
  ~PageSession();

  // Subscribes to the session's events; call once, right after attaching.
  void attach();
  // Enables the domains the page needs and installs the helper script, in one pipelined batch.
  void initialize(Millis timeout, Done<Unit> done);
  // Marks the page closed, fails what waits on it, and disposes its browser context.
  void close();

  bool alive() const { return !dead_; }
  const Ids& ids() const { return ids_; }
  void set_event_listener(PageEventListener listener) { listener_ = std::move(listener); }

  void navigate(const std::string& url, Millis timeout, Done<NavigateResult> done);
  void reload(Millis timeout, Done<NavigateResult> done);
  void wait_for_liveview(Millis timeout, Done<double> done);
  void ensure_liveview(Millis timeout, Done<Unit> done);
  void wait_for_loading(LoadingKind kind, const std::string& selector, Millis timeout,
                        Done<Unit> done);
  void submit(const std::string& form_selector, Millis timeout, Done<Unit> done);

  void click(const std::string& selector, Millis timeout, Done<Unit> done);
  void hover(const std::string& selector, Millis timeout, Done<Unit> done);
  void fill(const std::string& selector, const std::string& text, Millis timeout, Done<Unit> done);
  void press(const std::string& selector, const std::string& key, Millis timeout, Done<Unit> done);
  void set_checked(const std::string& selector, bool checked, Millis timeout, Done<Unit> done);
  void select_option(const std::string& selector, const std::vector<std::string>& values,
                     Millis timeout, Done<Unit> done);
  void focus(const std::string& selector, bool focus, Millis timeout, Done<Unit> done);
  void drag_and_drop(const std::string& source, const std::string& target, Millis timeout,
                     Done<Unit> done);

  void wait_for(const std::string& selector, ElementState state, Millis timeout, Done<Unit> done);
  void wait_for_text(const std::string& selector, const std::string& text, Millis timeout,
                     Done<Unit> done);
  // `what` is "text", "html", "value" or "attribute" (then `name` is the attribute).
  void read(const std::string& label, const std::string& selector, const std::string& what,
            const std::string& name, Millis timeout, Done<boost::json::value> done);
  void check(const std::string& selector, const std::string& what, Millis timeout, Done<bool> done);
  void content(Millis timeout, Done<std::string> done);
  void url(Millis timeout, Done<std::string> done);
  void evaluate(const std::string& expression, Millis timeout, Done<boost::json::value> done);

  void storage_snapshot(Millis timeout, Done<boost::json::value> done);
  void restore_storage(const boost::json::value& snapshot, Millis timeout, Done<Unit> done);
  void clear_storage(Millis timeout, Done<Unit> done);
  // Crashes the page's renderer (Page.crash), as a renderer bug would.
  void crash(Millis timeout, Done<Unit> done);

  // One running operation: its label for messages, its deadline, its timeout as written.
  struct Op {
    std::string label;
    cdp::Clock::time_point start;
    cdp::Clock::time_point deadline;
    Millis timeout;

    Millis remaining() const;
    bool expired() const { return remaining().count() <= 0; }
  };

 private:
  using Callback = std::function<void(cdp::CommandResult)>;
  using ValueCallback = std::function<void(Result<boost::json::value>)>;

  struct Point {
    double x = 0;
    double y = 0;
    std::optional<bool> checked;
  };

  struct Navigation {
    Op op;
    Done<NavigateResult> done;
    std::string loader;  // the loaderId whose load event ends the wait, "" until known
    std::unique_ptr<boost::asio::steady_timer> timer;
    std::string requested_url;  // "" for a reload
  };

  struct DocumentInfo {
    std::string loader;
    std::optional<double> request_time;  // Network.requestWillBeSent timestamp, seconds
    std::optional<double> load_time;     // the load lifecycle event's timestamp
    int status = 0;
    std::string url;
  };

  struct ContextWaiter {
    std::function<void()> resume;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };

  // --- primitives (page_session.cpp)
  static Op make_op(std::string label, Millis timeout);
  template <class T>
  void finish(Done<T> done, Result<T> result);
  Failure dead_failure(const Op& op) const;
  Failure describe(const Op& op, const Failure& failure) const;
  void call(std::string_view method, boost::json::object params, const Op& op, Callback cb);
  void call_browser(std::string_view method, boost::json::object params, const Op& op, Callback cb);
  // Calls __liveload.<fn>(args..., remaining ms, timeout text) and unwraps its outcome.
  // `retry` re-runs it in the next document when the current one goes away meanwhile.
  void helper(const Op& op, std::string fn, boost::json::array args, bool retry, ValueCallback cb,
              bool reinstalled = false);
  void wait_for_context(const Op& op, std::function<void()> resume);
  void resume_context_waiters();
  // Input events sent back to back; `cb` gets the first failure or the last answer.
  void input_sequence(const Op& op, std::vector<std::pair<std::string, boost::json::object>>,
                      Callback cb);
  struct PointOptions {
    bool enabled = true;     // wait until the element is enabled
    bool checkable = false;  // the element must be a checkbox or radio button
    bool drag = false;       // watch for an HTML5 drag starting from it
  };
  void actionable_point(const Op& op, const std::string& selector, PointOptions options,
                        std::function<void(Result<Point>)> cb);
  // The second half of drag_and_drop, once the button is down over the target.
  void drop(const Op& op, const Point& at, Done<Unit> done);
  void mouse_click(const Op& op, const Point& p, Callback cb);

  // --- events (page_session.cpp)
  void on_event(std::string_view method, const boost::json::object& params);
  void on_close(const Failure& failure);
  void on_binding(const boost::json::object& params);
  DocumentInfo& document(const std::string& loader);
  void start_navigation(Op op, std::string url, Done<NavigateResult> done);
  void check_navigation();
  void fail_navigation(const Failure& failure);

  boost::asio::io_context& io_;
  std::shared_ptr<cdp::Client> client_;
  Ids ids_;
  std::optional<Failure> dead_;
  bool context_alive_ = true;
  std::vector<std::shared_ptr<ContextWaiter>> context_waiters_;
  std::optional<Navigation> navigation_;
  std::deque<DocumentInfo> documents_;  // the main frame's last few documents, newest last
  std::string committed_loader_;
  std::string committed_url_;
  PageEventListener listener_;
  bool measure_in_page_ = true;
  std::unique_ptr<wire::PageTelemetry> telemetry_;
  std::map<long long, std::string> restore_scripts_;  // token -> script identifier
  long long next_restore_token_ = 1;
  std::optional<boost::json::object> intercepted_drag_;
  std::function<void()> on_drag_intercepted_;
};

}  // namespace liveload::engine
