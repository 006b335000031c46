#pragma once
// Argument checks and the yield/resume glue shared by the ctx functions.
//
// Every check_* raises a Lua error that names the method and the argument ("ctx:click: selector
// must be a non-empty string, got 42"); luaL_error puts the script's file:line in front. Since
// lua_error longjmps, they must be called only where no C++ object with a destructor is alive.
#include <lua.hpp>
#include <string_view>

#include "scenario/user.hpp"

namespace liveload::scenario::detail {

// Options every waiting call takes.
inline constexpr const char* kTimeoutOnly[] = {"timeout", nullptr};

// Argument 1 is the ctx of a live user whose coroutine is the one running.
UserImpl& check_user(lua_State* L, const char* method);
// As check_user, and the call may yield from where it was made.
UserImpl& check_waiting(lua_State* L, const char* method);

std::string_view check_selector(lua_State* L, int arg, const char* method,
                                const char* name = "selector");
// A string or a number (converted in place).
std::string_view check_text(lua_State* L, int arg, const char* method, const char* name);
Micros check_duration(lua_State* L, int arg, const char* method, const char* name);

// `arg` is nil, absent or a table whose keys are among `allowed` (null-terminated).
void check_options(lua_State* L, int arg, const char* method, const char* const* allowed);
// options.timeout, or the user's default per-operation timeout.
Millis option_timeout(lua_State* L, int arg, const char* method, const UserImpl& user);
// Index into `names` (null-terminated) of options.<key>, or `fallback` when it is absent.
int option_choice(lua_State* L, int arg, const char* method, const char* key,
                  const char* const* names, int fallback);
// Index into `names` of the string argument `arg`.
int check_choice(lua_State* L, int arg, const char* method, const char* name,
                 const char* const* names);

// Whether the value at `arg` is plain (see lua_json.hpp); if not, pushes the problem
// ("snapshot.x is a function") and returns false. Never raises.
bool push_if_not_plain(lua_State* L, int arg, const char* root) noexcept;

// Raises "FILE:LINE: ctx:<method>: <the user's start error>".
int raise_start_error(lua_State* L, const UserImpl& user);
// Raises "FILE:LINE: ctx:<method>: <the string on top of the stack>".
int raise_top(lua_State* L, const char* method);

// Suspends the calling coroutine until the wait just started completes; then returns the
// wait's values or raises its failure.
int yield_wait(lua_State* L);

}  // namespace liveload::scenario::detail
