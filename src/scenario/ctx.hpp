#pragma once
// The ctx object a scenario's functions receive: a userdata per user whose methods are the
// C functions of ctx_page.cpp (page operations) and ctx_flow.cpp (steps, failures, waits,
// per-user state). docs/scenario-api.md is their reference.
#include <lua.hpp>

namespace liveload::scenario::detail {

// Creates the ctx metatable (kCtxMeta) in the state; call once before making users.
void register_ctx(lua_State* L);

// Set the methods into the table on top of the stack.
void add_page_methods(lua_State* L);
void add_flow_methods(lua_State* L);

}  // namespace liveload::scenario::detail
