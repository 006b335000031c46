#pragma once
// Plain values between Lua and JSON: the setup config that travels to every worker's state, the
// storage snapshots and evaluate() results that come from the page, and assign()'s check.
//
// Lua to JSON: nil is null; a table marked as an array or object by push_json keeps its kind; an
// unmarked table whose keys are exactly 1..n is an array, any other an object (integer keys
// become strings, "1"); an empty unmarked table is an object. Functions, userdata, threads,
// non-finite numbers, other key types and tables that contain themselves are refused, naming
// the key path ("config.accounts[2].login").
//
// JSON to Lua: null is nil (so a null inside an array leaves a hole), arrays and objects become
// tables that carry a metatable recording their kind, so that they convert back unchanged.
#include <boost/json/value.hpp>
#include <lua.hpp>
#include <string_view>

#include "util/result.hpp"

namespace liveload::scenario::detail {

// Nesting deeper than this is refused: it protects the C stack and is far beyond any config.
inline constexpr int kMaxJsonDepth = 100;

// Converts the value at `index`. `root` names it in messages. The failure's reason is
// "not plain" and its detail says what and where ("config.handler is a function"). Never raises
// (except on memory exhaustion).
Result<boost::json::value> to_json(lua_State* L, int index, std::string_view root);

// Pushes `value` as a Lua value. Never raises (except on memory exhaustion); values nested
// deeper than kMaxJsonDepth become nil.
void push_json(lua_State* L, const boost::json::value& value);

}  // namespace liveload::scenario::detail
