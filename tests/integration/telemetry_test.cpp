// End to end: what the browser-side telemetry measures on the demo's pages, checked as values
// in result.json (not just presence).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <set>
#include <thread>

#include "support.hpp"

namespace {

using liveload::testing::counter_sum;
using liveload::testing::DemoServer;
using liveload::testing::find_metric;
using liveload::testing::read_json;
using liveload::testing::run_liveload;
using liveload::testing::temp_dir;
using liveload::testing::write_file;
using Tags = std::vector<std::pair<std::string, std::string>>;

std::string describe(const liveload::testing::Outcome& o) {
  return "exit " + std::to_string(o.exit_code) + "\nstdout:\n" + o.out + "\nstderr:\n" + o.err;
}

// The run total of histogram `name{tags}` (exact tags), or an empty object.
const boost::json::object& total_of(const boost::json::value& result, const std::string& name,
                                    const Tags& tags) {
  static const boost::json::object empty;
  const auto* m = find_metric(result, name, tags);
  return m ? m->at("total").as_object() : empty;
}

double stat(const boost::json::object& total, const char* key) {
  const auto* v = total.if_contains(key);
  return v && v->is_number() ? v->to_number<double>() : std::nan("");
}

// Samples of histogram `name` over all tag sets holding `filter`.
double histogram_count(const boost::json::value& result, const std::string& name,
                       const Tags& filter) {
  double n = 0;
  for (const auto& m : result.at("metrics").as_array()) {
    const auto& o = m.as_object();
    if (o.at("name").as_string() != name) continue;
    const auto& tags = o.at("tags").as_object();
    bool match = true;
    for (const auto& [k, v] : filter) {
      const auto* got = tags.if_contains(k);
      match = match && got && got->is_string() && got->as_string() == v;
    }
    if (match) n += stat(o.at("total").as_object(), "count");
  }
  return n;
}

class TelemetryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>(); }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<DemoServer> demo_;

  static boost::json::value run(const std::string& name, const std::string& scenario,
                                std::vector<std::string> args, int want_exit = 0) {
    const auto dir = temp_dir(name);
    const auto file = write_file(dir, name + ".lua", scenario);
    std::vector<std::string> all = {"run", file, "--target", demo_->url(), "--out", dir + "/out"};
    all.insert(all.end(), args.begin(), args.end());
    auto o = run_liveload(all);
    EXPECT_EQ(o.exit_code, want_exit) << describe(o);
    return read_json(dir + "/out/result.json");
  }
};
std::unique_ptr<DemoServer> TelemetryTest::demo_;

TEST_F(TelemetryTest, SlowEventsTakeTheServersDelayAndCounterEventsDoNot) {
  auto result = run("slow", R"(
return {
  name = "slow-telemetry",
  run = function(ctx, user)
    ctx:navigate("/slow")
    ctx:wait_for_liveview()
    for i = 1, 3 do
      ctx:click("#slow")
      ctx:wait_for_text("#slow-count", tostring(i))
    end
    ctx:navigate("/counter")
    ctx:wait_for_liveview()
    for i = 1, 3 do
      ctx:click("#inc")
      ctx:expect_text("#count", tostring(i))
    end
  end,
}
)",
                    {"--users", "2", "--iterations", "2"});
  const auto& slow =
      total_of(result, "liveview.event", {{"kind", "click"}, {"event", "slow"}, {"path", "/slow"}});
  EXPECT_EQ(stat(slow, "count"), 12);
  EXPECT_GE(stat(slow, "p50"), 200000);
  EXPECT_LT(stat(slow, "p50"), 400000);
  const auto& inc = total_of(result, "liveview.event",
                             {{"kind", "click"}, {"event", "inc"}, {"path", "/counter"}});
  EXPECT_EQ(stat(inc, "count"), 12);
  EXPECT_LT(stat(inc, "p50"), 50000);
  // The diffs answering each click are matched to the click's event name.
  EXPECT_EQ(stat(total_of(result, "liveview.diff.bytes", {{"event", "slow"}, {"path", "/slow"}}),
                 "count"),
            12);
  // Every page view had a first paint; the HTTP side saw the documents.
  EXPECT_EQ(stat(total_of(result, "web.fcp", {{"path", "/counter"}}), "count"), 4);
  EXPECT_EQ(histogram_count(result, "http.duration", {{"type", "document"}, {"path", "/slow"}}), 4);
}

TEST_F(TelemetryTest, TickerPushesAboutTwoUpdatesASecondPerUser) {
  auto result = run("ticker", R"(
return {
  name = "ticker-telemetry",
  run = function(ctx, user)
    ctx:navigate("/ticker")
    ctx:wait_for_liveview()
    ctx:sleep("5s")
  end,
}
)",
                    {"--users", "2", "--iterations", "1"});
  const double pushes = counter_sum(result, "liveview.server_push", {{"path", "/ticker"}});
  EXPECT_GE(pushes, 2 * 8);
  EXPECT_LE(pushes, 2 * 12);
  const auto& frames = total_of(result, "ws.frame_received.bytes", {{"socket", "/live/websocket"}});
  EXPECT_GE(stat(frames, "count"), pushes);
  EXPECT_GT(stat(frames, "p50"), 10);
  const auto& diffs =
      total_of(result, "liveview.diff.bytes", {{"event", "server_push"}, {"path", "/ticker"}});
  EXPECT_EQ(stat(diffs, "count"), pushes);
  // A ticker page has no user events at all.
  EXPECT_EQ(histogram_count(result, "liveview.event", {}), 0);
}

TEST_F(TelemetryTest, FormChangeAndSubmitAreTheirOwnEventsAndSaveSendsTheLargerDiff) {
  auto result = run("form", R"(
return {
  name = "form-telemetry",
  run = function(ctx, user)
    ctx:navigate("/form")
    ctx:wait_for_liveview()
    ctx:fill("#name", "user" .. user.id .. "x" .. user.iteration)
    ctx:wait_for_loading("change", "#name-form")
    ctx:submit("#name-form")
  end,
}
)",
                    {"--users", "2", "--iterations", "2"});
  const Tags change{{"kind", "change"}, {"event", "validate"}, {"path", "/form"}};
  const Tags submit{{"kind", "submit"}, {"event", "save"}, {"path", "/form"}};
  EXPECT_GE(stat(total_of(result, "liveview.event", change), "count"), 4);
  EXPECT_EQ(stat(total_of(result, "liveview.event", submit), "count"), 4);
  EXPECT_GT(stat(total_of(result, "liveview.event", submit), "p50"), 0);
  const auto& save =
      total_of(result, "liveview.diff.bytes", {{"event", "save"}, {"path", "/form"}});
  const auto& validate =
      total_of(result, "liveview.diff.bytes", {{"event", "validate"}, {"path", "/form"}});
  EXPECT_EQ(stat(save, "count"), 4);
  EXPECT_GT(stat(save, "mean"), stat(validate, "mean"));
}

TEST_F(TelemetryTest, NavPatchesAndNavigatesAreCountedByKindWithTheirPageLoading) {
  // The client stops a live navigation's page loading right after it pushed the new URL, so
  // each step waits for the URL before the next one starts.
  auto result = run("nav", R"lua(
local function wait_path(ctx, path)
  ctx:evaluate("new Promise((r) => { const t = () => location.pathname === '" .. path ..
      "' ? r(true) : setTimeout(t, 5); t(); })")
end
return {
  name = "nav-telemetry",
  run = function(ctx, user)
    ctx:navigate("/nav")
    ctx:wait_for_liveview()
    ctx:click("#patch-link")
    ctx:expect_text("#page", "b")
    ctx:click("#navigate-link")
    ctx:wait_for("#other")
    wait_path(ctx, "/nav/other")
    ctx:click("#back-link")
    ctx:wait_for("#other", { state = "detached" })
    wait_path(ctx, "/nav")
  end,
}
)lua",
                    {"--users", "2", "--iterations", "2"});
  // Each iteration: one page load, one patch, a navigate there and one back.
  EXPECT_EQ(counter_sum(result, "liveview.navigations", {{"kind", "full"}}), 4);
  EXPECT_EQ(counter_sum(result, "liveview.navigations", {{"kind", "patch"}}), 4);
  EXPECT_EQ(counter_sum(result, "liveview.navigations", {{"kind", "navigate"}}), 8);
  EXPECT_EQ(histogram_count(result, "liveview.page_loading", {{"kind", "patch"}}), 4);
  EXPECT_EQ(histogram_count(result, "liveview.page_loading", {{"kind", "redirect"}}), 8);
  EXPECT_EQ(counter_sum(result, "liveview.page_loading_canceled"), 0);
  // The live navigations stayed in one document: one web.fcp sample per page load.
  EXPECT_EQ(histogram_count(result, "web.fcp", {}), 4);
}

TEST_F(TelemetryTest, JoinAgreesWithNavigationTimingReadInThePage) {
  // The page's own view: the time from the navigation entry's startTime until a
  // MutationObserver, installed by evaluate right after the load event, sees phx-connected.
  // When the LiveView joined before evaluate ran, that iteration cannot compare and says so;
  // the others each compare within 5% and count as the step "compared".
  auto result = run("join", R"(
return {
  name = "join-crosscheck",
  run = function(ctx, user)
    ctx:navigate("/counter")
    local page = ctx:evaluate([[new Promise((resolve) => {
      const start = performance.getEntriesByType('navigation')[0].startTime;
      const el = document.querySelector('[data-phx-session]');
      if (el.classList.contains('phx-connected')) return resolve(null);
      new MutationObserver((_, o) => {
        if (!el.classList.contains('phx-connected')) return;
        o.disconnect();
        resolve((performance.now() - start) / 1000);
      }).observe(el, { attributes: true, attributeFilter: ['class'] });
    })]])
    local join = ctx:wait_for_liveview()
    if page == nil then return end
    ctx:step("compared", function()
      if math.abs(join - page) > 0.05 * page then
        ctx:fail(string.format("liveview.join %.4f s, in the page %.4f s", join, page))
      end
    end)
  end,
}
)",
                    {"--users", "1", "--iterations", "15"});
  EXPECT_EQ(counter_sum(result, "iterations", {{"result", "failed"}}), 0);
  EXPECT_GE(histogram_count(result, "step.duration", {{"step", "compared"}}), 1);
}

TEST_F(TelemetryTest, AServerOutageIsCountedAsDisconnectsAndReconnectsAndTheRunGoesOn) {
  const auto dir = temp_dir("outage");
  // User 1 watches the ticker through the outage; user 2 keeps clicking on fresh pages, and
  // what it cannot do while the server is down fails.
  const auto file = write_file(dir, "outage.lua", R"(
return {
  name = "outage",
  run = function(ctx, user)
    if user.id == 1 then
      ctx:navigate("/ticker")
      ctx:wait_for_liveview()
      ctx:sleep("14s")
      ctx:expect_text("#tick", "", { timeout = "2s" })
    else
      ctx:navigate("/counter")
      ctx:wait_for_liveview()
      ctx:click("#inc")
      ctx:expect_text("#count", "1")
      ctx:sleep("500ms")
    end
  end,
}
)");
  auto o = run_liveload({"run", file, "--target", demo_->url(), "--users", "2", "--duration", "20s",
                         "--timeout", "3s", "--out", dir + "/out"},
                        240, [](pid_t) {
                          std::this_thread::sleep_for(std::chrono::seconds(5));
                          demo_->stop();
                          std::this_thread::sleep_for(std::chrono::seconds(2));
                          demo_->restart();
                        });
  // Iterations that met the outage failed (exit 1); the run still finished and wrote results.
  EXPECT_EQ(o.exit_code, 1) << describe(o);
  auto result = read_json(dir + "/out/result.json");
  EXPECT_GE(counter_sum(result, "liveview.disconnects"), 1);
  EXPECT_GE(counter_sum(result, "iterations", {{"result", "failed"}}), 1);
  // After the restart users went on: iterations succeeded on the new server.
  EXPECT_GE(counter_sum(result, "iterations", {{"result", "ok"}}), 2);
  EXPECT_FALSE(result.at("failures").as_array().empty());
  // The sockets reconnected to the restarted server.
  EXPECT_GE(counter_sum(result, "ws.opened"), counter_sum(result, "liveview.disconnects") + 1);
  EXPECT_GE(counter_sum(result, "liveview.reconnects"), 1);
}

TEST_F(TelemetryTest, AThousandDistinctPagesKeepAtMostTheCapOfPathTags) {
  // 1,000 distinct paths (not ids, so the normaliser keeps them all): each a 404 document.
  auto result = run("cardinality", R"(
return {
  name = "cardinality",
  run = function(ctx, user)
    ctx:navigate("/page-u" .. user.id .. "-i" .. user.iteration)
  end,
}
)",
                    {"--users", "4", "--iterations", "250", "--max-tag-values", "50"});
  std::set<std::string> paths;
  double documents = 0;
  for (const auto& m : result.at("metrics").as_array()) {
    const auto& o = m.as_object();
    if (o.at("name").as_string() != "http.duration") continue;
    const auto& tags = o.at("tags").as_object();
    if (tags.at("type").as_string() != "document") continue;
    paths.insert(std::string(tags.at("path").as_string()));
    documents += stat(o.at("total").as_object(), "count");
  }
  EXPECT_LE(paths.size(), 51u);
  EXPECT_TRUE(paths.count("other"));
  // Folding loses no sample.
  EXPECT_EQ(documents, 1000);
  EXPECT_EQ(counter_sum(result, "http.requests", {{"status", "4xx"}}), 1000);
}

}  // namespace
