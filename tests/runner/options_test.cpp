#include "runner/options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace std::chrono_literals;
using liveload::Micros;
using liveload::runner::Machine;
using liveload::runner::resolve;
using liveload::runner::RunOptions;
using liveload::scenario::ScenarioInfo;
using ::testing::HasSubstr;

namespace {

Machine two_cores() {
  Machine m;
  m.cores = 2;
  m.available_memory_bytes = 8ull << 30;
  return m;
}

ScenarioInfo scenario() {
  ScenarioInfo s;
  s.path = "examples/counter.lua";
  s.name = "counter";
  return s;
}

RunOptions with_target() {
  RunOptions o;
  o.target = "http://127.0.0.1:4000";
  return o;
}

std::string error_of(const RunOptions& o, const ScenarioInfo& s = scenario()) {
  auto r = resolve(o, s, two_cores(), nullptr);
  return r ? "" : r.failure().detail;
}

}  // namespace

TEST(ResolveOptions, CommandLineOverridesTheScenarioDefaults) {
  ScenarioInfo s = scenario();
  s.defaults.users = 7;
  s.defaults.duration = Micros(1min);
  s.defaults.target = "http://127.0.0.1:1";
  RunOptions o = with_target();
  o.users = 3;
  o.iterations = 4;
  auto plan = resolve(o, s, two_cores(), nullptr);
  ASSERT_TRUE(plan) << plan.failure().detail;
  EXPECT_EQ(plan.value().users, 3);
  EXPECT_EQ(plan.value().target, "http://127.0.0.1:4000");
  // --iterations replaces the scenario's duration rather than adding to it.
  EXPECT_EQ(plan.value().iterations, 4);
  EXPECT_FALSE(plan.value().duration.has_value());
}

TEST(ResolveOptions, ScenarioDefaultsApplyWhenNotOverridden) {
  ScenarioInfo s = scenario();
  s.defaults.users = 5;
  s.defaults.ramp_up = Micros(10s);
  s.defaults.duration = Micros(1min);
  s.defaults.op_timeout = Micros(3s);
  auto plan = resolve(with_target(), s, two_cores(), nullptr);
  ASSERT_TRUE(plan) << plan.failure().detail;
  EXPECT_EQ(plan.value().users, 5);
  EXPECT_EQ(plan.value().ramp_up, Micros(10s));
  EXPECT_EQ(plan.value().duration, Micros(1min));
  EXPECT_EQ(plan.value().op_timeout, Micros(3s));
}

TEST(ResolveOptions, WithoutDurationOrIterationsEachUserRunsOnce) {
  auto plan = resolve(with_target(), scenario(), two_cores(), nullptr);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan.value().iterations, 1);
  EXPECT_EQ(plan.value().bucket, Micros(5s));
  EXPECT_EQ(plan.value().op_timeout, Micros(30s));
  EXPECT_EQ(plan.value().iteration_timeout, Micros(2min));
}

TEST(ResolveOptions, BrowsersDefaultToCoresButNeverExceedUsers) {
  RunOptions o = with_target();
  o.users = 10;
  EXPECT_EQ(resolve(o, scenario(), two_cores(), nullptr).value().browsers, 2);
  o.users = 1;
  EXPECT_EQ(resolve(o, scenario(), two_cores(), nullptr).value().browsers, 1);
}

TEST(ResolveOptions, ChromiumComesFromTheOptionThenTheEnvironment) {
  RunOptions o = with_target();
  EXPECT_EQ(resolve(o, scenario(), two_cores(), nullptr).value().chromium, "/usr/bin/chromium");
  EXPECT_EQ(resolve(o, scenario(), two_cores(), "/opt/c").value().chromium, "/opt/c");
  o.chromium = "/x/chromium";
  EXPECT_EQ(resolve(o, scenario(), two_cores(), "/opt/c").value().chromium, "/x/chromium");
}

TEST(ResolveOptions, EveryErrorNamesItsOption) {
  RunOptions o = with_target();
  o.users = 0;
  EXPECT_THAT(error_of(o), HasSubstr("--users"));

  o = with_target();
  o.duration = "5 parsecs";
  EXPECT_THAT(error_of(o), HasSubstr("--duration: \"5 parsecs\" is not a duration"));

  o = with_target();
  o.iterations = 0;
  EXPECT_THAT(error_of(o), HasSubstr("--iterations"));

  o = with_target();
  o.bucket = "10ms";
  EXPECT_THAT(error_of(o), HasSubstr("--bucket"));

  o = with_target();
  o.duration = "10s";
  o.ramp_up = "1m";
  EXPECT_THAT(error_of(o), HasSubstr("--ramp-up"));

  o = with_target();
  o.timeout = "0s";
  EXPECT_THAT(error_of(o), HasSubstr("--timeout"));

  o = with_target();
  o.browsers = 0;
  EXPECT_THAT(error_of(o), HasSubstr("--browsers"));
}

TEST(ResolveOptions, TheTargetMustBeAnHttpUrl) {
  RunOptions o;
  EXPECT_THAT(error_of(o), HasSubstr("--target: no target URL"));
  for (const char* bad : {"ftp://127.0.0.1/", "127.0.0.1:4000", "http://", "not a url"}) {
    o.target = bad;
    EXPECT_THAT(error_of(o), HasSubstr("--target")) << bad;
  }
}

TEST(ResolveOptions, TooManyUsersForTheBrowsersIsAnErrorThatSaysWhatToRaise) {
  RunOptions o = with_target();
  o.users = 50;
  o.browsers = 2;
  o.users_per_browser = 20;
  EXPECT_THAT(error_of(o), HasSubstr("--browsers or --users-per-browser"));
  o.users_per_browser = 25;
  EXPECT_EQ(error_of(o), "");
}
