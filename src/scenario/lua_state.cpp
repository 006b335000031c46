#include "scenario/lua_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <new>
#include <stdexcept>

namespace liveload::scenario::detail {

namespace {

// How often the watchdog looks at the clock: every 16384 VM instructions, a few tens of
// microseconds of Lua, so a clock read costs well under 0.1% of the time.
constexpr int kHookInstructions = 1 << 14;

// Runs once in every state before the scenario. Standard input belongs to liveload (the
// terminal's Ctrl-C handling and the progress line), and os.exit would end every user at once.
// Chunks are text only: a binary chunk can crash the interpreter.
constexpr const char* kPrelude = R"lua(
local dir = ...
local function unavailable(name, why)
  return function() error(name .. " is not available in a scenario: " .. why, 2) end
end
os.exit = unavailable("os.exit", "end an iteration with ctx:fail(reason)")
io.read = unavailable("io.read", "standard input belongs to liveload")
debug.sethook = unavailable("debug.sethook", "liveload's watchdog uses the hook")
io.stdin = nil
io.input("/dev/null")
local lines, raw_loadfile, raw_load = io.lines, loadfile, load
io.lines = function(name, ...)
  if name == nil then error("io.lines needs a file name in a scenario", 2) end
  return lines(name, ...)
end
loadfile = function(name, mode, env)
  if name == nil then error("loadfile needs a file name in a scenario", 2) end
  return raw_loadfile(name, "t", env)
end
dofile = function(name)
  if name == nil then error("dofile needs a file name in a scenario", 2) end
  local chunk, err = raw_loadfile(name, "t")
  if not chunk then error(err, 2) end
  return chunk()
end
load = function(chunk, name, mode, env) return raw_load(chunk, name, "t", env) end
package.path = dir .. "/?.lua;" .. package.path
)lua";

int failure_tostring(lua_State* L) {
  lua_getfield(L, 1, "message");
  if (lua_type(L, -1) != LUA_TSTRING) {
    lua_pop(L, 1);
    lua_pushliteral(L, "failure");
  }
  return 1;
}

int panic(lua_State* L) {
  const char* msg = lua_tostring(L, -1);
  std::fprintf(stderr, "liveload: unrecoverable Lua error: %s\n", msg ? msg : "(no message)");
  return 0;  // Lua aborts after this returns
}

}  // namespace

LuaState::LuaState(const std::string& scenario_path) : L_(luaL_newstate()), path_(scenario_path) {
  if (!L_) throw std::bad_alloc();
  lua_atpanic(L_, panic);
  // Every coroutine copies the main thread's extra space, so the hook finds this object from
  // any of them.
  *static_cast<LuaState**>(lua_getextraspace(L_)) = this;
  lua_sethook(L_, hook, LUA_MASKCOUNT, kHookInstructions);
  luaL_openlibs(L_);

  luaL_newmetatable(L_, kFailureMeta);
  lua_pushcfunction(L_, failure_tostring);
  lua_setfield(L_, -2, "__tostring");
  luaL_newmetatable(L_, kJsonArrayMeta);
  luaL_newmetatable(L_, kJsonObjectMeta);
  lua_pop(L_, 3);

  std::string dir = std::filesystem::path(scenario_path).parent_path().string();
  if (dir.empty()) dir = ".";
  if (luaL_loadbuffer(L_, kPrelude, std::char_traits<char>::length(kPrelude), "=prelude") !=
      LUA_OK) {
    std::string err = lua_tostring(L_, -1);
    lua_close(L_);
    throw std::runtime_error("the scenario prelude does not load: " + err);
  }
  lua_pushlstring(L_, dir.data(), dir.size());
  if (lua_pcall(L_, 1, 0, 0) != LUA_OK) {
    std::string err = lua_tostring(L_, -1) ? lua_tostring(L_, -1) : "?";
    lua_close(L_);
    throw std::runtime_error("the scenario prelude failed: " + err);
  }
}

LuaState::~LuaState() {
  lua_close(L_);
}

void LuaState::hook(lua_State* L, lua_Debug*) {
  LuaState* self = *static_cast<LuaState**>(lua_getextraspace(L));
  Watchdog* w = self ? self->watch_ : nullptr;
  if (!w) return;
  if (!w->fired && Clock::now() < w->deadline &&
      !self->interrupted_.load(std::memory_order_relaxed)) {
    return;
  }
  w->fired = true;
  // Yielding cannot be caught by pcall, so the loop really stops; where Lua cannot yield (inside
  // table.sort, a metamethod) an error is the best we have, and the hook fires again soon.
  if (lua_isyieldable(L)) {
    lua_yield(L, 0);
    return;
  }
  luaL_error(L, "stopped by liveload: ran too long without waiting");
}

Result<Unit> load_scenario(LuaState& lua) {
  lua_State* L = lua.get();
  if (luaL_loadfilex(L, lua.path().c_str(), "t") != LUA_OK) {
    std::string message = describe_error(L, -1, lua.path());
    lua_pop(L, 1);
    return Failure{"scenario", message};
  }
  return call_to_completion(lua, 0, 1, "the file's top level");
}

Result<Unit> call_to_completion(LuaState& lua, int nargs, int nresults, std::string_view what) {
  lua_State* L = lua.get();
  lua_State* co = lua_newthread(L);
  lua_insert(L, -(nargs + 2));
  lua_xmove(L, co, nargs + 1);

  Watchdog watchdog;
  watchdog.deadline = Clock::now() + kBusyBudget;
  lua.watch(&watchdog);
  int nres = 0;
  int status = lua_resume(co, L, nargs, &nres);
  lua.watch(nullptr);

  if (status == LUA_OK && !watchdog.fired) {
    if (nres > nresults) lua_pop(co, nres - nresults);
    for (int i = nres; i < nresults; ++i) lua_pushnil(co);
    lua_xmove(co, L, nresults);
    lua_remove(L, -(nresults + 1));
    return ok();
  }

  std::string message;
  if (watchdog.fired) {
    message = lua.path() + ": " + std::string(what) + " ran Lua for " +
              format_duration(kBusyBudget) + " without finishing (an endless loop?)";
  } else if (status == LUA_YIELD) {
    message = lua.path() + ": " + std::string(what) +
              " yielded; waiting (ctx calls, coroutine.yield) is only possible in user_setup, "
              "run and user_teardown";
  } else {
    lua_xmove(co, L, 1);
    message = describe_error(L, -1, lua.path());
    lua_pop(L, 1);
  }
  lua_pop(L, 1);  // the coroutine
  return Failure{"scenario", message};
}

std::string describe_error(lua_State* L, int index, const std::string& path) {
  index = lua_absindex(L, index);
  std::string message;
  int type = lua_type(L, index);
  if (type == LUA_TSTRING || type == LUA_TNUMBER) {
    lua_pushvalue(L, index);
    message = lua_tostring(L, -1);
    lua_pop(L, 1);
  } else if (luaL_getmetafield(L, index, "__tostring") != LUA_TNIL) {
    lua_pushvalue(L, index);
    if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING) {
      message = lua_tostring(L, -1);
    } else {
      message = std::string("(error object is a ") + luaL_typename(L, index) + " value)";
    }
    lua_pop(L, 1);
  } else {
    message = std::string("(error object is a ") + luaL_typename(L, index) + " value)";
  }
  if (message.find(path) == std::string::npos) message = path + ": " + message;
  return message;
}

void push_where(lua_State* L) {
  // Level 0 is the running C function; the scenario's line is usually at level 1.
  constexpr int kDeepest = 20;
  lua_Debug ar;
  for (int level = 1; level <= kDeepest && lua_getstack(L, level, &ar); ++level) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline > 0) {
      lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
      return;
    }
  }
  lua_pushliteral(L, "");
}

std::string describe_value(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TNIL:
      return "nil";
    case LUA_TBOOLEAN:
      return lua_toboolean(L, index) ? "true" : "false";
    case LUA_TNUMBER: {
      lua_pushvalue(L, index);
      std::string text = lua_tostring(L, -1);
      lua_pop(L, 1);
      return text;
    }
    case LUA_TSTRING: {
      size_t len = 0;
      const char* s = lua_tolstring(L, index, &len);
      constexpr size_t kShown = 60;
      std::string text(s, std::min(len, kShown));
      return "\"" + text + (len > kShown ? "...\"" : "\"");
    }
    case LUA_TTABLE:
      return "a table";
    case LUA_TFUNCTION:
      return "a function";
    default:
      return std::string("a ") + luaL_typename(L, index);
  }
}

std::optional<Micros> to_duration(lua_State* L, int index) {
  if (lua_type(L, index) == LUA_TNUMBER) {
    double seconds = lua_tonumber(L, index);
    // Beyond 30 years a duration is a mistake, and the conversion below would overflow.
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e9) return std::nullopt;
    return Micros(static_cast<long long>(std::llround(seconds * 1e6)));
  }
  if (lua_type(L, index) == LUA_TSTRING) {
    size_t len = 0;
    const char* s = lua_tolstring(L, index, &len);
    return parse_duration(std::string_view(s, len));
  }
  return std::nullopt;
}

}  // namespace liveload::scenario::detail
