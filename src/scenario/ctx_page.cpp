// The ctx methods that operate the page. Each checks its arguments (raising script errors),
// starts the page operation through the user and yields until it completes.
//
// These C functions are entered from Lua and may raise, so they hold only trivially
// destructible locals; everything that allocates happens inside UserImpl's start functions and
// the PageCall callbacks below, which run and return before anything is raised.
#include <fmt/format.h>

#include "scenario/ctx.hpp"
#include "scenario/ctx_args.hpp"
#include "scenario/lua_json.hpp"

namespace liveload::scenario::detail {

namespace {

using engine::Page;

std::string str(lua_State* L, int arg) {
  size_t len = 0;
  const char* s = lua_tolstring(L, arg, &len);
  return {s, len};
}

int push_nothing(lua_State*, UserImpl&, Unit&) {
  return 0;
}

int push_string(lua_State* co, UserImpl&, std::string& s) {
  lua_pushlstring(co, s.data(), s.size());
  return 1;
}

int push_bool(lua_State* co, UserImpl&, bool& b) {
  lua_pushboolean(co, b);
  return 1;
}

int push_value(lua_State* co, UserImpl&, boost::json::value& v) {
  push_json(co, v);
  return 1;
}

template <class T, void (Page::*op)(const std::string&, Millis, Done<T>)>
void call_selector(lua_State* L, Page& page, const OpSpec& spec, Done<T> done) {
  (page.*op)(str(L, 2), spec.timeout, std::move(done));
}

template <class T, void (Page::*op)(Millis, Done<T>)>
void call_page(lua_State*, Page& page, const OpSpec& spec, Done<T> done) {
  (page.*op)(spec.timeout, std::move(done));
}

template <class T>
int wait(lua_State* L, UserImpl& user, const OpSpec& spec, PageCall<T> call, Push<T> push) {
  if (!user.start<T>(L, spec, call, push)) return raise_start_error(L, user);
  return yield_wait(L);
}

// ctx:<method>(selector, options)
template <class T>
int on_selector(lua_State* L, const char* method, PageCall<T> call, Push<T> push,
                FailureMap map = nullptr) {
  UserImpl& user = check_waiting(L, method);
  std::string_view selector = check_selector(L, 2, method);
  check_options(L, 3, method, kTimeoutOnly);
  Millis timeout = option_timeout(L, 3, method, user);
  return wait<T>(L, user, OpSpec{method, selector, timeout, map}, call, push);
}

// ctx:<method>(options), about the page as a whole.
template <class T>
int on_page(lua_State* L, const char* method, bool path_as_target, PageCall<T> call, Push<T> push) {
  UserImpl& user = check_waiting(L, method);
  check_options(L, 2, method, kTimeoutOnly);
  Millis timeout = option_timeout(L, 2, method, user);
  std::string_view target = path_as_target ? std::string_view(user.current_path()) : "";
  return wait<T>(L, user, OpSpec{method, target, timeout}, call, push);
}

int ctx_click(lua_State* L) {
  return on_selector<Unit>(L, "click", call_selector<Unit, &Page::click>, push_nothing);
}
int ctx_hover(lua_State* L) {
  return on_selector<Unit>(L, "hover", call_selector<Unit, &Page::hover>, push_nothing);
}
int ctx_clear(lua_State* L) {
  return on_selector<Unit>(L, "clear", call_selector<Unit, &Page::clear>, push_nothing);
}
int ctx_focus(lua_State* L) {
  return on_selector<Unit>(L, "focus", call_selector<Unit, &Page::focus>, push_nothing);
}
int ctx_blur(lua_State* L) {
  return on_selector<Unit>(L, "blur", call_selector<Unit, &Page::blur>, push_nothing);
}
int ctx_submit(lua_State* L) {
  return on_selector<Unit>(L, "submit", call_selector<Unit, &Page::submit>, push_nothing);
}
int ctx_text(lua_State* L) {
  return on_selector<std::string>(L, "text", call_selector<std::string, &Page::text>, push_string);
}
int ctx_inner_html(lua_State* L) {
  return on_selector<std::string>(L, "inner_html", call_selector<std::string, &Page::inner_html>,
                                  push_string);
}
int ctx_input_value(lua_State* L) {
  return on_selector<std::string>(L, "input_value", call_selector<std::string, &Page::input_value>,
                                  push_string);
}
int ctx_is_visible(lua_State* L) {
  return on_selector<bool>(L, "is_visible", call_selector<bool, &Page::is_visible>, push_bool);
}
int ctx_is_checked(lua_State* L) {
  return on_selector<bool>(L, "is_checked", call_selector<bool, &Page::is_checked>, push_bool);
}

void call_set_checked(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  page.set_checked(str(L, 2), spec.option != 0, spec.timeout, std::move(done));
}
int set_checked(lua_State* L, const char* method, bool checked) {
  UserImpl& user = check_waiting(L, method);
  std::string_view selector = check_selector(L, 2, method);
  check_options(L, 3, method, kTimeoutOnly);
  Millis timeout = option_timeout(L, 3, method, user);
  OpSpec spec{method, selector, timeout, nullptr, checked ? 1 : 0};
  return wait<Unit>(L, user, spec, call_set_checked, push_nothing);
}
int ctx_check(lua_State* L) {
  return set_checked(L, "check", true);
}
int ctx_uncheck(lua_State* L) {
  return set_checked(L, "uncheck", false);
}

void map_expect_visible(Failure& failure, std::string_view target, Millis timeout) {
  if (failure.reason != "timeout") return;
  failure.reason = "assertion";
  failure.detail =
      fmt::format("expect_visible {}: not visible after {}", target, format_duration(timeout));
}
void call_wait_visible(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  page.wait_for(str(L, 2), engine::ElementState::visible, spec.timeout, std::move(done));
}
int ctx_expect_visible(lua_State* L) {
  return on_selector<Unit>(L, "expect_visible", call_wait_visible, push_nothing,
                           map_expect_visible);
}

// ctx:<method>(selector, text, options)
template <class T>
int on_selector_text(lua_State* L, const char* method, const char* name, PageCall<T> call,
                     Push<T> push) {
  UserImpl& user = check_waiting(L, method);
  std::string_view selector = check_selector(L, 2, method);
  check_text(L, 3, method, name);
  check_options(L, 4, method, kTimeoutOnly);
  Millis timeout = option_timeout(L, 4, method, user);
  return wait<T>(L, user, OpSpec{method, selector, timeout}, call, push);
}

void call_fill(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  page.fill(str(L, 2), str(L, 3), spec.timeout, std::move(done));
}
int ctx_fill(lua_State* L) {
  return on_selector_text<Unit>(L, "fill", "text", call_fill, push_nothing);
}

void call_press(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  page.press(str(L, 2), str(L, 3), spec.timeout, std::move(done));
}
int ctx_press(lua_State* L) {
  if (lua_type(L, 3) == LUA_TSTRING) check_selector(L, 3, "press", "key");
  return on_selector_text<Unit>(L, "press", "key", call_press, push_nothing);
}

void call_wait_for_text(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  page.wait_for_text(str(L, 2), str(L, 3), spec.timeout, std::move(done));
}
int ctx_wait_for_text(lua_State* L) {
  return on_selector_text<Unit>(L, "wait_for_text", "text", call_wait_for_text, push_nothing);
}

void call_attribute(lua_State* L, Page& page, const OpSpec& spec, Done<boost::json::value> done) {
  page.attribute(str(L, 2), str(L, 3), spec.timeout, std::move(done));
}
int ctx_attribute(lua_State* L) {
  if (lua_type(L, 3) != LUA_TNUMBER) check_selector(L, 3, "attribute", "name");
  return on_selector_text<boost::json::value>(L, "attribute", "name", call_attribute, push_value);
}

int ctx_expect_text(lua_State* L) {
  UserImpl& user = check_waiting(L, "expect_text");
  std::string_view selector = check_selector(L, 2, "expect_text");
  std::string_view text = check_text(L, 3, "expect_text", "text");
  check_options(L, 4, "expect_text", kTimeoutOnly);
  Millis timeout = option_timeout(L, 4, "expect_text", user);
  if (!user.start_expect_text(L, selector, text, timeout)) return raise_start_error(L, user);
  return yield_wait(L);
}

void call_select_option(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  std::vector<std::string> values;
  if (lua_type(L, 3) == LUA_TTABLE) {
    lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, 3));
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L, 3, i);
      values.push_back(str(L, -1));
      lua_pop(L, 1);
    }
  } else {
    values.push_back(str(L, 3));
  }
  page.select_option(str(L, 2), values, spec.timeout, std::move(done));
}
int ctx_select_option(lua_State* L) {
  UserImpl& user = check_waiting(L, "select_option");
  std::string_view selector = check_selector(L, 2, "select_option");
  if (lua_type(L, 3) == LUA_TTABLE) {
    lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, 3));
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L, 3, i);
      int type = lua_type(L, -1);
      if (type != LUA_TSTRING && type != LUA_TNUMBER) {
        luaL_error(L, "ctx:select_option: values[%d] must be a string, got a %s",
                   static_cast<int>(i), luaL_typename(L, -1));
      }
      lua_tolstring(L, -1, nullptr);
      lua_pop(L, 1);
    }
  } else if (lua_type(L, 3) != LUA_TSTRING && lua_type(L, 3) != LUA_TNUMBER) {
    luaL_error(L, "ctx:select_option: value must be a string or a list of strings, got a %s",
               luaL_typename(L, 3));
  }
  check_options(L, 4, "select_option", kTimeoutOnly);
  Millis timeout = option_timeout(L, 4, "select_option", user);
  return wait<Unit>(L, user, OpSpec{"select_option", selector, timeout}, call_select_option,
                    push_nothing);
}

void call_drag_and_drop(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  page.drag_and_drop(str(L, 2), str(L, 3), spec.timeout, std::move(done));
}
int ctx_drag_and_drop(lua_State* L) {
  UserImpl& user = check_waiting(L, "drag_and_drop");
  std::string_view source = check_selector(L, 2, "drag_and_drop", "source");
  std::string_view target = check_selector(L, 3, "drag_and_drop", "target");
  check_options(L, 4, "drag_and_drop", kTimeoutOnly);
  Millis timeout = option_timeout(L, 4, "drag_and_drop", user);
  // The tag lives on the Lua stack, so nothing here needs a destructor.
  const char* both = lua_pushfstring(L, "%s -> %s", source.data(), target.data());
  size_t len = lua_rawlen(L, -1);
  return wait<Unit>(L, user, OpSpec{"drag_and_drop", {both, len}, timeout}, call_drag_and_drop,
                    push_nothing);
}

constexpr const char* kStates[] = {"visible", "hidden", "attached", "detached", nullptr};
constexpr const char* kWaitForOptions[] = {"state", "timeout", nullptr};
void call_wait_for(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  constexpr engine::ElementState states[] = {
      engine::ElementState::visible, engine::ElementState::hidden, engine::ElementState::attached,
      engine::ElementState::detached};
  page.wait_for(str(L, 2), states[spec.option], spec.timeout, std::move(done));
}
int ctx_wait_for(lua_State* L) {
  UserImpl& user = check_waiting(L, "wait_for");
  std::string_view selector = check_selector(L, 2, "wait_for");
  check_options(L, 3, "wait_for", kWaitForOptions);
  int state = option_choice(L, 3, "wait_for", "state", kStates, 0);
  Millis timeout = option_timeout(L, 3, "wait_for", user);
  return wait<Unit>(L, user, OpSpec{"wait_for", selector, timeout, nullptr, state}, call_wait_for,
                    push_nothing);
}

constexpr const char* kLoadingKinds[] = {"click", "submit",  "change", "focus",
                                         "blur",  "keydown", "keyup",  nullptr};
void call_wait_for_loading(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  constexpr engine::LoadingKind kinds[] = {
      engine::LoadingKind::click, engine::LoadingKind::submit, engine::LoadingKind::change,
      engine::LoadingKind::focus, engine::LoadingKind::blur,   engine::LoadingKind::keydown,
      engine::LoadingKind::keyup};
  page.wait_for_loading(kinds[spec.option], str(L, 3), spec.timeout, std::move(done));
}
int ctx_wait_for_loading(lua_State* L) {
  UserImpl& user = check_waiting(L, "wait_for_loading");
  int kind = check_choice(L, 2, "wait_for_loading", "kind", kLoadingKinds);
  std::string_view selector = check_selector(L, 3, "wait_for_loading");
  check_options(L, 4, "wait_for_loading", kTimeoutOnly);
  Millis timeout = option_timeout(L, 4, "wait_for_loading", user);
  return wait<Unit>(L, user, OpSpec{"wait_for_loading", selector, timeout, nullptr, kind},
                    call_wait_for_loading, push_nothing);
}

int ctx_content(lua_State* L) {
  return on_page<std::string>(L, "content", false, call_page<std::string, &Page::content>,
                              push_string);
}
int ctx_url(lua_State* L) {
  return on_page<std::string>(L, "url", false, call_page<std::string, &Page::url>, push_string);
}
int ctx_ensure_liveview(lua_State* L) {
  return on_page<Unit>(L, "ensure_liveview", true, call_page<Unit, &Page::ensure_liveview>,
                       push_nothing);
}
int ctx_storage_snapshot(lua_State* L) {
  return on_page<boost::json::value>(L, "storage_snapshot", false,
                                     call_page<boost::json::value, &Page::storage_snapshot>,
                                     push_value);
}
int ctx_clear_storage(lua_State* L) {
  return on_page<Unit>(L, "clear_storage", false, call_page<Unit, &Page::clear_storage>,
                       push_nothing);
}

void call_evaluate(lua_State* L, Page& page, const OpSpec& spec, Done<boost::json::value> done) {
  page.evaluate(str(L, 2), spec.timeout, std::move(done));
}
int ctx_evaluate(lua_State* L) {
  UserImpl& user = check_waiting(L, "evaluate");
  check_selector(L, 2, "evaluate", "expression");
  check_options(L, 3, "evaluate", kTimeoutOnly);
  Millis timeout = option_timeout(L, 3, "evaluate", user);
  return wait<boost::json::value>(L, user, OpSpec{"evaluate", "", timeout}, call_evaluate,
                                  push_value);
}

void call_restore_storage(lua_State* L, Page& page, const OpSpec& spec, Done<Unit> done) {
  auto snapshot = to_json(L, 2, "snapshot");
  page.restore_storage(snapshot ? snapshot.value() : boost::json::value(), spec.timeout,
                       std::move(done));
}
int ctx_restore_storage(lua_State* L) {
  UserImpl& user = check_waiting(L, "restore_storage");
  if (lua_type(L, 2) != LUA_TTABLE) {
    luaL_error(L,
               "ctx:restore_storage: snapshot must be a table from ctx:storage_snapshot(), "
               "got %s",
               luaL_typename(L, 2));
  }
  check_options(L, 3, "restore_storage", kTimeoutOnly);
  Millis timeout = option_timeout(L, 3, "restore_storage", user);
  if (!push_if_not_plain(L, 2, "snapshot")) return raise_top(L, "restore_storage");
  return wait<Unit>(L, user, OpSpec{"restore_storage", "", timeout}, call_restore_storage,
                    push_nothing);
}

int ctx_navigate(lua_State* L) {
  UserImpl& user = check_waiting(L, "navigate");
  std::string_view url = check_selector(L, 2, "navigate", "url");
  check_options(L, 3, "navigate", kTimeoutOnly);
  Millis timeout = option_timeout(L, 3, "navigate", user);
  if (!user.start_navigate(L, url, timeout)) return raise_start_error(L, user);
  return yield_wait(L);
}

int ctx_reload(lua_State* L) {
  UserImpl& user = check_waiting(L, "reload");
  check_options(L, 2, "reload", kTimeoutOnly);
  Millis timeout = option_timeout(L, 2, "reload", user);
  if (!user.start_reload(L, timeout)) return raise_start_error(L, user);
  return yield_wait(L);
}

int ctx_wait_for_liveview(lua_State* L) {
  UserImpl& user = check_waiting(L, "wait_for_liveview");
  check_options(L, 2, "wait_for_liveview", kTimeoutOnly);
  Millis timeout = option_timeout(L, 2, "wait_for_liveview", user);
  if (!user.start_wait_for_liveview(L, timeout)) return raise_start_error(L, user);
  return yield_wait(L);
}

constexpr luaL_Reg kPageMethods[] = {
    {"navigate", ctx_navigate},
    {"reload", ctx_reload},
    {"wait_for_liveview", ctx_wait_for_liveview},
    {"ensure_liveview", ctx_ensure_liveview},
    {"wait_for_loading", ctx_wait_for_loading},
    {"submit", ctx_submit},
    {"click", ctx_click},
    {"fill", ctx_fill},
    {"clear", ctx_clear},
    {"press", ctx_press},
    {"check", ctx_check},
    {"uncheck", ctx_uncheck},
    {"select_option", ctx_select_option},
    {"focus", ctx_focus},
    {"blur", ctx_blur},
    {"hover", ctx_hover},
    {"drag_and_drop", ctx_drag_and_drop},
    {"wait_for", ctx_wait_for},
    {"wait_for_text", ctx_wait_for_text},
    {"text", ctx_text},
    {"inner_html", ctx_inner_html},
    {"input_value", ctx_input_value},
    {"attribute", ctx_attribute},
    {"is_visible", ctx_is_visible},
    {"is_checked", ctx_is_checked},
    {"content", ctx_content},
    {"url", ctx_url},
    {"evaluate", ctx_evaluate},
    {"expect_text", ctx_expect_text},
    {"expect_visible", ctx_expect_visible},
    {"storage_snapshot", ctx_storage_snapshot},
    {"restore_storage", ctx_restore_storage},
    {"clear_storage", ctx_clear_storage},
    {nullptr, nullptr},
};

}  // namespace

void add_page_methods(lua_State* L) {
  luaL_setfuncs(L, kPageMethods, 0);
}

}  // namespace liveload::scenario::detail
