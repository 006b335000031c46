// inspect(), run_setup() and run_teardown(): each in a state of its own, so that nothing the
// file's top level or setup() leaves in globals reaches the users' states.
#include <exception>

#include "scenario/lua_json.hpp"
#include "scenario/lua_state.hpp"
#include "scenario/module.hpp"
#include "scenario/scenario.hpp"

namespace liveload::scenario {

namespace {

using detail::LuaState;

// Loads the file into `lua` and leaves the scenario table on top of its stack.
Result<ScenarioInfo> load(LuaState& lua) {
  if (auto loaded = detail::load_scenario(lua); !loaded) return loaded.failure();
  auto info = detail::read_module(lua.get(), -1, lua.path());
  if (!info) lua_pop(lua.get(), 1);
  return info;
}

// What setup() and teardown() learn about the run: {target = "http://..."}.
void push_run_info(lua_State* L, const std::string& target) {
  lua_createtable(L, 0, 1);
  if (!target.empty()) {
    lua_pushlstring(L, target.data(), target.size());
    lua_setfield(L, -2, "target");
  }
}

Failure internal(const std::string& path, const std::exception& e) {
  return Failure{"scenario", path + ": " + e.what()};
}

}  // namespace

Result<ScenarioInfo> inspect(const std::string& path) {
  try {
    LuaState lua(path);
    return load(lua);
  } catch (const std::exception& e) {
    return internal(path, e);
  }
}

Result<boost::json::value> run_setup(const ScenarioInfo& info, const std::string& target) {
  if (!info.has_setup) return boost::json::value(nullptr);
  try {
    LuaState lua(info.path);
    auto loaded = load(lua);
    if (!loaded) return loaded.failure();
    lua_State* L = lua.get();
    if (!detail::push_module_function(L, -1, "setup")) {
      return Failure{"scenario", info.path + ": setup is no longer a function"};
    }
    push_run_info(L, target);
    if (auto called = detail::call_to_completion(lua, 1, 1, "setup()"); !called) {
      return called.failure();
    }
    auto config = detail::to_json(L, -1, "config");
    if (!config) {
      return Failure{"scenario", info.path +
                                     ": setup() returned a value that cannot be passed to "
                                     "the users: " +
                                     config.failure().detail};
    }
    return config;
  } catch (const std::exception& e) {
    return internal(info.path, e);
  }
}

Result<Unit> run_teardown(const ScenarioInfo& info, const boost::json::value& config,
                          const std::string& target) {
  if (!info.has_teardown) return ok();
  try {
    LuaState lua(info.path);
    auto loaded = load(lua);
    if (!loaded) return loaded.failure();
    lua_State* L = lua.get();
    if (!detail::push_module_function(L, -1, "teardown")) {
      return Failure{"scenario", info.path + ": teardown is no longer a function"};
    }
    detail::push_json(L, config);
    push_run_info(L, target);
    return detail::call_to_completion(lua, 2, 0, "teardown()");
  } catch (const std::exception& e) {
    return internal(info.path, e);
  }
}

}  // namespace liveload::scenario
