#include "scenario/lua_json.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "scenario/lua_state.hpp"

namespace liveload::scenario::detail {

namespace json = boost::json;

namespace {

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool has_metatable(lua_State* L, int index, const char* name) {
  if (!lua_getmetatable(L, index)) return false;
  luaL_getmetatable(L, name);
  bool same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same;
}

class ToJson {
 public:
  explicit ToJson(lua_State* L) : L_(L) {}

  bool value(int index, std::string& path, json::value& out, int depth) {
    switch (lua_type(L_, index)) {
      case LUA_TNIL:
        out = nullptr;
        return true;
      case LUA_TBOOLEAN:
        out = static_cast<bool>(lua_toboolean(L_, index));
        return true;
      case LUA_TNUMBER:
        if (lua_isinteger(L_, index)) {
          out = static_cast<std::int64_t>(lua_tointeger(L_, index));
          return true;
        }
        if (!std::isfinite(lua_tonumber(L_, index))) {
          error = path + " is " + describe_value(L_, index) + ", which JSON cannot hold";
          return false;
        }
        out = lua_tonumber(L_, index);
        return true;
      case LUA_TSTRING: {
        size_t len = 0;
        const char* s = lua_tolstring(L_, index, &len);
        out = json::string(std::string_view(s, len));
        return true;
      }
      case LUA_TTABLE:
        return table(index, path, out, depth);
      default:
        error = path + " is " + describe_value(L_, index) +
                "; only nil, booleans, numbers, strings and tables of those are plain values";
        return false;
    }
  }

  std::string error;

 private:
  bool table(int index, std::string& path, json::value& out, int depth) {
    const void* id = lua_topointer(L_, index);
    if (std::find(open_.begin(), open_.end(), id) != open_.end()) {
      error = path + " contains itself (a cycle)";
      return false;
    }
    if (depth >= kMaxJsonDepth || !lua_checkstack(L_, 4)) {
      error = path + " is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
      return false;
    }
    open_.push_back(id);
    bool converted =
        as_array(index) ? array(index, path, out, depth) : object(index, path, out, depth);
    open_.pop_back();
    return converted;
  }

  // An array when every key is a positive integer and they run 1..n; a table that came from a
  // JSON array may have holes where it held nulls.
  bool as_array(int index) {
    bool marked_array = has_metatable(L_, index, kJsonArrayMeta);
    if (has_metatable(L_, index, kJsonObjectMeta)) return false;
    lua_Integer count = 0;
    lua_Integer max_key = 0;
    lua_pushnil(L_);
    while (lua_next(L_, index)) {
      lua_pop(L_, 1);
      if (!lua_isinteger(L_, -1) || lua_tointeger(L_, -1) < 1) {
        lua_pop(L_, 1);
        return false;
      }
      ++count;
      max_key = std::max(max_key, lua_tointeger(L_, -1));
    }
    if (count == 0) return marked_array;
    if (marked_array) return max_key <= 2 * count + 16;
    return max_key == count;
  }

  bool array(int index, std::string& path, json::value& out, int depth) {
    json::array items;
    lua_Integer n = 0;
    lua_pushnil(L_);
    while (lua_next(L_, index)) {
      lua_pop(L_, 1);
      n = std::max(n, lua_tointeger(L_, -1));
    }
    items.reserve(static_cast<size_t>(n));
    for (lua_Integer i = 1; i <= n; ++i) {
      lua_rawgeti(L_, index, i);
      size_t mark = path.size();
      path += "[" + std::to_string(i) + "]";
      json::value item;
      bool converted = value(lua_gettop(L_), path, item, depth + 1);
      path.resize(mark);
      lua_pop(L_, 1);
      if (!converted) return false;
      items.push_back(std::move(item));
    }
    out = std::move(items);
    return true;
  }

  bool object(int index, std::string& path, json::value& out, int depth) {
    json::object fields;
    lua_pushnil(L_);
    while (lua_next(L_, index)) {
      std::string key;
      if (lua_type(L_, -2) == LUA_TSTRING) {
        size_t len = 0;
        const char* s = lua_tolstring(L_, -2, &len);
        key.assign(s, len);
      } else if (lua_isinteger(L_, -2)) {
        key = std::to_string(lua_tointeger(L_, -2));
      } else {
        error =
            path + " has the key " + describe_value(L_, -2) + "; keys must be strings or integers";
        lua_pop(L_, 2);
        return false;
      }
      size_t mark = path.size();
      if (lua_type(L_, -2) == LUA_TSTRING && is_identifier(key)) {
        path += "." + key;
      } else if (lua_type(L_, -2) == LUA_TSTRING) {
        path += "[\"" + key + "\"]";
      } else {
        path += "[" + key + "]";
      }
      json::value item;
      bool converted = value(lua_gettop(L_), path, item, depth + 1);
      path.resize(mark);
      lua_pop(L_, 1);
      if (!converted) {
        lua_pop(L_, 1);
        return false;
      }
      fields[key] = std::move(item);
    }
    out = std::move(fields);
    return true;
  }

  lua_State* L_;
  std::vector<const void*> open_;  // the tables on the path being converted
};

void push(lua_State* L, const json::value& v, int depth) {
  if (depth > kMaxJsonDepth || !lua_checkstack(L, 4)) {
    lua_pushnil(L);
    return;
  }
  switch (v.kind()) {
    case json::kind::null:
      lua_pushnil(L);
      return;
    case json::kind::bool_:
      lua_pushboolean(L, v.get_bool());
      return;
    case json::kind::int64:
      lua_pushinteger(L, static_cast<lua_Integer>(v.get_int64()));
      return;
    case json::kind::uint64:
      if (v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<lua_Integer>::max())) {
        lua_pushinteger(L, static_cast<lua_Integer>(v.get_uint64()));
      } else {
        lua_pushnumber(L, static_cast<lua_Number>(v.get_uint64()));
      }
      return;
    case json::kind::double_:
      lua_pushnumber(L, v.get_double());
      return;
    case json::kind::string:
      lua_pushlstring(L, v.get_string().data(), v.get_string().size());
      return;
    case json::kind::array: {
      const json::array& items = v.get_array();
      lua_createtable(L, static_cast<int>(std::min<size_t>(items.size(), 1 << 20)), 0);
      lua_Integer i = 0;
      for (const json::value& item : items) {
        push(L, item, depth + 1);
        lua_rawseti(L, -2, ++i);
      }
      luaL_getmetatable(L, kJsonArrayMeta);
      lua_setmetatable(L, -2);
      return;
    }
    case json::kind::object: {
      const json::object& fields = v.get_object();
      lua_createtable(L, 0, static_cast<int>(std::min<size_t>(fields.size(), 1 << 20)));
      for (const auto& field : fields) {
        lua_pushlstring(L, field.key().data(), field.key().size());
        push(L, field.value(), depth + 1);
        lua_rawset(L, -3);
      }
      luaL_getmetatable(L, kJsonObjectMeta);
      lua_setmetatable(L, -2);
      return;
    }
  }
  lua_pushnil(L);
}

}  // namespace

Result<json::value> to_json(lua_State* L, int index, std::string_view root) {
  index = lua_absindex(L, index);
  ToJson converter(L);
  std::string path(root);
  json::value out;
  if (!converter.value(index, path, out, 0)) return Failure{"not plain", converter.error};
  return out;
}

void push_json(lua_State* L, const json::value& value) {
  push(L, value, 0);
}

}  // namespace liveload::scenario::detail
