// A virtual user's life: iterations, timeouts, abandon(), per-user state, randomness, and many
// users sharing one worker state.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>

#include "harness.hpp"

namespace liveload::scenario::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Iterations, UserIdIterationAndCtxUserAreVisibleToTheScript) {
  Harness h(R"lua(
return {
  user_setup = function(ctx, user)
    ctx:fill("#out", "setup " .. user.id .. " " .. user.iteration)
  end,
  run = function(ctx, user)
    ctx:fill("#out", user.id .. ":" .. user.iteration .. ":" .. tostring(ctx.user == user))
  end,
  user_teardown = function(ctx, user) ctx:fill("#out", "teardown " .. user.iteration) end,
}
)lua");
  auto u = h.user(4);
  ASSERT_TRUE(h.setup(*u).ok());
  ASSERT_TRUE(h.iterate(*u, 1).ok());
  ASSERT_TRUE(h.iterate(*u, 2).ok());
  ASSERT_TRUE(h.teardown(*u).ok());
  EXPECT_THAT(h.outputs(), ElementsAre("setup 4 0", "4:1:true", "4:2:true", "teardown 2"));
}

TEST(Iterations, MissingHooksCompleteWithOk) {
  Harness h("return { run = function(ctx) end }");
  auto u = h.user(1);
  EXPECT_TRUE(h.setup(*u).ok());
  EXPECT_TRUE(h.teardown(*u).ok());
  EXPECT_TRUE(h.page.calls.empty());
}

TEST(Iterations, AScriptErrorInUserSetupIsRecordedUnderUserSetup) {
  Harness h(R"lua(
return {
  user_setup = function(ctx, user) error("no account for user " .. user.id) end,
  run = function(ctx) end,
}
)lua");
  auto u = h.user(5);
  auto r = h.setup(*u);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "script error");
  EXPECT_THAT(r.failure().detail, HasSubstr(h.path + ":3: no account for user 5"));
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].step, "user_setup");
}

TEST(Iterations, DoneNeverRunsInsideTheCallThatStartedIt) {
  Harness h("return { run = function(ctx) end }");
  auto u = h.user(1);
  bool called = false;
  u->run_iteration(1, 10s, [&](Result<Unit>) { called = true; });
  EXPECT_FALSE(called);
  h.drain();
  EXPECT_TRUE(called);
}

TEST(Iterations, ASecondCallWhileOneRunsIsRefused) {
  Harness h("return { run = function(ctx) ctx:click('#a') end }");
  auto u = h.user(1);
  std::optional<Result<Unit>> first, second;
  u->run_iteration(1, 10s, [&](Result<Unit> r) { first = r; });
  u->run_iteration(2, 10s, [&](Result<Unit> r) { second = r; });
  h.drain();
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->ok());
  ASSERT_FALSE(second->ok());
  EXPECT_EQ(second->failure().reason, "busy");
}

TEST(Iterations, ConfigFromSetupReachesEveryUser) {
  Harness h(R"lua(
return { run = function(ctx, user)
  local c = user.config
  ctx:fill("#out", c.accounts[user.id].login .. " " .. #c.accounts .. " " .. tostring(c.opts.fast))
end }
)lua",
            boost::json::parse(R"({"accounts": [{"login": "ann"}, {"login": "bob"}],
                                   "opts": {"fast": true}})"));
  auto first = h.user(1);
  auto second = h.user(2);
  ASSERT_TRUE(h.iterate(*first, 1).ok());
  ASSERT_TRUE(h.iterate(*second, 1).ok());
  EXPECT_THAT(h.outputs(), ElementsAre("ann 2 true", "bob 2 true"));
}

TEST(Iterations, RunSetupConfigRoundTripsToTheWorker) {
  auto path = write_scenario("roundtrip.lua", R"lua(
return {
  setup = function(run) return { nested = { list = { 1, 2, { deep = "x" } }, n = 1.5 } } end,
  run = function(ctx, user)
    local n = user.config.nested
    ctx:fill("#out", n.list[3].deep .. " " .. n.list[2] .. " " .. n.n .. " " .. #n.list)
  end,
}
)lua");
  auto info = inspect(path);
  ASSERT_TRUE(info.ok());
  auto config = run_setup(info.value(), "");
  ASSERT_TRUE(config.ok()) << config.failure().detail;
  boost::asio::io_context io;
  FakeRecorder recorder;
  FakePage page(io);
  auto worker = WorkerState::create(info.value(), config.value(),
                                    UserEnv{io, recorder, "http://t", std::chrono::seconds(1)});
  ASSERT_TRUE(worker.ok()) << worker.failure().detail;
  auto u = worker.value()->make_user(1);
  u->set_page(&page);
  std::optional<Result<Unit>> out;
  u->run_iteration(1, 10s, [&](Result<Unit> r) { out = r; });
  io.run();
  ASSERT_TRUE(out && out->ok());
  ASSERT_EQ(page.calls.size(), 1u);
  EXPECT_EQ(page.calls[0].args[1], "x 2 1.5 3");
}

TEST(Timeouts, AnIterationThatOutlivesItsTimeoutFailsAndTheLateCompletionIsIgnored) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:fill("#out", "iteration " .. user.iteration)
  ctx:click("#inc")
  ctx:fill("#out", "after click " .. user.iteration)
end }
)lua");
  h.page.reply("click", "#inc", Reply{std::nullopt, 0ms, true});
  auto u = h.user(2);
  auto r = h.iterate(*u, 3, 30ms);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "timeout");
  EXPECT_EQ(r.failure().detail, "iteration 3 of user 2 did not finish within 30ms");
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].step, "iteration");
  EXPECT_EQ(h.recorder.failures[0].target, "");
  EXPECT_EQ(h.recorder.failures[0].reason, "timeout");
  EXPECT_EQ(h.recorder.failures[0].message, "iteration 3 of user 2 did not finish within 30ms");

  ASSERT_EQ(h.page.held(), 1u);
  h.page.release_held();
  h.drain();
  EXPECT_THAT(h.outputs(), ElementsAre("iteration 3"));
  EXPECT_TRUE(
      h.recorder.values("action.duration", {{"action", "click"}, {"target", "#inc"}}).empty());

  // The user goes on: the next iteration runs from the start.
  h.page.reply("click", "#inc", Reply{});
  ASSERT_TRUE(h.iterate(*u, 4).ok());
  EXPECT_THAT(h.outputs(), ElementsAre("iteration 3", "iteration 4", "after click 4"));
}

TEST(Timeouts, AnEndlessLoopIsStoppedByTheIterationTimeout) {
  Harness h(R"lua(
return { run = function(ctx, user)
  if user.iteration == 2 then ctx:click("#a"); return end
  while true do
    pcall(function() local x = 0; while true do x = x + 1 end end)
  end
end }
)lua");
  auto u = h.user(1);
  auto r = h.iterate(*u, 1, 50ms);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "timeout");
  EXPECT_EQ(r.failure().detail, "iteration 1 of user 1 did not finish within 50ms");
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].step, "iteration");
  // The state stays usable: the next iteration runs.
  EXPECT_TRUE(h.iterate(*u, 2).ok());
  EXPECT_EQ(h.page.calls.size(), 1u);
}

TEST(Abandon, CompletesThePendingCallWithStoppedAndIgnoresTheLateCompletion) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:click("#inc")
  ctx:fill("#out", "resumed")
end }
)lua");
  h.page.reply("click", "#inc", Reply{std::nullopt, 0ms, true});
  auto u = h.user(1);
  std::optional<Result<Unit>> out;
  int calls = 0;
  u->run_iteration(1, 10s, [&](Result<Unit> r) {
    out = r;
    ++calls;
  });
  h.io.restart();
  h.io.poll();
  ASSERT_EQ(h.page.held(), 1u);
  u->abandon();
  ASSERT_TRUE(out.has_value()) << "abandon() completes the call at once";
  EXPECT_EQ(out->failure().reason, "stopped");
  h.page.release_held();
  h.drain();
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(h.outputs().empty());
  EXPECT_TRUE(h.recorder.failures.empty()) << "a stop is the runner's to count";

  u->abandon();  // nothing pending: a no-op
  EXPECT_EQ(calls, 1);
  h.page.reply("click", "#inc", Reply{});
  EXPECT_TRUE(h.iterate(*u, 2).ok());
}

TEST(Abandon, DuringASleepStopsIt) {
  Harness h("return { run = function(ctx) ctx:sleep('10s'); ctx:click('#late') end }");
  auto u = h.user(1);
  std::optional<Result<Unit>> out;
  u->run_iteration(1, 1min, [&](Result<Unit> r) { out = r; });
  u->abandon();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->failure().reason, "stopped");
  h.drain();  // returns at once: the sleep's timer was cancelled
  EXPECT_TRUE(h.page.calls.empty());
}

TEST(Abandon, ADestroyedUserIgnoresLateCompletions) {
  Harness h("return { run = function(ctx) ctx:click('#inc'); ctx:click('#next') end }");
  h.page.reply("click", "#inc", Reply{std::nullopt, 0ms, true});
  auto u = h.user(1);
  bool called = false;
  u->run_iteration(1, 10s, [&](Result<Unit>) { called = true; });
  h.io.restart();
  h.io.poll();
  ASSERT_EQ(h.page.held(), 1u);
  u.reset();
  h.page.release_held();
  h.drain();
  EXPECT_FALSE(called);
  EXPECT_EQ(h.page.calls.size(), 1u);
}

TEST(UserState, AssignAndGetPersistAcrossIterations) {
  Harness h(R"lua(
return { run = function(ctx, user)
  local n = ctx:get("n", 0) + 1
  ctx:assign("n", n)
  ctx:assign("seen", { last = user.iteration })
  ctx:fill("#out", n .. " " .. tostring(ctx:get("missing")) .. " " .. ctx:get("seen").last)
end }
)lua");
  auto first = h.user(1);
  auto second = h.user(2);
  ASSERT_TRUE(h.iterate(*first, 1).ok());
  ASSERT_TRUE(h.iterate(*first, 2).ok());
  ASSERT_TRUE(h.iterate(*second, 1).ok());
  ASSERT_TRUE(h.iterate(*first, 3).ok());
  EXPECT_THAT(h.outputs(), ElementsAre("1 nil 1", "2 nil 2", "1 nil 1", "3 nil 3"));
}

TEST(UserState, SurvivesAPageSwap) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:assign("n", ctx:get("n", 0) + 1)
  ctx:fill("#out", tostring(ctx:get("n")))
end }
)lua");
  auto u = h.user(1);
  ASSERT_TRUE(h.iterate(*u, 1).ok());
  FakePage replacement(h.io);
  u->set_page(&replacement);
  ASSERT_TRUE(h.iterate(*u, 2).ok());
  ASSERT_EQ(replacement.calls.size(), 1u);
  EXPECT_EQ(replacement.calls[0].args[1], "2");
}

std::vector<std::string> think_times(std::uint64_t seed, int user_id) {
  Harness h(R"lua(
return { run = function(ctx, user)
  for i = 1, 5 do
    local s = ctx:think("1ms", "5ms")
    ctx:fill("#out", string.format("%.6f", s))
  end
end }
)lua",
            nullptr, seed);
  auto u = h.user(user_id);
  EXPECT_TRUE(h.iterate(*u, 1).ok());
  return h.outputs();
}

TEST(Think, IsDeterministicForASeedAndUserAndStaysWithinBounds) {
  auto a = think_times(42, 3);
  auto b = think_times(42, 3);
  auto other_seed = think_times(43, 3);
  auto other_user = think_times(42, 4);
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, other_seed);
  EXPECT_NE(a, other_user);
  for (const std::string& s : a) {
    double seconds = std::stod(s);
    EXPECT_GE(seconds, 0.001);
    EXPECT_LE(seconds, 0.005);
  }
}

TEST(Think, WithOneArgumentWaitsExactlyThat) {
  Harness h("return { run = function(ctx) ctx:fill('#out', tostring(ctx:think(0.002))) end }");
  auto u = h.user(1);
  ASSERT_TRUE(h.iterate(*u, 1).ok());
  EXPECT_THAT(h.outputs(), ElementsAre("0.002"));
}

TEST(ManyUsers, TwoHundredCoroutinesOnOneStateInterleaveCorrectly) {
  Harness h(R"lua(
return { run = function(ctx, user)
  for i = 1, 3 do
    ctx:click("#u" .. user.id)
    ctx:assign("step", i)
    ctx:fill("#out", user.id .. "." .. ctx:get("step"))
  end
end }
)lua");
  constexpr int kUsers = 200;
  std::vector<std::unique_ptr<VirtualUser>> users;
  std::vector<std::optional<Result<Unit>>> results(kUsers);
  for (int id = 1; id <= kUsers; ++id) users.push_back(h.user(id));
  for (int i = 0; i < kUsers; ++i) {
    users[i]->run_iteration(1, 10s, [&results, i](Result<Unit> r) { results[i] = r; });
  }
  h.drain();
  for (int i = 0; i < kUsers; ++i) {
    ASSERT_TRUE(results[i].has_value()) << i;
    EXPECT_TRUE(results[i]->ok()) << i << ": " << results[i]->failure().detail;
  }

  // Each user's own calls came in its order, and the users' calls interleaved.
  std::map<std::string, std::vector<std::string>> per_user;
  for (const PageCall& c : h.page.calls) {
    std::string who =
        c.op == "click" ? c.args[0].substr(2) : c.args[1].substr(0, c.args[1].find('.'));
    per_user[who].push_back(c.op == "click" ? "click" : c.args[1]);
  }
  ASSERT_EQ(per_user.size(), static_cast<size_t>(kUsers));
  for (const auto& [id, ops] : per_user) {
    EXPECT_THAT(ops, ElementsAre("click", id + ".1", "click", id + ".2", "click", id + ".3"));
  }
  EXPECT_EQ(h.page.calls[0].args[0], "#u1");
  EXPECT_EQ(h.page.calls[1].args[0], "#u2") << "the second user started before the first went on";
}

}  // namespace
}  // namespace liveload::scenario::testing
