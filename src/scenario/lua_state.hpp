#pragma once
// A Lua state prepared for scenarios: the standard libraries without what would end the process
// or wait on standard input, and a watchdog that stops Lua code which runs for too long without
// waiting (an endless loop would otherwise freeze a whole worker thread).
//
// Debian's liblua5.4 is built as C, so lua_error and lua_yield longjmp over C++ frames. Every
// function here that may raise says so; the others never raise except on memory exhaustion,
// which makes Lua call its panic function (which aborts) outside a coroutine. Inside a ctx call
// the memory error longjmps over the C++ helper frames instead, leaking what they held; the
// iteration then fails as a script error.
#include <atomic>
#include <chrono>
#include <lua.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/duration.hpp"
#include "util/result.hpp"

namespace liveload::scenario::detail {

using Clock = std::chrono::steady_clock;

// Lua that runs this long between two waits is taken for an endless loop. Real scenario code
// between waits takes microseconds; setup() reading a file of accounts takes milliseconds.
inline constexpr Micros kBusyBudget = std::chrono::minutes(1);

// The deadline of the Lua code running now. The count hook compares it with the clock every few
// thousand instructions; once passed, `fired` is set and the running coroutine is stopped.
struct Watchdog {
  Clock::time_point deadline = Clock::time_point::max();
  bool fired = false;
};

// Registry names of the metatables every state has.
inline constexpr const char* kFailureMeta = "liveload.failure";
inline constexpr const char* kJsonArrayMeta = "liveload.json_array";
inline constexpr const char* kJsonObjectMeta = "liveload.json_object";
inline constexpr const char* kCtxMeta = "liveload.ctx";

class LuaState {
 public:
  // `scenario_path`'s folder is put first on package.path, so that require() finds modules
  // that sit beside the scenario.
  explicit LuaState(const std::string& scenario_path);
  ~LuaState();
  LuaState(const LuaState&) = delete;
  LuaState& operator=(const LuaState&) = delete;

  lua_State* get() const { return L_; }
  const std::string& path() const { return path_; }

  // The watchdog of the coroutine that runs now; set around each lua_resume.
  void watch(Watchdog* w) { watch_ = w; }

  // From any thread: makes the watchdog fire now for whatever Lua code is running, so that a
  // hard stop is not held up by a scenario looping without waiting.
  void interrupt() { interrupted_.store(true, std::memory_order_relaxed); }

 private:
  static void hook(lua_State* L, lua_Debug* ar);

  lua_State* L_;
  std::string path_;
  Watchdog* watch_ = nullptr;
  std::atomic<bool> interrupted_{false};
};

// Loads the scenario file (text only) and runs its top level under the watchdog. On success
// the value it returned is on top of the stack; the failure is {"scenario", "FILE:LINE: ..."}.
Result<Unit> load_scenario(LuaState& lua);

// Calls the function sitting below `nargs` arguments on top of the stack in a fresh coroutine
// under a watchdog of kBusyBudget, leaving its first `nresults` results (padded with nil).
// `what` names the call in messages ("setup()"). Waiting is not possible there: a yield is an
// error.
Result<Unit> call_to_completion(LuaState& lua, int nargs, int nresults, std::string_view what);

// What a person reads for the error object at `index`: its string, its __tostring, or its
// type. The file is put in front when the message does not already name it. Safe to call on
// the main thread outside any Lua call; uses a protected call for __tostring.
std::string describe_error(lua_State* L, int index, const std::string& path);

// Pushes "FILE:LINE: " of the innermost Lua function on the call stack (skipping C functions
// such as pcall, which have no line), or "" when there is none. Raises only on memory errors.
void push_where(lua_State* L);

// A short description of the value at `index` for "got ..." in messages: -3, 2.5, "abc",
// true, nil, a table, a function. Never raises.
std::string describe_value(lua_State* L, int index);

// A Lua string or number as a duration: numbers are seconds, strings as parse_duration reads
// them. Nothing for anything else, negatives and non-finite numbers. Never raises.
std::optional<Micros> to_duration(lua_State* L, int index);

}  // namespace liveload::scenario::detail
