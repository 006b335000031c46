#include "scenario/module.hpp"

#include <boost/url/parse.hpp>
#include <cmath>
#include <filesystem>
#include <optional>

#include "scenario/lua_state.hpp"

namespace liveload::scenario::detail {

namespace {

constexpr const char* kKnownDefaults =
    "users, duration, iterations, target, ramp_up, timeout, iteration_timeout";

// Reads defaults.<key>; `set` returns an empty string when the value is acceptable, otherwise
// what it must be ("a positive integer").
class DefaultsReader {
 public:
  DefaultsReader(lua_State* L, int index, const std::string& path)
      : L_(L), index_(index), path_(path) {}

  std::optional<Failure> read(Defaults& d) {
    lua_pushnil(L_);
    while (lua_next(L_, index_)) {
      std::optional<Failure> problem = field(d);
      lua_pop(L_, 1);
      if (problem) {
        lua_pop(L_, 1);
        return problem;
      }
    }
    return std::nullopt;
  }

 private:
  std::optional<Failure> field(Defaults& d) {
    if (lua_type(L_, -2) != LUA_TSTRING) {
      return Failure{"scenario", path_ + ": defaults has the key " + describe_value(L_, -2) +
                                     "; its keys are " + kKnownDefaults};
    }
    std::string key = lua_tostring(L_, -2);
    if (key == "users") {
      auto n = positive_integer();
      if (!n || *n > 10'000'000) return bad(key, "a positive integer");
      d.users = static_cast<int>(*n);
    } else if (key == "iterations") {
      auto n = positive_integer();
      if (!n) return bad(key, "a positive integer");
      d.iterations = *n;
    } else if (key == "duration" || key == "timeout" || key == "iteration_timeout") {
      auto t = to_duration(L_, -1);
      if (!t || t->count() == 0) {
        return bad(key, "a positive duration like \"30s\", \"5m\" or a number of seconds");
      }
      (key == "duration" ? d.duration : key == "timeout" ? d.op_timeout : d.iteration_timeout) = *t;
    } else if (key == "ramp_up") {
      auto t = to_duration(L_, -1);
      if (!t) return bad(key, "a duration like \"30s\", \"5m\" or a number of seconds");
      d.ramp_up = *t;
    } else if (key == "target") {
      if (lua_type(L_, -1) != LUA_TSTRING) return bad(key, "an http:// or https:// URL");
      std::string target = lua_tostring(L_, -1);
      auto url = boost::urls::parse_absolute_uri(target);
      if (!url || (url->scheme() != "http" && url->scheme() != "https") || !url->has_authority()) {
        return bad(key, "an http:// or https:// URL");
      }
      d.target = target;
    } else {
      return Failure{"scenario", path_ + ": defaults." + key +
                                     " is not a known default; they are " + kKnownDefaults};
    }
    return std::nullopt;
  }

  std::optional<long long> positive_integer() {
    if (lua_type(L_, -1) != LUA_TNUMBER) return std::nullopt;
    if (lua_isinteger(L_, -1)) {
      lua_Integer n = lua_tointeger(L_, -1);
      return n >= 1 ? std::optional<long long>(n) : std::nullopt;
    }
    double x = lua_tonumber(L_, -1);
    if (!std::isfinite(x) || x < 1 || x > 9e15 || std::floor(x) != x) return std::nullopt;
    return static_cast<long long>(x);
  }

  Failure bad(const std::string& key, const char* must_be) {
    return Failure{"scenario", path_ + ": defaults." + key + " must be " + must_be + ", got " +
                                   describe_value(L_, -1)};
  }

  lua_State* L_;
  int index_;
  const std::string& path_;
};

}  // namespace

bool push_module_function(lua_State* L, int module_index, const char* name) {
  module_index = lua_absindex(L, module_index);
  lua_pushstring(L, name);
  lua_rawget(L, module_index);
  if (lua_type(L, -1) == LUA_TFUNCTION) return true;
  lua_pop(L, 1);
  return false;
}

Result<ScenarioInfo> read_module(lua_State* L, int index, const std::string& path) {
  index = lua_absindex(L, index);
  if (lua_type(L, index) != LUA_TTABLE) {
    return Failure{"scenario", path + ": the file must return a table with a run function, got " +
                                   describe_value(L, index)};
  }

  ScenarioInfo info;
  info.path = path;
  info.name = std::filesystem::path(path).stem().string();

  lua_pushliteral(L, "name");
  lua_rawget(L, index);
  if (lua_type(L, -1) == LUA_TSTRING && lua_rawlen(L, -1) > 0) {
    info.name = lua_tostring(L, -1);
  } else if (lua_type(L, -1) != LUA_TNIL) {
    std::string got = describe_value(L, -1);
    lua_pop(L, 1);
    return Failure{"scenario", path + ": name must be a non-empty string, got " + got};
  }
  lua_pop(L, 1);

  struct Hook {
    const char* name;
    bool* present;
  };
  bool has_run = false;
  for (Hook hook : {Hook{"setup", &info.has_setup}, Hook{"user_setup", &info.has_user_setup},
                    Hook{"run", &has_run}, Hook{"user_teardown", &info.has_user_teardown},
                    Hook{"teardown", &info.has_teardown}}) {
    lua_pushstring(L, hook.name);
    lua_rawget(L, index);
    int type = lua_type(L, -1);
    std::string got = type == LUA_TFUNCTION || type == LUA_TNIL ? "" : describe_value(L, -1);
    lua_pop(L, 1);
    if (!got.empty()) {
      return Failure{"scenario", path + ": " + hook.name + " must be a function, got " + got};
    }
    *hook.present = type == LUA_TFUNCTION;
  }
  if (!has_run) {
    return Failure{"scenario",
                   path +
                       ": the scenario table has no run function; add run = function(ctx, "
                       "user) ... end"};
  }

  lua_pushliteral(L, "defaults");
  lua_rawget(L, index);
  if (lua_type(L, -1) == LUA_TTABLE) {
    DefaultsReader reader(L, lua_gettop(L), path);
    if (auto problem = reader.read(info.defaults)) {
      lua_pop(L, 1);
      return *problem;
    }
  } else if (lua_type(L, -1) != LUA_TNIL) {
    std::string got = describe_value(L, -1);
    lua_pop(L, 1);
    return Failure{"scenario", path + ": defaults must be a table, got " + got};
  }
  lua_pop(L, 1);
  return info;
}

}  // namespace liveload::scenario::detail
