// The ctx methods that shape an iteration rather than operate the page: step, fail, sleep,
// think, assign and get; and the ctx metatable itself.
//
// As in ctx_page.cpp, these C functions may raise and so hold only trivially destructible
// locals.
#include <cstring>

#include "scenario/ctx.hpp"
#include "scenario/ctx_args.hpp"

namespace liveload::scenario::detail {

namespace {

// Runs after the step's function returned or raised, also when it yielded on the way.
int step_continue(lua_State* L, int status, lua_KContext) {
  auto** slot = static_cast<UserImpl**>(lua_touserdata(L, 1));
  UserImpl* user = slot ? *slot : nullptr;
  if (status == LUA_OK || status == LUA_YIELD) {
    if (user) user->end_step(true);
    return lua_gettop(L) - 3;
  }
  if (!is_failure(L, -1)) {
    // A script error inside the step: recorded here, under the step's name, and passed on as a
    // failure so that outer steps and the iteration do not record it again.
    const char* message = lua_isstring(L, -1) ? lua_tostring(L, -1)
                                              : lua_pushfstring(L, "(error object is a %s value)",
                                                                luaL_typename(L, -1));
    if (user) user->record_failure(user->function(), "", "script error", message);
    push_failure(L, "script error", message);
  }
  if (user) user->end_step(false);
  return lua_error(L);
}

int ctx_step(lua_State* L) {
  UserImpl& user = check_user(L, "step");
  std::string_view name = check_selector(L, 2, "step", "name");
  if (lua_type(L, 3) != LUA_TFUNCTION) {
    luaL_error(L, "ctx:step: fn must be a function, got a %s", luaL_typename(L, 3));
  }
  lua_settop(L, 3);
  if (!user.begin_step(name.data())) return raise_start_error(L, user);
  lua_pushvalue(L, 3);
  lua_pushvalue(L, 1);
  int status = lua_pcallk(L, 1, LUA_MULTRET, 0, 0, step_continue);
  return step_continue(L, status, 0);
}

int ctx_fail(lua_State* L) {
  UserImpl& user = check_user(L, "fail");
  if (lua_isnoneornil(L, 2)) {
    lua_pushliteral(L, "failed by the scenario");
  } else if (lua_isstring(L, 2)) {
    lua_pushvalue(L, 2);
  } else {
    luaL_error(L, "ctx:fail: reason must be a string, got a %s", luaL_typename(L, 2));
  }
  push_where(L);
  lua_insert(L, -2);
  lua_concat(L, 2);
  const char* message = lua_tostring(L, -1);
  user.record_failure("fail", "", "failed", message);
  push_failure(L, "failed", message);
  return lua_error(L);
}

int ctx_sleep(lua_State* L) {
  UserImpl& user = check_waiting(L, "sleep");
  Micros duration = check_duration(L, 2, "sleep", "duration");
  if (!user.start_sleep(L, duration)) return raise_start_error(L, user);
  return yield_wait(L);
}

int ctx_think(lua_State* L) {
  UserImpl& user = check_waiting(L, "think");
  Micros min = check_duration(L, 2, "think", "min");
  Micros max = lua_isnoneornil(L, 3) ? min : check_duration(L, 3, "think", "max");
  if (max < min) {
    luaL_error(L, "ctx:think: max (%s) is shorter than min (%s)", luaL_tolstring(L, 3, nullptr),
               luaL_tolstring(L, 2, nullptr));
  }
  if (!user.start_think(L, min, max)) return raise_start_error(L, user);
  return yield_wait(L);
}

int ctx_assign(lua_State* L) {
  UserImpl& user = check_user(L, "assign");
  check_selector(L, 2, "assign", "key");
  lua_settop(L, 3);
  if (!push_if_not_plain(L, 3, "value")) return raise_top(L, "assign");
  lua_rawgeti(L, LUA_REGISTRYINDEX, user.state_ref());
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 3);
  lua_rawset(L, -3);
  return 0;
}

int ctx_get(lua_State* L) {
  UserImpl& user = check_user(L, "get");
  check_selector(L, 2, "get", "key");
  lua_settop(L, 3);
  lua_rawgeti(L, LUA_REGISTRYINDEX, user.state_ref());
  lua_pushvalue(L, 2);
  lua_rawget(L, -2);
  if (lua_isnil(L, -1)) lua_pushvalue(L, 3);
  return 1;
}

int ctx_index(lua_State* L) {
  if (lua_type(L, 2) == LUA_TSTRING && std::strcmp(lua_tostring(L, 2), "user") == 0) {
    lua_getiuservalue(L, 1, 1);
    return 1;
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));
  return 1;
}

int ctx_newindex(lua_State* L) {
  return luaL_error(L, "ctx cannot be changed; keep per-user values with ctx:assign(key, value)");
}

constexpr luaL_Reg kFlowMethods[] = {
    {"step", ctx_step},     {"fail", ctx_fail}, {"sleep", ctx_sleep}, {"think", ctx_think},
    {"assign", ctx_assign}, {"get", ctx_get},   {nullptr, nullptr},
};

}  // namespace

void add_flow_methods(lua_State* L) {
  luaL_setfuncs(L, kFlowMethods, 0);
}

void register_ctx(lua_State* L) {
  luaL_newmetatable(L, kCtxMeta);
  lua_newtable(L);
  add_page_methods(L);
  add_flow_methods(L);
  lua_pushcclosure(L, ctx_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ctx_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "ctx");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

}  // namespace liveload::scenario::detail
