// Steps, failures, script errors and bad arguments: what ends an iteration and how it is
// recorded.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace liveload::scenario::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Steps, RecordTheirDurationAndReturnTheFunctionsValues) {
  Harness h(R"lua(
return { run = function(ctx, user)
  local a, b = ctx:step("login", function(c)
    c:click("#login")
    c:step("inner", function() c:click("#x") end)
    return "yes", 2
  end)
  ctx:fill("#out", a .. b)
end }
)lua");
  auto u = h.user(1);
  ASSERT_TRUE(h.iterate(*u, 1).ok());
  EXPECT_EQ(h.recorder.values("step.duration", {{"step", "login"}}).size(), 1u);
  EXPECT_EQ(h.recorder.values("step.duration", {{"step", "inner"}}).size(), 1u);
  EXPECT_THAT(h.outputs(), ElementsAre("yes2"));
}

TEST(Steps, AFailureInsideCarriesTheInnermostStepAndIsRecordedOnce) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:step("journey", function()
    ctx:step("checkout", function()
      ctx:click("#buy")
    end)
  end)
end }
)lua");
  h.page.reply("click", "#buy", Reply{Failure{"timeout", "click #buy: not found"}, 5ms});
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "timeout");
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].step, "checkout");
  EXPECT_EQ(h.recorder.failures[0].target, "#buy");
  EXPECT_EQ(h.recorder.failures[0].reason, "timeout");
  EXPECT_EQ(h.recorder.failures[0].message, h.path + ":5: click #buy: not found");
  EXPECT_TRUE(h.recorder.values("step.duration", {{"step", "checkout"}}).empty());
  EXPECT_TRUE(h.recorder.values("step.duration", {{"step", "journey"}}).empty());
}

TEST(Steps, AScriptErrorInsideIsRecordedWithTheStepOnce) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:step("outer", function()
    ctx:step("compute", function()
      local t = nil
      return t.field
    end)
  end)
end }
)lua");
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "script error");
  EXPECT_THAT(r.failure().detail, HasSubstr(h.path + ":6: attempt to index"));
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].step, "compute");
  EXPECT_EQ(h.recorder.failures[0].target, "");
  EXPECT_EQ(h.recorder.failures[0].reason, "script error");
}

TEST(Steps, ACaughtFailureLeavesTheStepsBalanced) {
  Harness h(R"lua(
return { run = function(ctx, user)
  pcall(ctx.step, ctx, "tries", function() ctx:click("#gone") end)
  ctx:step("after", function() ctx:fail("stop here") end)
end }
)lua");
  h.page.reply("click", "#gone", Reply{Failure{"timeout", "click #gone: none"}});
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(h.recorder.failures.size(), 2u);
  EXPECT_EQ(h.recorder.failures[0].step, "tries");
  EXPECT_EQ(h.recorder.failures[1].step, "after");
}

TEST(Fail, EndsTheIterationWithReasonFailedAndTheMessage) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:click("#a")
  ctx:fail("out of stock")
  ctx:click("#never")
end }
)lua");
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "failed");
  EXPECT_EQ(r.failure().detail, h.path + ":4: out of stock");
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].step, "fail");
  EXPECT_EQ(h.recorder.failures[0].reason, "failed");
  EXPECT_EQ(h.recorder.failures[0].message, h.path + ":4: out of stock");
  EXPECT_EQ(h.page.calls.size(), 1u);
}

TEST(Fail, InsideAStepCarriesTheStepName) {
  Harness h(
      "return { run = function(ctx) ctx:step('pay', function() ctx:fail('declined') end) end }");
  auto u = h.user(1);
  ASSERT_FALSE(h.iterate(*u, 1).ok());
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].step, "pay");
  EXPECT_EQ(h.recorder.failures[0].reason, "failed");
}

TEST(ScriptErrors, ARuntimeErrorInRunIsAScriptErrorWithFileAndLine) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:click("#a")
  local n = nil + 1
end }
)lua");
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "script error");
  EXPECT_THAT(r.failure().detail, HasSubstr(h.path + ":4: attempt to perform arithmetic"));
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].step, "run");
  EXPECT_EQ(h.recorder.failures[0].reason, "script error");
}

TEST(ScriptErrors, BadArgumentsNameTheMethodAndTheScriptLine) {
  struct Case {
    std::string call;
    std::string message;
  };
  const Case cases[] = {
      {"ctx:click(42)", "ctx:click: selector must be a non-empty string, got 42"},
      {"ctx:click('')", "ctx:click: selector must be a non-empty string, got \"\""},
      {"ctx.click('#a')", "ctx:click must be called with a colon: ctx:click(...)"},
      {"ctx:wait_for('#a', { state = 'visibel' })",
       "ctx:wait_for: state must be one of visible, hidden, attached, detached, got \"visibel\""},
      {"ctx:sleep(-1)", "ctx:sleep: duration must be a duration like \"250ms\""},
      {"ctx:sleep('soon')", "ctx:sleep: duration must be a duration"},
      {"ctx:click('#a', { timeuot = '1s' })",
       "ctx:click: unknown option 'timeuot' (it takes: "
       "timeout)"},
      {"ctx:click('#a', { timeout = '0s' })", "ctx:click: timeout must be a positive duration"},
      {"ctx:click('#a', 5)", "ctx:click: options must be a table"},
      {"ctx:fill('#a', {})", "ctx:fill: text must be a string, got a table"},
      {"ctx:wait_for_loading('press', '#a')", "ctx:wait_for_loading: kind must be one of click"},
      {"ctx:select_option('#c', { 'a', {} })", "ctx:select_option: values[2] must be a string"},
      {"ctx:think('2s', '1s')", "ctx:think: max (1s) is shorter than min (2s)"},
      {"ctx:step('', function() end)", "ctx:step: name must be a non-empty string"},
      {"ctx:step('s', 'f')", "ctx:step: fn must be a function, got a string"},
      {"ctx:assign('k', print)", "ctx:assign: value is a function"},
      {"ctx:navigate('http://[bad')", "ctx:navigate: \"http://[bad\" is not a URL"},
      {"ctx:restore_storage('x')", "ctx:restore_storage: snapshot must be a table"},
      {"ctx.user = 3", "ctx cannot be changed"},
  };
  for (const Case& c : cases) {
    Harness h("return { run = function(ctx, user)\n  " + c.call + "\nend }\n");
    auto u = h.user(1);
    auto r = h.iterate(*u, 1);
    ASSERT_FALSE(r.ok()) << c.call;
    EXPECT_EQ(r.failure().reason, "script error") << c.call;
    EXPECT_THAT(r.failure().detail, HasSubstr(h.path + ":2: " + c.message)) << c.call;
    EXPECT_TRUE(h.page.calls.empty()) << c.call;
    ASSERT_EQ(h.recorder.failures.size(), 1u) << c.call;
    EXPECT_EQ(h.recorder.failures[0].reason, "script error");
  }
}

TEST(ScriptErrors, WaitingWhereLuaCannotYieldIsAClearError) {
  Harness h(R"lua(
return { run = function(ctx, user)
  local t = { 2, 1 }
  table.sort(t, function(a, b) ctx:click("#x"); return a < b end)
end }
)lua");
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.failure().detail, HasSubstr("ctx:click cannot wait here"));
}

TEST(ScriptErrors, ACtxCallInsideACoroutineOfTheScriptIsRefused) {
  Harness h(R"lua(
return { run = function(ctx, user)
  local co = coroutine.wrap(function() ctx:click("#x") end)
  co()
end }
)lua");
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.failure().detail, HasSubstr("ctx:click: called outside its user's running call"));
  EXPECT_TRUE(h.page.calls.empty());
}

TEST(ScriptErrors, YieldingOutsideACtxCallIsAScriptError) {
  Harness h("return { run = function(ctx) coroutine.yield(1) end }");
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "script error");
  EXPECT_THAT(r.failure().detail, HasSubstr("run() yielded outside a ctx call"));
}

TEST(ScriptErrors, AnotherUsersCtxIsRefused) {
  Harness h(R"lua(
return { run = function(ctx, user)
  if user.id == 1 then shared_ctx = ctx; return end
  shared_ctx:click("#x")
end }
)lua");
  auto first = h.user(1);
  auto second = h.user(2);
  ASSERT_TRUE(h.iterate(*first, 1).ok());
  auto r = h.iterate(*second, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.failure().detail, HasSubstr("called outside its user's running call"));
  first.reset();
  auto gone = h.iterate(*second, 2);
  ASSERT_FALSE(gone.ok());
  EXPECT_THAT(gone.failure().detail, HasSubstr("belongs to a user that has ended"));
}

}  // namespace
}  // namespace liveload::scenario::testing
