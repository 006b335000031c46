// inspect(), run_setup() and run_teardown(): what they read from a scenario file and how each
// kind of mistake is reported.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "harness.hpp"

namespace liveload::scenario::testing {
namespace {

using ::testing::HasSubstr;

Failure inspect_failure(const std::string& name, const std::string& source) {
  auto path = write_scenario(name, source);
  auto info = inspect(path);
  EXPECT_FALSE(info.ok()) << "inspect accepted " << name;
  return info.ok() ? Failure{} : info.failure();
}

TEST(Inspect, ReadsNameDefaultsAndWhichFunctionsExist) {
  auto path = write_scenario("full.lua", R"lua(
return {
  name = "checkout",
  defaults = {
    users = 20, duration = "5m", iterations = 3, target = "http://127.0.0.1:4000",
    ramp_up = 30, timeout = "250ms", iteration_timeout = "1m30s",
  },
  setup = function() end,
  user_setup = function(ctx, user) end,
  run = function(ctx, user) end,
  teardown = function(config) end,
}
)lua");
  auto info = inspect(path);
  ASSERT_TRUE(info.ok()) << info.failure().detail;
  const ScenarioInfo& s = info.value();
  EXPECT_EQ(s.path, path);
  EXPECT_EQ(s.name, "checkout");
  EXPECT_EQ(s.defaults.users, 20);
  EXPECT_EQ(s.defaults.duration, Micros(5min));
  EXPECT_EQ(s.defaults.iterations, 3);
  EXPECT_EQ(s.defaults.target, "http://127.0.0.1:4000");
  EXPECT_EQ(s.defaults.ramp_up, Micros(30s));
  EXPECT_EQ(s.defaults.op_timeout, Micros(250ms));
  EXPECT_EQ(s.defaults.iteration_timeout, Micros(90s));
  EXPECT_TRUE(s.has_setup);
  EXPECT_TRUE(s.has_user_setup);
  EXPECT_FALSE(s.has_user_teardown);
  EXPECT_TRUE(s.has_teardown);
}

TEST(Inspect, NameDefaultsToTheFileStemAndDefaultsMayBeAbsent) {
  auto info = inspect(write_scenario("my_flow.lua", "return { run = function() end }"));
  ASSERT_TRUE(info.ok()) << info.failure().detail;
  EXPECT_EQ(info.value().name, "my_flow");
  EXPECT_FALSE(info.value().defaults.users.has_value());
  EXPECT_FALSE(info.value().defaults.target.has_value());
}

TEST(Inspect, SyntaxErrorNamesFileAndLine) {
  Failure f = inspect_failure("syntax.lua", "return {\n  run = function(ctx)\n    ctx:click(\n");
  EXPECT_EQ(f.reason, "scenario");
  EXPECT_THAT(f.detail, HasSubstr("syntax.lua:4:")) << f.detail;
}

TEST(Inspect, RuntimeErrorAtTopLevelNamesFileAndLine) {
  Failure f = inspect_failure("top.lua", "local x = 1\nlocal y = nil\nlocal z = y.field\n");
  EXPECT_EQ(f.reason, "scenario");
  EXPECT_THAT(f.detail, HasSubstr("top.lua:3:")) << f.detail;
  EXPECT_THAT(f.detail, HasSubstr("attempt to index")) << f.detail;
}

TEST(Inspect, ErrorWithoutPositionStillNamesTheFile) {
  Failure f = inspect_failure("nopos.lua", "error({code = 1})\n");
  EXPECT_THAT(f.detail, HasSubstr("nopos.lua: (error object is a table value)")) << f.detail;
}

TEST(Inspect, MissingFileIsNamed) {
  auto info = inspect("/nonexistent/dir/nothing.lua");
  ASSERT_FALSE(info.ok());
  EXPECT_THAT(info.failure().detail, HasSubstr("/nonexistent/dir/nothing.lua"));
}

TEST(Inspect, RejectsAFileThatReturnsNoTable) {
  Failure f = inspect_failure("nothing.lua", "local x = 1\n");
  EXPECT_THAT(f.detail, HasSubstr("nothing.lua: the file must return a table with a run function, "
                                  "got nil"));
}

TEST(Inspect, RejectsAScenarioWithoutRun) {
  Failure f = inspect_failure("norun.lua", "return { name = 'x', setup = function() end }");
  EXPECT_THAT(f.detail, HasSubstr("norun.lua: the scenario table has no run function"));
}

TEST(Inspect, RejectsAHookThatIsNotAFunction) {
  Failure f = inspect_failure("hook.lua", "return { run = function() end, teardown = 'later' }");
  EXPECT_THAT(f.detail, HasSubstr("hook.lua: teardown must be a function, got \"later\""));
}

TEST(Inspect, BadDefaultsNameTheField) {
  struct Case {
    std::string defaults;
    std::string message;
  };
  const Case cases[] = {
      {"users = -3", "defaults.users must be a positive integer, got -3"},
      {"users = 2.5", "defaults.users must be a positive integer, got 2.5"},
      {"users = '10'", "defaults.users must be a positive integer, got \"10\""},
      {"iterations = 0", "defaults.iterations must be a positive integer, got 0"},
      {"duration = '5 minutes'", "defaults.duration must be a positive duration"},
      {"timeout = -1", "defaults.timeout must be a positive duration"},
      {"iteration_timeout = 0", "defaults.iteration_timeout must be a positive duration"},
      {"ramp_up = true", "defaults.ramp_up must be a duration like"},
      {"target = 'localhost:4000'", "defaults.target must be an http:// or https:// URL"},
      {"usres = 3", "defaults.usres is not a known default; they are users, duration"},
  };
  for (const Case& c : cases) {
    auto path = write_scenario("defaults.lua",
                               "return { defaults = {" + c.defaults + "}, run = function() end }");
    auto info = inspect(path);
    ASSERT_FALSE(info.ok()) << c.defaults;
    EXPECT_EQ(info.failure().reason, "scenario");
    EXPECT_THAT(info.failure().detail, HasSubstr(path + ": " + c.message)) << c.defaults;
  }
}

TEST(Inspect, TheExampleMessageForUsersIsExact) {
  auto path = write_scenario("x.lua", "return { defaults = { users = -3 }, run = function() end }");
  auto info = inspect(path);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.failure().detail, path + ": defaults.users must be a positive integer, got -3");
}

TEST(Inspect, ProcessExitAndStandardInputAreUnavailable) {
  Failure exit_call = inspect_failure("exit.lua", "local a = 1\nos.exit(3)\n");
  EXPECT_THAT(exit_call.detail, HasSubstr("exit.lua:2: os.exit is not available in a scenario"));
  Failure read_call = inspect_failure("read.lua", "local line = io.read()\n");
  EXPECT_THAT(read_call.detail, HasSubstr("read.lua:1: io.read is not available"));
  Failure lines_call = inspect_failure("lines.lua", "for l in io.lines() do end\n");
  EXPECT_THAT(lines_call.detail, HasSubstr("lines.lua:1: io.lines needs a file name"));
}

TEST(Inspect, KeepsTheUsualLibraries) {
  auto info = inspect(write_scenario("libs.lua", R"lua(
assert(string.format("%03d", 7) == "007")
assert(table.concat({1, 2}, ",") == "1,2")
assert(math.floor(2.5) == 2)
assert(type(os.time()) == "number" and type(os.clock()) == "number")
assert(type(os.date("%Y")) == "string")
assert(type(print) == "function")
return { run = function() end }
)lua"));
  EXPECT_TRUE(info.ok()) << info.failure().detail;
}

TEST(Inspect, RefusesBinaryChunks) {
  auto info = inspect(write_scenario("dump.lua", R"lua(
local f, err = load(string.dump(function() return 1 end))
assert(f == nil and err:find("binary"), "load() accepted a binary chunk")
return { run = function() end }
)lua"));
  ASSERT_TRUE(info.ok()) << info.failure().detail;
  auto binary = write_scenario("binary.lua", std::string("\x1bLua\x54", 5));
  auto refused = inspect(binary);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.failure().detail, HasSubstr("binary"));
}

TEST(Inspect, RequireFindsModulesBesideTheScenario) {
  write_scenario("helper_mod.lua", "return { answer = 42 }");
  auto info = inspect(write_scenario(
      "uses_helper.lua",
      "local h = require('helper_mod')\nassert(h.answer == 42)\nreturn { run = function() end }"));
  EXPECT_TRUE(info.ok()) << info.failure().detail;
}

TEST(RunSetup, ReturnsTheConfigAsJsonWithArraysAndObjects) {
  auto path = write_scenario("setup.lua", R"lua(
return {
  setup = function(run)
    return {
      target = run.target,
      accounts = { { login = "a", pin = 1 }, { login = "b", pin = 2 } },
      flags = { fast = true, ratio = 0.5 },
      empty = {},
      [7] = "seven",
    }
  end,
  run = function() end,
}
)lua");
  auto info = inspect(path);
  ASSERT_TRUE(info.ok()) << info.failure().detail;
  auto config = run_setup(info.value(), "http://127.0.0.1:9");
  ASSERT_TRUE(config.ok()) << config.failure().detail;
  EXPECT_EQ(config.value(), boost::json::parse(R"({
    "target": "http://127.0.0.1:9",
    "accounts": [{"login": "a", "pin": 1}, {"login": "b", "pin": 2}],
    "flags": {"fast": true, "ratio": 0.5},
    "empty": {},
    "7": "seven"
  })"))
      << boost::json::serialize(config.value());
}

TEST(RunSetup, WithoutSetupTheConfigIsNull) {
  auto info = inspect(write_scenario("nosetup.lua", "return { run = function() end }"));
  ASSERT_TRUE(info.ok());
  auto config = run_setup(info.value(), "");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config.value().is_null());
}

TEST(RunSetup, RefusesValuesThatAreNotPlainNamingTheKeyPath) {
  struct Case {
    std::string returned;
    std::string message;
  };
  const Case cases[] = {
      {"{ handler = print }", "config.handler is a function"},
      {"{ list = { 1, 2, io.stdout } }", "config.list[3] is a userdata"},
      {"{ ['odd key'] = { coroutine.create(print) } }", "config[\"odd key\"][1] is a thread"},
      {"{ x = 0/0 }", "config.x is"},
      {"{ [true] = 1 }", "config has the key true; keys must be strings or integers"},
  };
  for (const Case& c : cases) {
    auto path = write_scenario("bad_setup.lua", "return { setup = function() return " + c.returned +
                                                    " end, run = function() end }");
    auto info = inspect(path);
    ASSERT_TRUE(info.ok()) << info.failure().detail;
    auto config = run_setup(info.value(), "");
    ASSERT_FALSE(config.ok()) << c.returned;
    EXPECT_EQ(config.failure().reason, "scenario");
    EXPECT_THAT(config.failure().detail, HasSubstr(path + ": setup() returned"));
    EXPECT_THAT(config.failure().detail, HasSubstr(c.message)) << config.failure().detail;
  }
}

TEST(RunSetup, RefusesACycle) {
  auto path = write_scenario("cycle.lua", R"lua(
return {
  setup = function() local t = { inner = {} }; t.inner.back = t; return t end,
  run = function() end,
}
)lua");
  auto config = run_setup(inspect(path).value(), "");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.failure().detail, HasSubstr("config.inner.back contains itself"));
}

TEST(RunSetup, ErrorInSetupNamesFileAndLine) {
  auto path = write_scenario("setup_error.lua",
                             "return {\n  setup = function()\n    error('no accounts')\n  end,\n"
                             "  run = function() end,\n}\n");
  auto config = run_setup(inspect(path).value(), "");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.failure().reason, "scenario");
  EXPECT_THAT(config.failure().detail, HasSubstr("setup_error.lua:3: no accounts"));
}

TEST(RunTeardown, ReceivesTheConfig) {
  auto path = write_scenario("teardown.lua", R"lua(
return {
  run = function() end,
  teardown = function(config, run)
    if config.accounts[2] ~= "b" then error("got " .. tostring(config.accounts[2])) end
    if run.target ~= "http://t" then error("target " .. tostring(run.target)) end
  end,
}
)lua");
  auto info = inspect(path).value();
  EXPECT_TRUE(
      run_teardown(info, boost::json::parse(R"({"accounts": ["a", "b"]})"), "http://t").ok());
  auto failed = run_teardown(info, boost::json::parse(R"({"accounts": ["a", "c"]})"), "http://t");
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.failure().detail, HasSubstr("teardown.lua:5: got c"));
}

}  // namespace
}  // namespace liveload::scenario::testing
