// The page operations that work through the helper script and input events.
#include <boost/json/serialize.hpp>
#include <utility>

#include "engine/browser/keyboard.hpp"
#include "engine/browser/page_session.hpp"
#include "util/duration.hpp"

namespace liveload::engine {

namespace json = boost::json;

namespace {

std::string quoted(const std::string& s) {
  return json::serialize(json::value(s));
}

const char* state_name(ElementState state) {
  switch (state) {
    case ElementState::attached:
      return "attached";
    case ElementState::detached:
      return "detached";
    case ElementState::visible:
      return "visible";
    case ElementState::hidden:
      return "hidden";
  }
  return "visible";
}

const char* loading_name(LoadingKind kind) {
  switch (kind) {
    case LoadingKind::click:
      return "click";
    case LoadingKind::submit:
      return "submit";
    case LoadingKind::change:
      return "change";
    case LoadingKind::focus:
      return "focus";
    case LoadingKind::blur:
      return "blur";
    case LoadingKind::keydown:
      return "keydown";
    case LoadingKind::keyup:
      return "keyup";
  }
  return "click";
}

json::object mouse(std::string_view type, double x, double y, std::string_view button,
                   int buttons) {
  json::object e{{"type", type}, {"x", x}, {"y", y}, {"button", button}, {"buttons", buttons}};
  if (type != "mouseMoved") e["clickCount"] = 1;
  return e;
}

// A helper outcome that must be a value of one type, else a script error naming the operation.
template <class T, class Convert>
Result<T> as(const Result<json::value>& r, const std::string& label, Convert convert) {
  if (!r) return r.failure();
  if (auto v = convert(r.value())) return *v;
  return Failure{"script error", label + ": unexpected result " + json::serialize(r.value())};
}

std::optional<std::string> to_string(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return std::nullopt;
}

std::optional<bool> to_bool(const json::value& v) {
  if (v.is_bool()) return v.get_bool();
  return std::nullopt;
}

std::optional<double> to_double(const json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return std::nullopt;
}

}  // namespace

void PageSession::actionable_point(const Op& op, const std::string& selector, PointOptions options,
                                   std::function<void(Result<Point>)> cb) {
  json::object opts{
      {"enabled", options.enabled}, {"checkable", options.checkable}, {"drag", options.drag}};
  helper(op, "point", json::array{json::value(selector), std::move(opts)}, true,
         [op, cb = std::move(cb)](Result<json::value> r) {
           if (!r) {
             cb(r.failure());
             return;
           }
           const auto* o = r.value().if_object();
           const auto x = o != nullptr && o->contains("x") ? to_double(o->at("x")) : std::nullopt;
           const auto y = o != nullptr && o->contains("y") ? to_double(o->at("y")) : std::nullopt;
           if (!x || !y) {
             cb(Failure{"script error", op.label + ": the page returned no point"});
             return;
           }
           Point p{*x, *y, std::nullopt};
           if (const auto* c = o->if_contains("checked"); c != nullptr && c->is_bool()) {
             p.checked = c->get_bool();
           }
           cb(p);
         });
}

void PageSession::mouse_click(const Op& op, const Point& p, Callback cb) {
  input_sequence(op,
                 {{"Input.dispatchMouseEvent", mouse("mouseMoved", p.x, p.y, "none", 0)},
                  {"Input.dispatchMouseEvent", mouse("mousePressed", p.x, p.y, "left", 1)},
                  {"Input.dispatchMouseEvent", mouse("mouseReleased", p.x, p.y, "left", 0)}},
                 std::move(cb));
}

void PageSession::click(const std::string& selector, Millis timeout, Done<Unit> done) {
  auto op = make_op("click " + selector, timeout);
  actionable_point(op, selector, {},
                   [self = shared_from_this(), op, done](Result<Point> p) mutable {
                     if (!p) return self->finish<Unit>(std::move(done), p.failure());
                     self->mouse_click(op, p.value(), [self, op, done](cdp::CommandResult r) {
                       if (!r) return self->finish<Unit>(done, self->describe(op, r.failure()));
                       self->finish<Unit>(done, ok());
                     });
                   });
}

void PageSession::hover(const std::string& selector, Millis timeout, Done<Unit> done) {
  auto op = make_op("hover " + selector, timeout);
  actionable_point(op, selector, {.enabled = false},
                   [self = shared_from_this(), op, done](Result<Point> p) mutable {
                     if (!p) return self->finish<Unit>(std::move(done), p.failure());
                     const auto& pt = p.value();
                     self->input_sequence(
                         op,
                         {{"Input.dispatchMouseEvent", mouse("mouseMoved", pt.x, pt.y, "none", 0)}},
                         [self, op, done](cdp::CommandResult r) {
                           if (!r) return self->finish<Unit>(done, self->describe(op, r.failure()));
                           self->finish<Unit>(done, ok());
                         });
                   });
}

void PageSession::fill(const std::string& selector, const std::string& text, Millis timeout,
                       Done<Unit> done) {
  auto op = make_op("fill " + selector, timeout);
  helper(op, "prepareFill", json::array{json::value(selector), json::value(text)}, true,
         [self = shared_from_this(), op, text, done](Result<json::value> r) mutable {
           if (!r) return self->finish<Unit>(std::move(done), r.failure());
           const auto* o = r.value().if_object();
           const auto* typed = o != nullptr ? o->if_contains("typed") : nullptr;
           if (typed == nullptr || !typed->is_bool() || !typed->get_bool()) {
             return self->finish<Unit>(std::move(done), ok());
           }
           std::vector<std::pair<std::string, json::object>> input;
           if (text.empty()) {
             // Inserting nothing would leave the selection in place; Delete removes it.
             auto chord = keyboard::parse("Delete");
             for (auto& e : keyboard::events(chord.value())) {
               input.emplace_back("Input.dispatchKeyEvent", std::move(e));
             }
           } else {
             input.emplace_back("Input.insertText", json::object{{"text", text}});
           }
           self->input_sequence(op, std::move(input), [self, op, done](cdp::CommandResult r) {
             if (!r) return self->finish<Unit>(done, self->describe(op, r.failure()));
             self->finish<Unit>(done, ok());
           });
         });
}

void PageSession::press(const std::string& selector, const std::string& key, Millis timeout,
                        Done<Unit> done) {
  auto op = make_op("press " + selector + " " + key, timeout);
  auto chord = keyboard::parse(key);
  if (!chord) {
    return finish<Unit>(std::move(done), describe(op, chord.failure()));
  }
  auto events = keyboard::events(chord.value());
  helper(op, "focus", json::array{json::value(selector)}, true,
         [self = shared_from_this(), op, events = std::move(events),
          done](Result<json::value> r) mutable {
           if (!r) return self->finish<Unit>(std::move(done), r.failure());
           std::vector<std::pair<std::string, json::object>> input;
           for (auto& e : events) input.emplace_back("Input.dispatchKeyEvent", std::move(e));
           self->input_sequence(op, std::move(input), [self, op, done](cdp::CommandResult r) {
             if (!r) return self->finish<Unit>(done, self->describe(op, r.failure()));
             self->finish<Unit>(done, ok());
           });
         });
}

void PageSession::set_checked(const std::string& selector, bool checked, Millis timeout,
                              Done<Unit> done) {
  auto op = make_op((checked ? "check " : "uncheck ") + selector, timeout);
  actionable_point(
      op, selector, {.checkable = true},
      [self = shared_from_this(), op, selector, checked, done](Result<Point> p) mutable {
        if (!p) return self->finish<Unit>(std::move(done), p.failure());
        if (p.value().checked == checked) return self->finish<Unit>(std::move(done), ok());
        self->mouse_click(op, p.value(), [self, op, selector, checked, done](cdp::CommandResult r) {
          if (!r) return self->finish<Unit>(done, self->describe(op, r.failure()));
          // A click that the page cancels (or a label that toggles something else) leaves the
          // state as it was; say so rather than report success.
          self->helper(op, "check", json::array{json::value(selector), json::value("checked")},
                       true, [self, op, checked, done](Result<json::value> now) {
                         auto state = as<bool>(now, op.label, to_bool);
                         if (!state) return self->finish<Unit>(done, state.failure());
                         if (state.value() != checked) {
                           return self->finish<Unit>(
                               done, Failure{"action failed",
                                             op.label + ": clicking did not change its state"});
                         }
                         self->finish<Unit>(done, ok());
                       });
        });
      });
}

void PageSession::select_option(const std::string& selector, const std::vector<std::string>& values,
                                Millis timeout, Done<Unit> done) {
  std::string label = "select_option " + selector;
  for (const auto& v : values) label += " " + quoted(v);
  auto op = make_op(std::move(label), timeout);
  json::array list;
  for (const auto& v : values) list.emplace_back(v);
  helper(op, "selectOption", json::array{json::value(selector), std::move(list)}, true,
         [self = shared_from_this(), done](Result<json::value> r) mutable {
           if (!r) return self->finish<Unit>(std::move(done), r.failure());
           self->finish<Unit>(std::move(done), ok());
         });
}

void PageSession::focus(const std::string& selector, bool focus, Millis timeout, Done<Unit> done) {
  auto op = make_op((focus ? "focus " : "blur ") + selector, timeout);
  helper(op, focus ? "focus" : "blur", json::array{json::value(selector)}, true,
         [self = shared_from_this(), done](Result<json::value> r) mutable {
           if (!r) return self->finish<Unit>(std::move(done), r.failure());
           self->finish<Unit>(std::move(done), ok());
         });
}

void PageSession::drag_and_drop(const std::string& source, const std::string& target,
                                Millis timeout, Done<Unit> done) {
  auto op = make_op("drag_and_drop " + source + " " + target, timeout);
  auto self = shared_from_this();
  actionable_point(op, source, {.drag = true}, [self, op, target, done](Result<Point> from) {
    if (!from) return self->finish<Unit>(done, from.failure());
    self->actionable_point(
        op, target, {.enabled = false}, [self, op, a = from.value(), done](Result<Point> to) {
          if (!to) return self->finish<Unit>(done, to.failure());
          const auto b = to.value();
          // An HTML5 drag would start a native drag session, which headless Chromium cannot run;
          // with interception on, Chromium hands the drag data over instead and the drop is
          // dispatched as drag events (drop()). A drag made of plain mouse events (most sortable
          // list libraries) only sees the moves and the release.
          self->intercepted_drag_.reset();
          self->input_sequence(
              op,
              {{"Input.setInterceptDrags", json::object{{"enabled", true}}},
               {"Input.dispatchMouseEvent", mouse("mouseMoved", a.x, a.y, "none", 0)},
               {"Input.dispatchMouseEvent", mouse("mousePressed", a.x, a.y, "left", 1)},
               {"Input.dispatchMouseEvent",
                mouse("mouseMoved", (a.x + b.x) / 2, (a.y + b.y) / 2, "left", 1)},
               {"Input.dispatchMouseEvent", mouse("mouseMoved", b.x, b.y, "left", 1)}},
              [self, op, b, done](cdp::CommandResult r) {
                if (!r) return self->finish<Unit>(done, self->describe(op, r.failure()));
                self->drop(op, b, done);
              });
        });
  });
}

void PageSession::drop(const Op& op, const Point& at, Done<Unit> done) {
  auto release = [self = shared_from_this(), op, at, done] {
    std::vector<std::pair<std::string, json::object>> rest;
    if (self->intercepted_drag_) {
      for (const char* type : {"dragEnter", "dragOver", "drop"}) {
        rest.emplace_back(
            "Input.dispatchDragEvent",
            json::object{
                {"type", type}, {"x", at.x}, {"y", at.y}, {"data", *self->intercepted_drag_}});
      }
      self->intercepted_drag_.reset();
    }
    rest.emplace_back("Input.dispatchMouseEvent", mouse("mouseReleased", at.x, at.y, "left", 0));
    rest.emplace_back("Input.setInterceptDrags", json::object{{"enabled", false}});
    self->input_sequence(op, std::move(rest), [self, op, done](cdp::CommandResult r) {
      if (!r) return self->finish<Unit>(done, self->describe(op, r.failure()));
      self->finish<Unit>(done, ok());
    });
  };
  helper(
      op, "takeDrag", json::array{}, false,
      [self = shared_from_this(), op, done, release](Result<json::value> started) {
        if (!started) return self->finish<Unit>(done, started.failure());
        const bool html5 = started.value().is_bool() && started.value().get_bool();
        if (!html5 || self->intercepted_drag_) return release();
        // Chromium reports the intercepted drag after the mouse moves were answered.
        auto timer = std::make_shared<boost::asio::steady_timer>(self->io_, op.remaining());
        self->on_drag_intercepted_ = [timer, release] {
          timer->cancel();
          release();
        };
        timer->async_wait([weak = self->weak_from_this(), op, done](boost::system::error_code ec) {
          auto self = weak.lock();
          if (ec || !self || !self->on_drag_intercepted_) return;
          self->on_drag_intercepted_ = nullptr;
          self->finish<Unit>(done, Failure{"timeout", op.label +
                                                          ": the drag started but Chromium "
                                                          "did not hand it over within " +
                                                          format_duration(op.timeout)});
        });
      });
}

// --- waits and reads -------------------------------------------------------------------------

void PageSession::wait_for(const std::string& selector, ElementState state, Millis timeout,
                           Done<Unit> done) {
  auto op = make_op("wait_for " + selector + " (" + state_name(state) + ")", timeout);
  helper(op, "waitFor", json::array{json::value(selector), json::value(state_name(state))}, true,
         [self = shared_from_this(), done](Result<json::value> r) mutable {
           if (!r) return self->finish<Unit>(std::move(done), r.failure());
           self->finish<Unit>(std::move(done), ok());
         });
}

void PageSession::wait_for_text(const std::string& selector, const std::string& text,
                                Millis timeout, Done<Unit> done) {
  auto op = make_op("wait_for_text " + selector + " " + quoted(text), timeout);
  helper(op, "waitText", json::array{json::value(selector), json::value(text)}, true,
         [self = shared_from_this(), done](Result<json::value> r) mutable {
           if (!r) return self->finish<Unit>(std::move(done), r.failure());
           self->finish<Unit>(std::move(done), ok());
         });
}

void PageSession::read(const std::string& label, const std::string& selector,
                       const std::string& what, const std::string& name, Millis timeout,
                       Done<json::value> done) {
  auto op = make_op(label, timeout);
  helper(op, "read", json::array{json::value(selector), json::value(what), json::value(name)}, true,
         [self = shared_from_this(), done](Result<json::value> r) mutable {
           self->finish<json::value>(std::move(done), std::move(r));
         });
}

void PageSession::check(const std::string& selector, const std::string& what, Millis timeout,
                        Done<bool> done) {
  auto op = make_op((what == "visible" ? "is_visible " : "is_checked ") + selector, timeout);
  helper(op, "check", json::array{json::value(selector), json::value(what)}, true,
         [self = shared_from_this(), op, done](Result<json::value> r) mutable {
           self->finish<bool>(std::move(done), as<bool>(r, op.label, to_bool));
         });
}

void PageSession::content(Millis timeout, Done<std::string> done) {
  auto op = make_op("content", timeout);
  helper(op, "content", json::array{}, true,
         [self = shared_from_this(), op, done](Result<json::value> r) mutable {
           self->finish<std::string>(std::move(done), as<std::string>(r, op.label, to_string));
         });
}

void PageSession::wait_for_liveview(Millis timeout, Done<double> done) {
  auto op = make_op("wait_for_liveview", timeout);
  helper(op, "liveview", json::array{}, true,
         [self = shared_from_this(), op, done](Result<json::value> r) mutable {
           self->finish<double>(std::move(done), as<double>(r, op.label, to_double));
         });
}

void PageSession::ensure_liveview(Millis timeout, Done<Unit> done) {
  auto op = make_op("ensure_liveview", timeout);
  helper(op, "ensureLiveview", json::array{}, true,
         [self = shared_from_this(), done](Result<json::value> r) mutable {
           if (!r) return self->finish<Unit>(std::move(done), r.failure());
           self->finish<Unit>(std::move(done), ok());
         });
}

void PageSession::wait_for_loading(LoadingKind kind, const std::string& selector, Millis timeout,
                                   Done<Unit> done) {
  const std::string name = loading_name(kind);
  auto op = make_op("wait_for_loading " + name + " " + selector, timeout);
  helper(op, "loading", json::array{json::value(name), json::value(selector)}, true,
         [self = shared_from_this(), done](Result<json::value> r) mutable {
           if (!r) return self->finish<Unit>(std::move(done), r.failure());
           self->finish<Unit>(std::move(done), ok());
         });
}

void PageSession::submit(const std::string& form_selector, Millis timeout, Done<Unit> done) {
  auto op = make_op("submit " + form_selector, timeout);
  helper(op, "submitStart", json::array{json::value(form_selector)}, true,
         [self = shared_from_this(), op, done](Result<json::value> r) mutable {
           if (!r) return self->finish<Unit>(std::move(done), r.failure());
           if (!r.value().is_string() || r.value().get_string() != "loading") {
             return self->finish<Unit>(std::move(done), ok());
           }
           // Not retried: a document that goes away now was replaced by the submit's outcome
           // (a redirect), which ends the submit.
           self->helper(op, "submitWait", json::array{}, false,
                        [self, done](Result<json::value> r) mutable {
                          if (!r && r.failure().reason != "navigation") {
                            return self->finish<Unit>(std::move(done), r.failure());
                          }
                          self->finish<Unit>(std::move(done), ok());
                        });
         });
}

void PageSession::url(Millis timeout, Done<std::string> done) {
  auto op = make_op("url", timeout);
  call("Runtime.evaluate", {{"expression", "location.href"}, {"returnByValue", true}}, op,
       [self = shared_from_this(), op, done](cdp::CommandResult r) mutable {
         if (!r) {
           // Between two documents there is no location to read; the last commit is the answer.
           if (!self->dead_ && !self->committed_url_.empty()) {
             return self->finish<std::string>(std::move(done), self->committed_url_);
           }
           return self->finish<std::string>(std::move(done), self->describe(op, r.failure()));
         }
         const auto* result = r.value().if_contains("result");
         const auto* value = result != nullptr && result->is_object()
                                 ? result->get_object().if_contains("value")
                                 : nullptr;
         if (value == nullptr || !value->is_string()) {
           return self->finish<std::string>(std::move(done), self->committed_url_);
         }
         self->finish<std::string>(std::move(done), std::string(value->get_string()));
       });
}

void PageSession::evaluate(const std::string& expression, Millis timeout, Done<json::value> done) {
  auto op = make_op("evaluate", timeout);
  json::object params{{"expression", expression},
                      {"awaitPromise", true},
                      {"returnByValue", true},
                      {"userGesture", true}};
  call("Runtime.evaluate", std::move(params), op,
       [self = shared_from_this(), op, done](cdp::CommandResult r) mutable {
         if (!r) return self->finish<json::value>(std::move(done), self->describe(op, r.failure()));
         const auto& result = r.value();
         if (const auto* details = result.if_contains("exceptionDetails");
             details != nullptr && details->is_object()) {
           const auto& d = details->get_object();
           std::string text = "an exception was thrown";
           if (const auto* e = d.if_contains("exception"); e != nullptr && e->is_object()) {
             if (const auto* desc = e->get_object().if_contains("description");
                 desc != nullptr && desc->is_string()) {
               text = desc->get_string();
             } else if (const auto* v = e->get_object().if_contains("value"); v != nullptr) {
               text = json::serialize(*v);
             }
           } else if (const auto* t = d.if_contains("text"); t != nullptr && t->is_string()) {
             text = t->get_string();
           }
           return self->finish<json::value>(std::move(done),
                                            Failure{"script error", op.label + ": " + text});
         }
         const auto* value = result.if_contains("result");
         const json::value* v = value != nullptr && value->is_object()
                                    ? value->get_object().if_contains("value")
                                    : nullptr;
         // undefined (and values that do not survive JSON, such as functions) come back null.
         self->finish<json::value>(std::move(done), v != nullptr ? *v : json::value());
       });
}

}  // namespace liveload::engine
