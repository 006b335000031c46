#include "scenario/ctx_args.hpp"

#include <cstring>

#include "scenario/lua_json.hpp"

namespace liveload::scenario::detail {

namespace {

// Pushes a description of the argument for "got ..." and returns it.
const char* got(lua_State* L, int arg) {
  switch (lua_type(L, arg)) {
    case LUA_TNONE:
    case LUA_TNIL:
      return "nil";
    case LUA_TNUMBER:
    case LUA_TBOOLEAN:
      return luaL_tolstring(L, arg, nullptr);
    case LUA_TSTRING:
      return lua_pushfstring(L, "\"%s\"", lua_tostring(L, arg));
    default:
      return lua_pushfstring(L, "a %s", luaL_typename(L, arg));
  }
}

// Pushes "a, b, c".
const char* push_list(lua_State* L, const char* const* names) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (const char* const* n = names; *n; ++n) {
    if (n != names) luaL_addstring(&b, ", ");
    luaL_addstring(&b, *n);
  }
  luaL_pushresult(&b);
  return lua_tostring(L, -1);
}

int finish_wait(lua_State* L, int status, lua_KContext base) {
  (void)status;
  int first = static_cast<int>(base) + 1;
  if (!lua_toboolean(L, first)) return lua_error(L);  // the failure object is on top
  return lua_gettop(L) - first;
}

}  // namespace

UserImpl& check_user(lua_State* L, const char* method) {
  auto** slot = static_cast<UserImpl**>(luaL_testudata(L, 1, kCtxMeta));
  if (!slot) luaL_error(L, "ctx:%s must be called with a colon: ctx:%s(...)", method, method);
  if (!*slot) luaL_error(L, "ctx:%s: this ctx belongs to a user that has ended", method);
  if ((*slot)->thread() != L) {
    luaL_error(L,
               "ctx:%s: called outside its user's running call (a ctx kept from another user, "
               "or a call inside a coroutine the scenario created)",
               method);
  }
  return **slot;
}

UserImpl& check_waiting(lua_State* L, const char* method) {
  UserImpl& user = check_user(L, method);
  if (!lua_isyieldable(L)) {
    luaL_error(L,
               "ctx:%s cannot wait here: it was called inside a metamethod, an iterator or a C "
               "function such as table.sort or string.gsub",
               method);
  }
  return user;
}

std::string_view check_selector(lua_State* L, int arg, const char* method, const char* name) {
  if (lua_type(L, arg) != LUA_TSTRING || lua_rawlen(L, arg) == 0) {
    luaL_error(L, "ctx:%s: %s must be a non-empty string, got %s", method, name, got(L, arg));
  }
  size_t len = 0;
  const char* s = lua_tolstring(L, arg, &len);
  return {s, len};
}

std::string_view check_text(lua_State* L, int arg, const char* method, const char* name) {
  int type = lua_type(L, arg);
  if (type != LUA_TSTRING && type != LUA_TNUMBER) {
    luaL_error(L, "ctx:%s: %s must be a string, got %s", method, name, got(L, arg));
  }
  size_t len = 0;
  const char* s = lua_tolstring(L, arg, &len);
  return {s, len};
}

Micros check_duration(lua_State* L, int arg, const char* method, const char* name) {
  std::optional<Micros> d = to_duration(L, arg);
  if (!d) {
    luaL_error(L,
               "ctx:%s: %s must be a duration like \"250ms\", \"5s\" or a number of seconds, "
               "got %s",
               method, name, got(L, arg));
  }
  return *d;
}

void check_options(lua_State* L, int arg, const char* method, const char* const* allowed) {
  int type = lua_type(L, arg);
  if (type == LUA_TNONE || type == LUA_TNIL) return;
  if (type != LUA_TTABLE) {
    luaL_error(L, "ctx:%s: options must be a table like {timeout = \"5s\"}, got %s", method,
               got(L, arg));
  }
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING) {
      luaL_error(L, "ctx:%s: options must be named, like {timeout = \"5s\"}, got the key %s",
                 method, got(L, -1));
    }
    const char* key = lua_tostring(L, -1);
    bool known = false;
    for (const char* const* a = allowed; *a && !known; ++a) known = std::strcmp(*a, key) == 0;
    if (!known) {
      luaL_error(L, "ctx:%s: unknown option '%s' (it takes: %s)", method, key,
                 push_list(L, allowed));
    }
  }
}

Millis option_timeout(lua_State* L, int arg, const char* method, const UserImpl& user) {
  if (lua_type(L, arg) != LUA_TTABLE) return user.default_timeout();
  lua_getfield(L, arg, "timeout");
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return user.default_timeout();
  }
  std::optional<Micros> d = to_duration(L, -1);
  if (!d || d->count() <= 0) {
    luaL_error(L,
               "ctx:%s: timeout must be a positive duration like \"5s\" or a number of seconds, "
               "got %s",
               method, got(L, -1));
  }
  lua_pop(L, 1);
  return std::chrono::ceil<Millis>(*d);
}

int option_choice(lua_State* L, int arg, const char* method, const char* key,
                  const char* const* names, int fallback) {
  if (lua_type(L, arg) != LUA_TTABLE) return fallback;
  lua_getfield(L, arg, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return fallback;
  }
  const char* value = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
  for (int i = 0; names[i]; ++i) {
    if (std::strcmp(names[i], value) == 0) {
      lua_pop(L, 1);
      return i;
    }
  }
  const char* list = push_list(L, names);
  const char* was = got(L, -2);
  luaL_error(L, "ctx:%s: %s must be one of %s, got %s", method, key, list, was);
  return fallback;
}

int check_choice(lua_State* L, int arg, const char* method, const char* name,
                 const char* const* names) {
  const char* value = lua_type(L, arg) == LUA_TSTRING ? lua_tostring(L, arg) : "";
  for (int i = 0; names[i]; ++i) {
    if (std::strcmp(names[i], value) == 0) return i;
  }
  const char* list = push_list(L, names);
  const char* was = got(L, arg);
  luaL_error(L, "ctx:%s: %s must be one of %s, got %s", method, name, list, was);
  return 0;
}

bool push_if_not_plain(lua_State* L, int arg, const char* root) noexcept {
  try {
    auto value = to_json(L, arg, root);
    if (value) return true;
    lua_pushlstring(L, value.failure().detail.data(), value.failure().detail.size());
  } catch (const std::exception& e) {
    lua_pushstring(L, e.what());
  }
  return false;
}

int raise_start_error(lua_State* L, const UserImpl& user) {
  push_where(L);
  lua_pushlstring(L, user.start_error().data(), user.start_error().size());
  lua_concat(L, 2);
  return lua_error(L);
}

int raise_top(lua_State* L, const char* method) {
  push_where(L);
  lua_pushfstring(L, "ctx:%s: ", method);
  lua_rotate(L, -3, 2);  // message, where, prefix -> where, prefix, message
  lua_concat(L, 3);
  return lua_error(L);
}

int yield_wait(lua_State* L) {
  return lua_yieldk(L, 0, static_cast<lua_KContext>(lua_gettop(L)), finish_wait);
}

}  // namespace liveload::scenario::detail
