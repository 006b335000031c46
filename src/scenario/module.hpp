#pragma once
// The table a scenario file returns: which of its functions exist, its name and its defaults.
#include <lua.hpp>
#include <string>

#include "scenario/scenario.hpp"

namespace liveload::scenario::detail {

// Reads the value at `index` (what the file's top level returned). Fields are read raw, so a
// metatable on the scenario table is not consulted. Failures are {"scenario", "FILE: ..."}.
Result<ScenarioInfo> read_module(lua_State* L, int index, const std::string& path);

// Pushes module[name] (raw) and returns whether it is a function; pops it when it is not.
bool push_module_function(lua_State* L, int module_index, const char* name);

}  // namespace liveload::scenario::detail
