#include "engine/wire/http_observer.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "fake_recorder.hpp"

namespace liveload::engine::wire {
namespace {

using telemetry::Tags;
using testing::FakeRecorder;

// The timing objects and timestamps below were recorded from Chromium 156 loading the demo app
// (CDP Network domain, loopback); header and body sizes were checked against curl.
constexpr const char* kTimingNoConnect = R"({
  "requestTime": 1337.81138, "proxyStart": -1, "proxyEnd": -1, "dnsStart": -1, "dnsEnd": -1,
  "connectStart": -1, "connectEnd": -1, "sslStart": -1, "sslEnd": -1, "workerStart": -1,
  "workerReady": -1, "workerFetchStart": -1, "workerRespondWithSettled": -1, "sendStart": 0.288,
  "sendEnd": 0.742, "pushStart": 0, "pushEnd": 0, "receiveHeadersStart": 22.413,
  "receiveHeadersEnd": 22.521})";

constexpr const char* kTimingNewConnection = R"({
  "requestTime": 1337.861284, "proxyStart": -1, "proxyEnd": -1, "dnsStart": 0.075,
  "dnsEnd": 0.084, "connectStart": 0.084, "connectEnd": 0.161, "sslStart": -1, "sslEnd": -1,
  "workerStart": -1, "workerReady": -1, "workerFetchStart": -1, "workerRespondWithSettled": -1,
  "sendStart": 0.281, "sendEnd": 0.309, "pushStart": 0, "pushEnd": 0,
  "receiveHeadersStart": 56.296, "receiveHeadersEnd": 56.328})";

boost::json::object json(const std::string& text) {
  return boost::json::parse(text).as_object();
}

boost::json::object will_be_sent(std::string_view id, std::string_view url, double timestamp,
                                 std::string_view type = "") {
  boost::json::object params{{"requestId", id},
                             {"loaderId", "0F80DE81450BF45354FFE73BD21270C9"},
                             {"request", {{"url", url}, {"method", "GET"}}},
                             {"timestamp", timestamp},
                             {"wallTime", 1796393005.861497}};
  if (!type.empty()) params["type"] = type;
  return params;
}

boost::json::object response(int status, double header_bytes, const char* timing, bool reused) {
  boost::json::object r{{"url", "http://127.0.0.1:46509/"},
                        {"status", status},
                        {"encodedDataLength", header_bytes},
                        {"connectionReused", reused},
                        {"fromDiskCache", false}};
  if (timing) r["timing"] = json(timing);
  return r;
}

boost::json::object received(std::string_view id, std::string_view type, boost::json::object r) {
  return {{"requestId", id}, {"type", type}, {"timestamp", 1337.835999}, {"response", r}};
}

boost::json::object finished(std::string_view id, double timestamp, double bytes) {
  return {{"requestId", id}, {"timestamp", timestamp}, {"encodedDataLength", bytes}};
}

// Chromium's timestamps are doubles of seconds; microseconds agree to well below one.
void expect_us(const std::vector<double>& got, double want) {
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NEAR(got[0], want, 0.5);
}

const Tags kDocument{{"type", "document"}, {"path", "/counter"}};
const Tags kScript{{"type", "script"}};

struct DocumentLoad : ::testing::Test {
  FakeRecorder r;
  HttpObserver observer{r};

  void SetUp() override {
    const std::string id = "0F80DE81450BF45354FFE73BD21270C9";
    observer.on_event("Network.requestWillBeSent",
                      will_be_sent(id, "http://127.0.0.1:46509/counter", 1337.803194, "Document"));
    observer.on_event("Network.responseReceived",
                      received(id, "Document", response(200, 387, kTimingNoConnect, true)));
    observer.on_event("Network.loadingFinished", finished(id, 1337.834406, 1488));
  }
};

TEST_F(DocumentLoad, DurationRunsFromRequestWillBeSentToLoadingFinished) {
  expect_us(r.values("http.duration", kDocument), 31212);
}

TEST_F(DocumentLoad, TtfbRunsFromRequestStartToTheLastHeaderByte) {
  // requestTime + receiveHeadersEnd = 1337.833901 s, 30.707 ms after requestWillBeSent.
  expect_us(r.values("http.ttfb", kDocument), 30707);
}

TEST_F(DocumentLoad, ResponseBytesAreTheBodyWithoutHeaders) {
  EXPECT_EQ(r.values("http.response.bytes", kDocument), (std::vector<double>{1488 - 387}));
}

TEST_F(DocumentLoad, CountsTheRequestByStatusClass) {
  Tags tags = kDocument;
  tags.emplace_back("status", "2xx");
  EXPECT_EQ(r.count("http.requests", tags), 1);
  EXPECT_EQ(r.total("http.requests"), 1);
}

TEST_F(DocumentLoad, AReusedConnectionHasNoConnectionPhases) {
  EXPECT_TRUE(r.all_values("http.dns").empty());
  EXPECT_TRUE(r.all_values("http.connect").empty());
  EXPECT_TRUE(r.all_values("http.tls").empty());
  EXPECT_EQ(observer.in_flight(), 0u);
}

TEST(HttpObserver, NewConnectionRecordsDnsAndConnectButNoTlsOnPlainHttp) {
  FakeRecorder r;
  HttpObserver observer(r);
  observer.on_event(
      "Network.requestWillBeSent",
      will_be_sent("21170.4", "http://127.0.0.1:46509/assets/app.js", 1337.846963, "Script"));
  observer.on_event("Network.responseReceived",
                    received("21170.4", "Script", response(200, 306, kTimingNewConnection, false)));
  observer.on_event("Network.loadingFinished", finished("21170.4", 1337.919624, 760));
  expect_us(r.values("http.dns", kScript), 9);
  expect_us(r.values("http.connect", kScript), 77);
  EXPECT_TRUE(r.all_values("http.tls").empty());
  expect_us(r.values("http.ttfb", kScript), 70649);
  expect_us(r.values("http.duration", kScript), 72661);
  EXPECT_EQ(r.values("http.response.bytes", kScript), (std::vector<double>{454}));
}

TEST(HttpObserver, TlsPhaseIsRecordedWhenItHappened) {
  FakeRecorder r;
  HttpObserver observer(r);
  std::string timing = kTimingNewConnection;
  timing.replace(timing.find(R"("sslStart": -1, "sslEnd": -1)"), 28,
                 R"("sslStart": 0.095, "sslEnd": 0.152)");
  observer.on_event("Network.requestWillBeSent",
                    will_be_sent("7.1", "https://app.test/assets/app.css", 20.5, "Stylesheet"));
  observer.on_event("Network.responseReceived",
                    received("7.1", "Stylesheet", response(200, 300, timing.c_str(), false)));
  expect_us(r.values("http.tls", {{"type", "stylesheet"}}), 57);
}

TEST(HttpObserver, ClientAndServerErrorsAreCountedByClass) {
  FakeRecorder r;
  HttpObserver observer(r);
  int n = 0;
  for (int status : {404, 500, 503, 304, 101}) {
    const auto id = "5." + std::to_string(++n);
    observer.on_event("Network.requestWillBeSent",
                      will_be_sent(id, "http://127.0.0.1:46509/nope", 1339.656162, "Fetch"));
    observer.on_event("Network.responseReceived",
                      received(id, "Fetch", response(status, 211, kTimingNoConnect, true)));
  }
  EXPECT_EQ(r.count("http.requests", {{"type", "fetch"}, {"status", "4xx"}}), 1);
  EXPECT_EQ(r.count("http.requests", {{"type", "fetch"}, {"status", "5xx"}}), 2);
  EXPECT_EQ(r.count("http.requests", {{"type", "fetch"}, {"status", "3xx"}}), 1);
  EXPECT_EQ(r.count("http.requests", {{"type", "fetch"}, {"status", "1xx"}}), 1);
}

TEST(HttpObserver, FailuresAreCountedByErrorTextAndCancelsApart) {
  FakeRecorder r;
  HttpObserver observer(r);
  observer.on_event("Network.requestWillBeSent",
                    will_be_sent("21170.20", "http://127.0.0.1:1/refused", 1339.661442, "Fetch"));
  observer.on_event("Network.loadingFailed", {{"requestId", "21170.20"},
                                              {"timestamp", 1339.663016},
                                              {"type", "Fetch"},
                                              {"errorText", "net::ERR_CONNECTION_REFUSED"},
                                              {"canceled", false}});
  observer.on_event("Network.requestWillBeSent",
                    will_be_sent("21170.21", "http://127.0.0.1:46509/a.png", 1339.7, "Image"));
  observer.on_event("Network.loadingFailed", {{"requestId", "21170.21"},
                                              {"timestamp", 1339.71},
                                              {"type", "Image"},
                                              {"errorText", "net::ERR_ABORTED"},
                                              {"canceled", true}});
  EXPECT_EQ(r.count("http.failed", {{"type", "fetch"}, {"error", "net::ERR_CONNECTION_REFUSED"}}),
            1);
  EXPECT_EQ(r.count("http.canceled", {{"type", "image"}}), 1);
  EXPECT_EQ(r.total("http.failed"), 1);
  EXPECT_TRUE(r.all_values("http.duration").empty()) << "a failed request has no duration";
  EXPECT_EQ(observer.in_flight(), 0u);
}

TEST(HttpObserver, ARedirectEndsOneHopAndStartsTheNext) {
  FakeRecorder r;
  HttpObserver observer(r);
  const std::string id = "A1";
  observer.on_event(
      "Network.requestWillBeSent",
      will_be_sent(id, "http://127.0.0.1:4000/users/17?from=mail", 100.0, "Document"));
  auto hop = will_be_sent(id, "http://127.0.0.1:4000/login", 100.012, "Document");
  hop["redirectResponse"] = response(302, 180, kTimingNoConnect, true);
  hop["redirectResponse"].as_object()["timing"].as_object()["requestTime"] = 100.001;
  observer.on_event("Network.requestWillBeSent", hop);
  observer.on_event("Network.responseReceived",
                    received(id, "Document", response(200, 387, nullptr, true)));
  observer.on_event("Network.loadingFinished", finished(id, 100.030, 1488));

  const Tags first{{"type", "document"}, {"path", "/users/:id"}};
  const Tags second{{"type", "document"}, {"path", "/login"}};
  EXPECT_EQ(
      r.count("http.requests", {{"type", "document"}, {"path", "/users/:id"}, {"status", "3xx"}}),
      1);
  EXPECT_EQ(r.count("http.requests", {{"type", "document"}, {"path", "/login"}, {"status", "2xx"}}),
            1);
  expect_us(r.values("http.duration", first), 12000);
  expect_us(r.values("http.ttfb", first), 23521);  // 100.001 + 22.521 ms after 100.0
  expect_us(r.values("http.duration", second), 18000);
  EXPECT_TRUE(r.values("http.response.bytes", first).empty()) << "a redirect has no body";
  EXPECT_EQ(r.values("http.response.bytes", second), (std::vector<double>{1101}));
}

TEST(HttpObserver, LiveViewLongPollIsTaggedAsSuch) {
  FakeRecorder r;
  HttpObserver observer(r);
  observer.on_event(
      "Network.requestWillBeSent",
      will_be_sent("L1", "http://127.0.0.1:4000/live/longpoll?_csrf_token=x&vsn=2.0.0", 50.0,
                   "XHR"));
  observer.on_event("Network.responseReceived",
                    received("L1", "XHR", response(200, 120, kTimingNoConnect, true)));
  observer.on_event("Network.loadingFinished", finished("L1", 70.0, 170));
  expect_us(r.values("http.duration", {{"type", "longpoll"}}), 20e6);
  EXPECT_EQ(r.count("http.requests", {{"type", "longpoll"}, {"status", "2xx"}}), 1);
}

TEST(HttpObserver, TypeComesFromTheResponseWhenTheRequestHadNone) {
  FakeRecorder r;
  HttpObserver observer(r);
  observer.on_event("Network.requestWillBeSent",
                    will_be_sent("T1", "http://127.0.0.1:4000/api/items", 10.0));
  observer.on_event("Network.responseReceived",
                    received("T1", "Fetch", response(200, 100, nullptr, true)));
  EXPECT_EQ(r.count("http.requests", {{"type", "fetch"}, {"status", "2xx"}}), 1);
}

TEST(HttpObserver, UnknownResourceTypesAreTaggedOther) {
  FakeRecorder r;
  HttpObserver observer(r);
  observer.on_event("Network.requestWillBeSent",
                    will_be_sent("U1", "http://127.0.0.1:4000/fedcm", 10.0, "FedCM"));
  observer.on_event("Network.responseReceived",
                    received("U1", "FedCM", response(204, 100, nullptr, true)));
  EXPECT_EQ(r.count("http.requests", {{"type", "other"}, {"status", "2xx"}}), 1);
}

TEST(HttpObserver, DataAndBlobUrlsAreIgnored) {
  FakeRecorder r;
  HttpObserver observer(r);
  observer.on_event("Network.requestWillBeSent",
                    will_be_sent("D1", "data:image/png;base64,iVBORw0KGgo=", 10.0, "Image"));
  observer.on_event("Network.requestWillBeSent",
                    will_be_sent("D2", "blob:http://127.0.0.1:4000/5f0c-4b", 10.0, "Fetch"));
  observer.on_event("Network.responseReceived",
                    received("D1", "Image", response(200, 0, nullptr, false)));
  observer.on_event("Network.loadingFinished", finished("D1", 10.1, 70));
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(observer.in_flight(), 0u);
}

TEST(HttpObserver, InFlightRequestsAreBoundedAndDropsCounted) {
  FakeRecorder r;
  HttpObserver observer(r, HttpLimits{.max_in_flight = 2});
  for (const char* id : {"B1", "B2", "B3"}) {
    observer.on_event("Network.requestWillBeSent",
                      will_be_sent(id, "http://127.0.0.1:4000/a.js", 10.0, "Script"));
  }
  EXPECT_EQ(observer.in_flight(), 2u);
  EXPECT_EQ(r.count("http.inflight_dropped"), 1);
  observer.on_event("Network.loadingFinished", finished("B1", 10.5, 100));
  EXPECT_TRUE(r.all_values("http.duration").empty()) << "the dropped request is forgotten";
  observer.on_event("Network.loadingFinished", finished("B3", 10.5, 100));
  EXPECT_EQ(r.all_values("http.duration").size(), 1u);
}

TEST(HttpObserver, BodySizeIsLeftOutWhenNoResponseWasSeen) {
  FakeRecorder r;
  HttpObserver observer(r);
  observer.on_event("Network.requestWillBeSent",
                    will_be_sent("N1", "http://127.0.0.1:4000/a.js", 10.0, "Script"));
  observer.on_event("Network.loadingFinished", finished("N1", 10.25, 760));
  expect_us(r.values("http.duration", kScript), 250000);
  EXPECT_TRUE(r.all_values("http.response.bytes").empty());
}

TEST(HttpObserver, MalformedEventsAreIgnored) {
  FakeRecorder r;
  HttpObserver observer(r);
  observer.on_event("Network.requestWillBeSent", {{"requestId", 5}});
  observer.on_event("Network.requestWillBeSent", {{"requestId", "M1"}, {"request", "x"}});
  observer.on_event("Network.requestWillBeSent",
                    {{"requestId", "M2"}, {"request", {{"url", "http://h/"}}}});  // no timestamp
  observer.on_event("Network.responseReceived", {{"requestId", "M1"}, {"response", {}}});
  observer.on_event("Network.loadingFinished", {{"requestId", "M1"}});
  observer.on_event("Network.loadingFailed", {});
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(observer.in_flight(), 0u);
}

TEST(HttpObserver, OtherMethodsAreNotHandled) {
  FakeRecorder r;
  HttpObserver observer(r);
  EXPECT_FALSE(observer.on_event("Network.webSocketCreated", {}));
  EXPECT_FALSE(observer.on_event("Network.requestServedFromCache", {{"requestId", "1"}}));
  EXPECT_TRUE(observer.on_event("Network.loadingFinished", {}));
}

}  // namespace
}  // namespace liveload::engine::wire
