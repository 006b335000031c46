// PageTelemetry: the injected script's reports and the page's Runtime events as metrics, with
// bounded tags and nothing recorded for what a page did not measure.
#include "engine/wire/page_telemetry.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "fake_recorder.hpp"

namespace liveload::engine::wire {
namespace {

using testing::FakeRecorder;
namespace json = boost::json;

json::object parse(const std::string& text) {
  return json::parse(text).as_object();
}

TEST(PageTelemetry, EventReportsAreTaggedByKindEventAndNormalisedPath) {
  FakeRecorder r;
  PageTelemetry t(r);
  EXPECT_TRUE(t.on_report(parse(R"({"type":"lv-event","kind":"click","event":"inc","us":1234.5,)"
                                R"("url":"http://127.0.0.1:4000/users/42/edit?tab=1"})")));
  EXPECT_EQ(r.values("liveview.event",
                     {{"kind", "click"}, {"event", "inc"}, {"path", "/users/:id/edit"}}),
            std::vector<double>{1234.5});
}

TEST(PageTelemetry, ReconnectCountsBothWaysAndTimesTheOutage) {
  FakeRecorder r;
  PageTelemetry t(r);
  t.on_report(parse(R"({"type":"lv-disconnect","url":"http://h/ticker"})"));
  t.on_report(parse(R"({"type":"lv-reconnect","us":2500000,"url":"http://h/ticker"})"));
  EXPECT_EQ(r.count("liveview.disconnects", {{"path", "/ticker"}}), 1);
  EXPECT_EQ(r.count("liveview.reconnects", {{"path", "/ticker"}}), 1);
  EXPECT_EQ(r.values("liveview.reconnect", {{"path", "/ticker"}}), std::vector<double>{2500000});
}

TEST(PageTelemetry, AJoinAfterTheClientReloadedEndsTheReconnect) {
  FakeRecorder r;
  PageTelemetry t(r);
  t.on_report(parse(R"({"type":"lv-disconnect","url":"http://h/ticker","at_ms":1000.0})"));
  EXPECT_FALSE(
      t.on_report(parse(R"({"type":"liveview-connected","url":"http://h/ticker","at_ms":4500})")));
  EXPECT_EQ(r.count("liveview.reconnects", {{"path", "/ticker"}}), 1);
  EXPECT_EQ(r.values("liveview.reconnect", {{"path", "/ticker"}}), std::vector<double>{3500000});
  // Once only; and a navigation the scenario asked for is no reconnect.
  t.on_report(parse(R"({"type":"liveview-connected","url":"http://h/ticker","at_ms":5000})"));
  t.on_report(parse(R"({"type":"lv-disconnect","url":"http://h/ticker","at_ms":6000})"));
  t.navigation_requested();
  t.on_report(parse(R"({"type":"liveview-connected","url":"http://h/counter","at_ms":7000})"));
  EXPECT_EQ(r.count("liveview.reconnects", {{"path", "/ticker"}}), 1);
  EXPECT_EQ(r.count("liveview.disconnects", {{"path", "/ticker"}}), 2);
}

TEST(PageTelemetry, PageLoadingAndNavigationsByKind) {
  FakeRecorder r;
  PageTelemetry t(r);
  t.on_report(parse(R"({"type":"lv-navigation","kind":"patch","url":"http://h/nav"})"));
  t.on_report(parse(R"({"type":"lv-page-loading","kind":"patch","us":900,"url":"http://h/nav"})"));
  t.on_report(parse(R"({"type":"lv-page-loading-canceled","kind":"patch","url":"http://h/nav"})"));
  EXPECT_EQ(r.count("liveview.navigations", {{"kind", "patch"}, {"path", "/nav"}}), 1);
  EXPECT_EQ(r.values("liveview.page_loading", {{"kind", "patch"}, {"path", "/nav"}}),
            std::vector<double>{900});
  EXPECT_EQ(r.count("liveview.page_loading_canceled", {{"kind", "patch"}, {"path", "/nav"}}), 1);
}

TEST(PageTelemetry, VitalsAreOneSamplePerPageViewFromItsLastReport) {
  FakeRecorder r;
  PageTelemetry t(r);
  t.on_report(parse(R"({"type":"vitals","url":"http://h/counter","ttfb":5000})"));
  t.on_report(
      parse(R"({"type":"vitals","url":"http://h/counter","ttfb":5000,"fcp":40000,"cls":0})"));
  // Nothing is recorded while the page view lasts: a later report may still change it.
  EXPECT_TRUE(r.all_values("web.ttfb").empty());
  json::object frame{{"frame", json::object{{"id", "F"}, {"url", "http://h/form"}}}};
  t.on_event("Page.frameNavigated", frame, "http://h/counter");
  const telemetry::Tags tags{{"path", "/counter"}};
  EXPECT_EQ(r.values("web.ttfb", tags), std::vector<double>{5000});
  EXPECT_EQ(r.values("web.fcp", tags), std::vector<double>{40000});
  EXPECT_EQ(r.values("web.cls", tags), std::vector<double>{0});
  // Never measured: absent, not zero.
  EXPECT_TRUE(r.all_values("web.lcp").empty());
  EXPECT_TRUE(r.all_values("web.inp").empty());

  t.on_report(parse(R"({"type":"vitals","url":"http://h/form","lcp":70000})"));
  t.page_closed();
  t.page_closed();
  EXPECT_EQ(r.values("web.lcp", {{"path", "/form"}}), std::vector<double>{70000});
}

TEST(PageTelemetry, SubframeNavigationDoesNotEndThePageView) {
  FakeRecorder r;
  PageTelemetry t(r);
  t.on_report(parse(R"({"type":"vitals","url":"http://h/a","fcp":1})"));
  json::object frame{{"frame", json::object{{"id", "C"}, {"parentId", "F"}}}};
  t.on_event("Page.frameNavigated", frame, "http://h/a");
  EXPECT_TRUE(r.all_values("web.fcp").empty());
}

TEST(PageTelemetry, ExceptionsAndConsoleErrorsAreCountedWithTheirMessages) {
  FakeRecorder r;
  PageTelemetry t(r);
  t.on_event("Runtime.exceptionThrown",
             parse(R"({"exceptionDetails":{"text":"Uncaught",)"
                   R"("exception":{"description":"TypeError: x is undefined"}}})"),
             "http://h/counter?x=1");
  t.on_event("Runtime.consoleAPICalled",
             parse(R"({"type":"error","args":[{"type":"string","value":"boom"},)"
                   R"({"type":"number","value":42}]})"),
             "http://h/counter");
  t.on_event("Runtime.consoleAPICalled",
             parse(R"({"type":"log","args":[{"type":"string","value":"fine"}]})"),
             "http://h/counter");
  EXPECT_EQ(r.count("js.errors", {{"path", "/counter"}}), 1);
  EXPECT_EQ(r.count("console.errors", {{"path", "/counter"}}), 1);
  ASSERT_EQ(r.failures().size(), 2u);
  EXPECT_EQ(r.failures()[0].step, "page");
  EXPECT_EQ(r.failures()[0].target, "/counter");
  EXPECT_EQ(r.failures()[0].reason, "js error");
  EXPECT_EQ(r.failures()[0].message, "TypeError: x is undefined");
  EXPECT_EQ(r.failures()[1].reason, "console error");
  EXPECT_EQ(r.failures()[1].message, "boom 42");
}

TEST(PageTelemetry, MalformedReportsRecordNothing) {
  FakeRecorder r;
  PageTelemetry t(r);
  EXPECT_TRUE(t.on_report(parse(R"({"type":"lv-event","kind":"click","us":"fast"})")));
  EXPECT_TRUE(t.on_report(parse(R"({"type":"lv-page-loading","kind":"patch"})")));
  EXPECT_FALSE(t.on_report(parse(R"({"type":"liveview-connected","join_us":5})")));
  EXPECT_FALSE(t.on_report(parse(R"({"no":"type"})")));
  EXPECT_TRUE(r.empty());
}

TEST(PageTelemetry, LongEventNamesAreCut) {
  FakeRecorder r;
  PageTelemetry t(r);
  const std::string name(1000, 'x');
  t.on_report(
      parse(R"({"type":"lv-event","kind":"click","us":1,"url":"/","event":")" + name + R"("})"));
  const auto sets = r.tag_sets("liveview.event");
  ASSERT_EQ(sets.size(), 1u);
  for (const auto& [k, v] : sets[0]) EXPECT_LE(v.size(), 100u) << k;
}

TEST(PageTelemetry, WebSocketAndHttpEventsReachTheObservers) {
  FakeRecorder r;
  PageTelemetry t(r);
  t.on_event("Network.webSocketCreated",
             parse(R"({"requestId":"1","url":"ws://h/live/websocket?vsn=2.0.0"})"), "http://h/");
  EXPECT_EQ(r.count("ws.opened", {{"socket", "/live/websocket"}}), 1);
  t.on_event("Network.requestWillBeSent",
             parse(R"({"requestId":"9","type":"Script","timestamp":1.0,)"
                   R"("request":{"url":"http://h/app.js"}})"),
             "http://h/");
  t.on_event("Network.responseReceived",
             parse(R"({"requestId":"9","type":"Script","timestamp":1.1,)"
                   R"("response":{"url":"http://h/app.js","status":200}})"),
             "http://h/");
  EXPECT_EQ(r.total("http.requests"), 1);
}

}  // namespace
}  // namespace liveload::engine::wire
