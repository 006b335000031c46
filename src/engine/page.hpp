#pragma once
// The page operations a virtual user performs, independent of how they are carried out: the
// browser engine (engine/browser) implements them over CDP; tests implement them with fakes.
//
// Every operation is asynchronous and single-threaded: it is started on the worker's event loop
// and its `done` callback runs later on that same loop, exactly once, even when the browser dies
// (then with Failure{"browser crashed", ...}) or the deadline passes (Failure{"timeout", ...}).
// `done` never runs inside the call that started the operation.
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace liveload::engine {

using Millis = std::chrono::milliseconds;
template <class T>
using Done = std::function<void(Result<T>)>;

// The states of wait_for, as in Playwright.
enum class ElementState { attached, detached, visible, hidden };

// phx-<kind>-loading classes the LiveView client puts on an element while the server handles it.
enum class LoadingKind { click, submit, change, focus, blur, keydown, keyup };

struct NavigateResult {
  int status = 0;          // HTTP status of the main document, 0 if unknown
  std::string url;         // final URL after redirects
  double duration_us = 0;  // navigation start to the load event
};

class Page {
 public:
  virtual ~Page() = default;

  // False once the page's browser process died or the page crashed; every later operation fails
  // with "browser crashed". The runner then opens a new page for the user.
  virtual bool alive() const = 0;

  // Loads `url` (absolute) and waits for its load event.
  virtual void navigate(const std::string& url, Millis timeout, Done<NavigateResult> done) = 0;
  virtual void reload(Millis timeout, Done<NavigateResult> done) = 0;

  // Waits until the main LiveView container carries phx-connected. The value is the join time:
  // the current document's navigation start until phx-connected, in microseconds.
  virtual void wait_for_liveview(Millis timeout, Done<double> done) = 0;
  // Fails with reason "not a liveview" unless the page has an element with data-phx-session.
  virtual void ensure_liveview(Millis timeout, Done<Unit> done) = 0;
  // Waits until the element matching `selector` no longer carries phx-<kind>-loading.
  virtual void wait_for_loading(LoadingKind kind, const std::string& selector, Millis timeout,
                                Done<Unit> done) = 0;
  // Submits the form (as a user pressing its submit button would) and waits until its
  // phx-submit-loading class is removed.
  virtual void submit(const std::string& form_selector, Millis timeout, Done<Unit> done) = 0;

  // Input, through CDP input events at the element's box once it is attached, visible, stable
  // and not covered by another element.
  virtual void click(const std::string& selector, Millis timeout, Done<Unit> done) = 0;
  virtual void hover(const std::string& selector, Millis timeout, Done<Unit> done) = 0;
  virtual void fill(const std::string& selector, const std::string& text, Millis timeout,
                    Done<Unit> done) = 0;
  virtual void clear(const std::string& selector, Millis timeout, Done<Unit> done) = 0;
  // `key` in Playwright's names: "Enter", "a", "ArrowDown", "Control+a".
  virtual void press(const std::string& selector, const std::string& key, Millis timeout,
                     Done<Unit> done) = 0;
  virtual void set_checked(const std::string& selector, bool checked, Millis timeout,
                           Done<Unit> done) = 0;
  virtual void select_option(const std::string& selector, const std::vector<std::string>& values,
                             Millis timeout, Done<Unit> done) = 0;
  virtual void focus(const std::string& selector, Millis timeout, Done<Unit> done) = 0;
  virtual void blur(const std::string& selector, Millis timeout, Done<Unit> done) = 0;
  virtual void drag_and_drop(const std::string& source, const std::string& target, Millis timeout,
                             Done<Unit> done) = 0;

  // Waits resolved by the page itself (MutationObserver), costing nothing while nothing changes.
  virtual void wait_for(const std::string& selector, ElementState state, Millis timeout,
                        Done<Unit> done) = 0;
  // Waits until the element's textContent contains `text`.
  virtual void wait_for_text(const std::string& selector, const std::string& text, Millis timeout,
                             Done<Unit> done) = 0;

  // Reads. Those taking a selector wait for the element to be attached first.
  virtual void text(const std::string& selector, Millis timeout, Done<std::string> done) = 0;
  virtual void inner_html(const std::string& selector, Millis timeout, Done<std::string> done) = 0;
  virtual void input_value(const std::string& selector, Millis timeout, Done<std::string> done) = 0;
  // A missing attribute is a null value.
  virtual void attribute(const std::string& selector, const std::string& name, Millis timeout,
                         Done<boost::json::value> done) = 0;
  // Checks once, without waiting: a missing element is not visible / not checked.
  virtual void is_visible(const std::string& selector, Millis timeout, Done<bool> done) = 0;
  virtual void is_checked(const std::string& selector, Millis timeout, Done<bool> done) = 0;
  virtual void content(Millis timeout, Done<std::string> done) = 0;
  virtual void url(Millis timeout, Done<std::string> done) = 0;
  // Evaluates a JavaScript expression (awaiting it if it is a promise) and returns its value
  // as JSON.
  virtual void evaluate(const std::string& expression, Millis timeout,
                        Done<boost::json::value> done) = 0;

  // Cookies, localStorage and sessionStorage of this user's browser context, as one JSON object
  // that restore_storage accepts back.
  virtual void storage_snapshot(Millis timeout, Done<boost::json::value> done) = 0;
  virtual void restore_storage(const boost::json::value& snapshot, Millis timeout,
                               Done<Unit> done) = 0;
  virtual void clear_storage(Millis timeout, Done<Unit> done) = 0;
};

// Hands out pages, one per virtual user, each in its own browser context so that cookies and
// storage never leak between users. One Browser per worker thread.
class Browser {
 public:
  virtual ~Browser() = default;

  // Creates a fresh context and page for one user. Destroying the Page disposes its context.
  virtual void open_page(Millis timeout, Done<std::unique_ptr<Page>> done) = 0;
};

}  // namespace liveload::engine
