// The ctx page operations: what reaches the page, what comes back to the script, and what is
// recorded.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "harness.hpp"

namespace liveload::scenario::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> op_names(const FakePage& page) {
  std::vector<std::string> names;
  for (const PageCall& c : page.calls) names.push_back(c.op);
  return names;
}

TEST(Actions, RunInOrderWithTheirArgumentsAndTimeouts) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:navigate("/counter")
  ctx:wait_for_liveview()
  ctx:click("#inc")
  ctx:fill("#name", "Ann", { timeout = "2s" })
  ctx:press("#name", "Enter", { timeout = 0.25 })
  ctx:check("#agree")
  ctx:uncheck("#agree")
  ctx:select_option("#color", { "red", "blue" })
  ctx:select_option("#color", "green")
  ctx:hover("#a")
  ctx:focus("#a")
  ctx:blur("#a")
  ctx:clear("#name")
  ctx:drag_and_drop("#from", "#to")
  ctx:wait_for("#spinner", { state = "hidden" })
  ctx:wait_for("#list")
  ctx:wait_for_text("#count", "1")
  ctx:wait_for_loading("submit", "#form")
  ctx:submit("form#name-form", { timeout = "1m" })
  ctx:ensure_liveview()
  ctx:reload()
  ctx:navigate("https://other.example/x?y=1")
end }
)lua");
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_TRUE(r.ok()) << r.failure().detail;

  EXPECT_THAT(op_names(h.page),
              ElementsAre("navigate", "wait_for_liveview", "click", "fill", "press", "set_checked",
                          "set_checked", "select_option", "select_option", "hover", "focus", "blur",
                          "clear", "drag_and_drop", "wait_for", "wait_for", "wait_for_text",
                          "wait_for_loading", "submit", "ensure_liveview", "reload", "navigate"));
  const auto& c = h.page.calls;
  EXPECT_THAT(c[0].args, ElementsAre("http://127.0.0.1:4000/counter"));
  EXPECT_EQ(c[0].timeout, 5s);  // the env's default
  EXPECT_THAT(c[3].args, ElementsAre("#name", "Ann"));
  EXPECT_EQ(c[3].timeout, 2s);
  EXPECT_THAT(c[4].args, ElementsAre("#name", "Enter"));
  EXPECT_EQ(c[4].timeout, 250ms);
  EXPECT_THAT(c[5].args, ElementsAre("#agree", "true"));
  EXPECT_THAT(c[6].args, ElementsAre("#agree", "false"));
  EXPECT_THAT(c[7].args, ElementsAre("#color", "red", "blue"));
  EXPECT_THAT(c[8].args, ElementsAre("#color", "green"));
  EXPECT_THAT(c[13].args, ElementsAre("#from", "#to"));
  EXPECT_THAT(c[14].args, ElementsAre("#spinner", "hidden"));
  EXPECT_THAT(c[15].args, ElementsAre("#list", "visible"));
  EXPECT_THAT(c[16].args, ElementsAre("#count", "1"));
  EXPECT_THAT(c[17].args, ElementsAre("#form", "submit"));
  EXPECT_EQ(c[18].timeout, 60s);
  EXPECT_THAT(c[21].args, ElementsAre("https://other.example/x?y=1"));
}

TEST(Actions, RelativeUrlsResolveAgainstTheTargetAsALinkWould) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:navigate("counter")
  ctx:navigate("/counter?x=1")
  ctx:navigate("http://elsewhere:9/y")
end }
)lua",
            nullptr, 7, "scenario.lua", "http://127.0.0.1:4000/app/");
  auto u = h.user(1);
  ASSERT_TRUE(h.iterate(*u, 1).ok());
  ASSERT_EQ(h.page.calls.size(), 3u);
  EXPECT_EQ(h.page.calls[0].args[0], "http://127.0.0.1:4000/app/counter");
  EXPECT_EQ(h.page.calls[1].args[0], "http://127.0.0.1:4000/counter?x=1");
  EXPECT_EQ(h.page.calls[2].args[0], "http://elsewhere:9/y");
  EXPECT_EQ(h.recorder.values("navigation.duration", {{"path", "/app/counter"}}).size(), 1u);
  EXPECT_EQ(h.recorder.values("navigation.duration", {{"path", "/counter"}}).size(), 1u);
  EXPECT_EQ(h.recorder.values("navigation.duration", {{"path", "/y"}}).size(), 1u);
}

TEST(Actions, ARelativeUrlWithoutATargetIsAScriptError) {
  Harness h("return { run = function(ctx)\n  ctx:navigate('/counter')\nend }", nullptr, 7,
            "scenario.lua", "");
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "script error");
  EXPECT_THAT(r.failure().detail, HasSubstr(h.path + ":2: ctx:navigate: the relative URL "
                                                     "\"/counter\" needs a target"));
  EXPECT_TRUE(h.page.calls.empty());
}

TEST(Actions, ReadsReturnTheirValuesToTheScript) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:fill("#out", ctx:text("#count"))
  ctx:fill("#out", ctx:text("#count"))
  ctx:fill("#out", ctx:inner_html("#count"))
  ctx:fill("#out", ctx:input_value("#name"))
  ctx:fill("#out", tostring(ctx:attribute("#name", "placeholder")))
  ctx:fill("#out", tostring(ctx:is_visible("#x")) .. " " .. tostring(ctx:is_checked("#x")))
  ctx:fill("#out", ctx:content())
  ctx:fill("#out", ctx:url())
  local v = ctx:evaluate("window.stats")
  ctx:fill("#out", v.name .. " " .. #v.items .. " " .. v.items[2])
  local nav = ctx:navigate("/form")
  ctx:fill("#out", nav.status .. " " .. nav.url)
  ctx:fill("#out", string.format("%.4f", ctx:wait_for_liveview()))
end }
)lua");
  h.page.texts["#count"] = {"1", "2"};
  h.page.texts["#name"] = {"Ann"};
  h.page.visible = true;
  h.page.checked = false;
  h.page.evaluate_value = boost::json::parse(R"({"name": "w", "items": [4, 5, 6]})");
  h.page.navigation = {201, "http://127.0.0.1:4000/form?x=1", 900};
  h.page.join_us = 2500;
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_THAT(h.outputs(), ElementsAre("1", "2", "<b>2</b>", "Ann", "nil", "true false",
                                       "<html></html>", "http://page/now", "w 3 5",
                                       "201 http://127.0.0.1:4000/form?x=1", "0.0025"));
}

TEST(Actions, RecordActionNavigationAndJoinDurations) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:navigate("/counter?from=test")
  ctx:wait_for_liveview()
  ctx:click("#inc")
  ctx:click("#inc")
  ctx:sleep("1ms")
end }
)lua");
  h.page.navigation = {200, "http://127.0.0.1:4000/counter?from=test", 1500};
  h.page.join_us = 2500;
  auto u = h.user(1);
  ASSERT_TRUE(h.iterate(*u, 1).ok());

  EXPECT_EQ(h.recorder.values("navigation.duration", {{"path", "/counter"}}),
            std::vector<double>{1500});
  EXPECT_EQ(h.recorder.values("liveview.join", {{"path", "/counter"}}), std::vector<double>{2500});
  EXPECT_EQ(
      h.recorder.values("action.duration", {{"action", "navigate"}, {"target", "/counter"}}).size(),
      1u);
  EXPECT_EQ(
      h.recorder
          .values("action.duration", {{"action", "wait_for_liveview"}, {"target", "/counter"}})
          .size(),
      1u);
  EXPECT_EQ(h.recorder.values("action.duration", {{"action", "click"}, {"target", "#inc"}}).size(),
            2u);
  EXPECT_EQ(h.recorder.observed.size(), 6u) << "sleep records nothing";
  EXPECT_TRUE(h.recorder.failures.empty());
}

TEST(Actions, DurationCoversTheSimulatedDelay) {
  Harness h("return { run = function(ctx) ctx:click('#slow') end }");
  h.page.reply("click", "#slow", Reply{std::nullopt, 30ms});
  auto u = h.user(1);
  ASSERT_TRUE(h.iterate(*u, 1).ok());
  auto took = h.recorder.values("action.duration", {{"action", "click"}, {"target", "#slow"}});
  ASSERT_EQ(took.size(), 1u);
  EXPECT_GE(took[0], 30000);
}

TEST(Actions, AFailedActionEndsTheIterationAndIsRecordedOnce) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:click("#inc")
  ctx:click("#missing")
  ctx:click("#after")
end }
)lua");
  h.page.reply("click", "#missing",
               Reply{Failure{"timeout", "click #missing: no element matched within 5s"}, 10ms});
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "timeout");
  EXPECT_EQ(r.failure().detail, h.path + ":4: click #missing: no element matched within 5s");
  EXPECT_THAT(op_names(h.page), ElementsAre("click", "click"));

  ASSERT_EQ(h.recorder.failures.size(), 1u);
  const auto& f = h.recorder.failures[0];
  EXPECT_EQ(f.step, "click");
  EXPECT_EQ(f.target, "#missing");
  EXPECT_EQ(f.reason, "timeout");
  EXPECT_EQ(f.message, r.failure().detail);
  EXPECT_TRUE(
      h.recorder.values("action.duration", {{"action", "click"}, {"target", "#missing"}}).empty());
}

TEST(Actions, APcalledFailureIsRecordedAndTheIterationGoesOn) {
  Harness h(R"lua(
return { run = function(ctx, user)
  local ok, err = pcall(ctx.click, ctx, "#missing")
  ctx:fill("#out", tostring(ok) .. " " .. err.reason .. " " .. tostring(err))
end }
)lua");
  h.page.reply("click", "#missing", Reply{Failure{"timeout", "click #missing: none"}});
  auto u = h.user(1);
  ASSERT_TRUE(h.iterate(*u, 1).ok());
  EXPECT_THAT(h.outputs(), ElementsAre("false timeout " + h.path + ":3: click #missing: none"));
  EXPECT_EQ(h.recorder.failures.size(), 1u);
}

TEST(Actions, ExpectTextFailureShowsExpectedAndActual) {
  Harness h(R"lua(
return { run = function(ctx, user)
  ctx:expect_text("#count", "2")
  ctx:expect_text("#count", "3", { timeout = "50ms" })
end }
)lua");
  h.page.text_of = [](const std::string&) { return std::string("2"); };
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "assertion");
  EXPECT_EQ(r.failure().detail,
            h.path + ":4: expect_text #count: expected \"3\", got \"2\" after 50ms");
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].step, "expect_text");
  EXPECT_EQ(h.recorder.failures[0].target, "#count");
  EXPECT_EQ(h.recorder.failures[0].reason, "assertion");
  EXPECT_EQ(h.recorder.failures[0].message, r.failure().detail);
  EXPECT_EQ(h.recorder.values("action.duration", {{"action", "expect_text"}, {"target", "#count"}})
                .size(),
            1u);
  EXPECT_EQ(h.page.calls.back().op, "text") << "the current text is read for the message";
}

TEST(Actions, ExpectTextKeepsAnEngineFailureOtherThanTimeout) {
  Harness h("return { run = function(ctx) ctx:expect_text('#count', '3') end }");
  h.page.reply("wait_for_text", "#count", Reply{Failure{"browser crashed", "the page is gone"}});
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "browser crashed");
  ASSERT_EQ(h.recorder.failures.size(), 1u);
  EXPECT_EQ(h.recorder.failures[0].reason, "browser crashed");
}

TEST(Actions, ExpectVisibleTimeoutIsAnAssertion) {
  Harness h("return { run = function(ctx) ctx:expect_visible('#toast', { timeout = '2s' }) end }");
  h.page.reply("wait_for", "#toast", Reply{Failure{"timeout", "wait_for #toast: timed out"}});
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "assertion");
  EXPECT_THAT(r.failure().detail, HasSubstr("expect_visible #toast: not visible after 2s"));
  EXPECT_EQ(h.page.calls[0].args[1], "visible");
}

TEST(Actions, StorageSnapshotRoundTripsThroughLua) {
  Harness h(R"lua(
return { run = function(ctx, user)
  local snap = ctx:storage_snapshot()
  ctx:clear_storage()
  ctx:restore_storage(snap)
end }
)lua");
  h.page.snapshot = boost::json::parse(
      R"({"cookies": [], "local": {"k": "v"}, "session": {}, "n": [1, {"a": []}]})");
  auto u = h.user(1);
  ASSERT_TRUE(h.iterate(*u, 1).ok());
  ASSERT_EQ(h.page.calls.size(), 3u);
  EXPECT_EQ(boost::json::parse(h.page.calls[2].args[0]), h.page.snapshot);
}

TEST(Actions, WithoutAPageEveryActionFails) {
  Harness h("return { run = function(ctx) ctx:click('#inc') end }");
  auto u = h.worker->make_user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "no page");
  ASSERT_EQ(h.recorder.failures.size(), 1u);
}

TEST(Actions, AnEngineThatCompletesInsideTheCallStillWorks) {
  Harness h(R"lua(
return { run = function(ctx)
  ctx:click("#a")
  ctx:fill("#out", ctx:text("#count"))
end }
)lua");
  h.page.complete_inline = true;
  h.page.texts["#count"] = {"9"};
  auto u = h.user(1);
  auto r = h.iterate(*u, 1);
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_THAT(h.outputs(), ElementsAre("9"));
}

}  // namespace
}  // namespace liveload::scenario::testing
