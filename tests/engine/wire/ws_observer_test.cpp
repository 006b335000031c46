#include "engine/wire/ws_observer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fake_recorder.hpp"
#include "phoenix_fixture.hpp"

namespace liveload::engine::wire {
namespace {

using telemetry::Tags;
using testing::FakeRecorder;
using testing::load_transcript;

const Tags kLiveSocket{{"socket", "/live/websocket"}};

double size_of(const std::string& text) {
  return static_cast<double>(text.size());
}

std::vector<double> sizes_of(const std::vector<std::string>& frames) {
  std::vector<double> sizes;
  for (const auto& frame : frames) sizes.push_back(size_of(frame));
  return sizes;
}

// Replies to client pushes, in order, found by matching refs in the transcript itself.
std::vector<std::string> replies_to(const testing::Transcript& transcript, std::string_view push) {
  std::vector<std::string> refs;
  for (const auto& text : frames_with_event(transcript, true, push)) {
    refs.push_back(std::string(parse_phoenix_frame(text).value().ref.value()));
  }
  std::vector<std::string> replies;
  for (const auto& text : frames_with_event(transcript, false, "phx_reply")) {
    const auto ref = parse_phoenix_frame(text).value().ref;
    for (const auto& want : refs) {
      if (ref == want) replies.push_back(text);
    }
  }
  return replies;
}

void feed(WebSocketObserver& observer, const testing::Transcript& transcript) {
  for (const auto& event : transcript.events) {
    ASSERT_TRUE(observer.on_event(event.method, event.params, event.page_url)) << event.method;
  }
}

struct Fed {
  FakeRecorder recorder;
  testing::Transcript transcript;
};

Fed replay(std::string_view name) {
  Fed fed{{}, load_transcript(name)};
  WebSocketObserver observer(fed.recorder);
  feed(observer, fed.transcript);
  EXPECT_EQ(observer.open_sockets(), 0u) << name << " ends with its socket closed";
  return fed;
}

boost::json::object frame_event(std::string_view payload, int opcode = 1) {
  return {{"requestId", "9.1"},
          {"timestamp", 12.5},
          {"response", {{"opcode", opcode}, {"mask", false}, {"payloadData", payload}}}};
}

boost::json::object created_event(std::string_view id = "9.1") {
  return {{"requestId", id}, {"url", "ws://127.0.0.1:4000/live/websocket?vsn=2.0.0"}};
}

TEST(WebSocketObserver, CountsFramesAndTheirSizesPerSocket) {
  const auto fed = replay("counter");
  const auto& r = fed.recorder;
  EXPECT_EQ(r.count("ws.opened", kLiveSocket), 1);
  EXPECT_EQ(r.count("ws.closed", kLiveSocket), 1);
  EXPECT_EQ(r.count("ws.frames_sent", kLiveSocket), 3);
  EXPECT_EQ(r.count("ws.frames_received", kLiveSocket), 3);
  std::vector<double> sent, received;
  for (const auto& frame : fed.transcript.frames) {
    (frame.sent ? sent : received).push_back(size_of(frame.text));
  }
  EXPECT_EQ(r.values("ws.frame_sent.bytes", kLiveSocket), sent);
  EXPECT_EQ(r.values("ws.frame_received.bytes", kLiveSocket), received);
  EXPECT_EQ(r.total("ws.unparsed"), 0);
}

TEST(WebSocketObserver, CounterClicksRecordTheirReplySizesUnderTheEventName) {
  const auto fed = replay("counter");
  const auto inc = fed.recorder.values("liveview.diff.bytes", {{"event", "inc"}, {"path", "/"}});
  EXPECT_EQ(inc, sizes_of(replies_to(fed.transcript, "event")));
  EXPECT_EQ(inc, (std::vector<double>{93, 93}));  // ["4","8",...,{"response":{"diff":{"0":"1"}}...]
}

TEST(WebSocketObserver, TheJoinReplyIsRecordedAsPhxJoin) {
  const auto fed = replay("counter");
  const auto join =
      fed.recorder.values("liveview.diff.bytes", {{"event", "phx_join"}, {"path", "/"}});
  EXPECT_EQ(join, sizes_of(replies_to(fed.transcript, "phx_join")));
  EXPECT_EQ(join, (std::vector<double>{309}));
}

TEST(WebSocketObserver, FormSubmitSendsALargerDiffThanValidate) {
  const auto fed = replay("form");
  const auto validate =
      fed.recorder.values("liveview.diff.bytes", {{"event", "validate"}, {"path", "/form"}});
  const auto save =
      fed.recorder.values("liveview.diff.bytes", {{"event", "save"}, {"path", "/form"}});
  ASSERT_EQ(validate.size(), 1u);
  ASSERT_EQ(save.size(), 1u);
  EXPECT_EQ(validate[0], 202);
  EXPECT_EQ(save[0], 301);
  EXPECT_GT(save[0], validate[0]);
}

TEST(WebSocketObserver, TickerServerPushesAreCountedWithTheirSizes) {
  const auto fed = replay("ticker");
  const auto pushes = frames_with_event(fed.transcript, false, "diff");
  ASSERT_EQ(pushes.size(), 5u) << "the transcript holds 2.5 s of pushes every 500 ms";
  EXPECT_EQ(fed.recorder.count("liveview.server_push", {{"path", "/ticker"}}), 5);
  EXPECT_EQ(
      fed.recorder.values("liveview.diff.bytes", {{"event", "server_push"}, {"path", "/ticker"}}),
      sizes_of(pushes));
}

TEST(WebSocketObserver, HeartbeatsAreCountedButKeptOutOfTheDiffMetrics) {
  const auto fed = replay("heartbeat_idle");
  const auto& r = fed.recorder;
  EXPECT_EQ(r.count("ws.heartbeats", kLiveSocket), 1);
  EXPECT_EQ(r.count("ws.frames_sent", kLiveSocket), 2);
  EXPECT_EQ(r.count("ws.frames_received", kLiveSocket), 2);
  // Only the join reply: neither the heartbeat's reply nor anything on topic "phoenix".
  EXPECT_EQ(r.tag_sets("liveview.diff.bytes"),
            (std::vector<Tags>{{{"event", "phx_join"}, {"path", "/"}}}));
  EXPECT_EQ(r.all_values("liveview.diff.bytes"), (std::vector<double>{309}));
  EXPECT_EQ(r.total("liveview.server_push"), 0);
}

TEST(WebSocketObserver, LivePatchIsRecordedUnderThePageItWasIssuedFrom) {
  const auto fed = replay("nav");
  EXPECT_EQ(fed.recorder.values("liveview.diff.bytes", {{"event", "live_patch"}, {"path", "/nav"}}),
            (std::vector<double>{93}));
}

TEST(WebSocketObserver, LiveNavigateRejoinsAreRecordedPerPageAndLeavesAreNot) {
  const auto fed = replay("nav");
  const auto& r = fed.recorder;
  EXPECT_EQ(r.values("liveview.diff.bytes", {{"event", "phx_join"}, {"path", "/nav"}}),
            (std::vector<double>{767, 792}));
  EXPECT_EQ(r.values("liveview.diff.bytes", {{"event", "phx_join"}, {"path", "/nav/other"}}),
            (std::vector<double>{411}));
  EXPECT_EQ(r.all_values("liveview.diff.bytes").size(), 4u) << "no phx_leave, no phx_close";
  EXPECT_EQ(r.total("liveview.server_push"), 0) << "phx_close is not a server-pushed diff";
  EXPECT_EQ(r.total("liveview.reply_errors"), 0);
}

TEST(WebSocketObserver, RefusedJoinAndEventsAreCountedAsReplyErrors) {
  const auto fed = replay("scripted_ws_counter_nocookie");
  const auto& r = fed.recorder;
  EXPECT_EQ(r.count("liveview.reply_errors", {{"event", "phx_join"}, {"path", "/"}}), 1);
  EXPECT_EQ(r.count("liveview.reply_errors", {{"event", "inc"}, {"path", "/"}}), 2);
  EXPECT_TRUE(r.all_values("liveview.diff.bytes").empty());
  EXPECT_EQ(r.count("ws.heartbeats", kLiveSocket), 1);
}

TEST(WebSocketObserver, ScriptedCounterMatchesEveryReply) {
  const auto fed = replay("scripted_ws_counter");
  EXPECT_EQ(fed.recorder.values("liveview.diff.bytes", {{"event", "inc"}, {"path", "/"}}),
            sizes_of(replies_to(fed.transcript, "event")));
  EXPECT_EQ(fed.recorder.total("liveview.reply_errors"), 0);
}

TEST(WebSocketObserver, MalformedFramesAreCountedAsUnparsedAndDoNotStopTheSocket) {
  FakeRecorder r;
  WebSocketObserver observer(r);
  observer.on_event("Network.webSocketCreated", created_event(), "/");
  const std::vector<std::string> bad{"",
                                     "not json",
                                     "[1,2,3]",
                                     R"({"topic":1})",
                                     R"(["1",2,"lv:x","event",{}])",
                                     "\xC3\x28 invalid utf-8",
                                     std::string(5000, '[')};
  for (const auto& text : bad) {
    observer.on_event("Network.webSocketFrameReceived", frame_event(text), "/");
  }
  EXPECT_EQ(r.count("ws.unparsed", kLiveSocket), static_cast<double>(bad.size()));
  EXPECT_EQ(r.count("ws.frames_received", kLiveSocket), static_cast<double>(bad.size()));

  observer.on_event("Network.webSocketFrameReceived",
                    frame_event(R"(["4",null,"lv:phx-x","diff",{"0":"1"}])"), "/ticker");
  EXPECT_EQ(r.count("liveview.server_push", {{"path", "/ticker"}}), 1);
}

TEST(WebSocketObserver, BinaryFramesCountTheirDecodedSizeAndAreNotParsed) {
  FakeRecorder r;
  WebSocketObserver observer(r);
  observer.on_event("Network.webSocketCreated", created_event(), "/");
  observer.on_event("Network.webSocketFrameSent", frame_event("AAECAwQ=", 2), "/");  // 5 bytes
  observer.on_event("Network.webSocketFrameSent", frame_event("AAECAwQF", 2), "/");  // 6 bytes
  EXPECT_EQ(r.values("ws.frame_sent.bytes", kLiveSocket), (std::vector<double>{5, 6}));
  EXPECT_EQ(r.total("ws.unparsed"), 0);
}

TEST(WebSocketObserver, TextFrameSizeIsItsUtf8ByteLength) {
  FakeRecorder r;
  WebSocketObserver observer(r);
  observer.on_event("Network.webSocketCreated", created_event(), "/");
  // "é" is two bytes in UTF-8: the frame is 25 characters but 26 bytes.
  observer.on_event("Network.webSocketFrameReceived",
                    frame_event("[\"4\",null,\"t\",\"diff\",\"\xC3\xA9\"]"), "/");
  EXPECT_EQ(r.values("ws.frame_received.bytes", kLiveSocket), (std::vector<double>{26}));
}

TEST(WebSocketObserver, RepliesMatchOnlyTheirOwnTopicAndRef) {
  FakeRecorder r;
  WebSocketObserver observer(r);
  observer.on_event("Network.webSocketCreated", created_event(), "/");
  observer.on_event("Network.webSocketFrameSent",
                    frame_event(R"(["4","8","lv:a","event",{"type":"click","event":"inc"}])"), "/");
  const std::string other_topic =
      R"(["4","8","lv:b","phx_reply",{"response":{"diff":{}},"status":"ok"}])";
  const std::string other_ref =
      R"(["4","9","lv:a","phx_reply",{"response":{"diff":{}},"status":"ok"}])";
  const std::string match =
      R"(["4","8","lv:a","phx_reply",{"response":{"diff":{}},"status":"ok"}])";
  for (const auto& text : {other_topic, other_ref, match, match}) {
    observer.on_event("Network.webSocketFrameReceived", frame_event(text), "/");
  }
  EXPECT_EQ(r.values("liveview.diff.bytes", {{"event", "inc"}, {"path", "/"}}),
            (std::vector<double>{size_of(match)}))
      << "one reply per push; the duplicate finds nothing pending";
}

TEST(WebSocketObserver, PendingPushesAreBoundedPerSocketAndDropsCounted) {
  FakeRecorder r;
  WebSocketObserver observer(r, WebSocketLimits{.max_sockets = 4, .max_pending_per_socket = 2});
  observer.on_event("Network.webSocketCreated", created_event(), "/");
  for (const char* ref : {"1", "2", "3"}) {
    const auto push =
        std::string(R"(["4",")") + ref + R"(","lv:a","event",{"event":"e)" + ref + R"("}])";
    observer.on_event("Network.webSocketFrameSent", frame_event(push), "/");
  }
  EXPECT_EQ(r.count("ws.pending_dropped", kLiveSocket), 1);
  for (const char* ref : {"1", "3"}) {
    const auto reply = std::string(R"(["4",")") + ref +
                       R"(","lv:a","phx_reply",{"response":{"diff":{}},"status":"ok"}])";
    observer.on_event("Network.webSocketFrameReceived", frame_event(reply), "/");
  }
  EXPECT_TRUE(r.values("liveview.diff.bytes", {{"event", "e1"}, {"path", "/"}}).empty());
  EXPECT_EQ(r.values("liveview.diff.bytes", {{"event", "e3"}, {"path", "/"}}).size(), 1u);
}

TEST(WebSocketObserver, OnlyEventPatchAndJoinPushesWaitForReplies) {
  FakeRecorder r;
  WebSocketObserver observer(r, WebSocketLimits{.max_sockets = 4, .max_pending_per_socket = 1});
  observer.on_event("Network.webSocketCreated", created_event(), "/");
  observer.on_event("Network.webSocketFrameSent",
                    frame_event(R"(["4","5","lv:a","event",{"event":"inc"}])"), "/");
  for (const char* push :
       {R"(["4","6","lv:a","phx_leave",{}])", R"(["4","7","lv:a","allow_upload",{"ref":"u1"}])",
        R"([null,"8","phoenix","heartbeat",{}])"}) {
    observer.on_event("Network.webSocketFrameSent", frame_event(push), "/");
  }
  EXPECT_EQ(r.total("ws.pending_dropped"), 0) << "nothing else took the one pending place";
  observer.on_event("Network.webSocketFrameReceived",
                    frame_event(R"(["4","5","lv:a","phx_reply",{"response":{},"status":"ok"}])"),
                    "/");
  EXPECT_EQ(r.values("liveview.diff.bytes", {{"event", "inc"}, {"path", "/"}}).size(), 1u);
}

TEST(WebSocketObserver, MainFrameNavigationClosesTheOldDocumentsSockets) {
  FakeRecorder r;
  WebSocketObserver observer(r);
  observer.on_event("Network.webSocketCreated", created_event("9.1"), "/");
  observer.on_event("Network.webSocketCreated", created_event("9.2"), "/");
  const boost::json::object child{{"frame", {{"id", "F2"}, {"parentId", "F1"}}}};
  observer.on_event("Page.frameNavigated", child, "/");
  EXPECT_EQ(r.total("ws.closed"), 0) << "an iframe navigating leaves the page's sockets open";

  const boost::json::object main{{"frame", {{"id", "F1"}, {"url", "http://127.0.0.1:4000/b"}}},
                                 {"type", "Navigation"}};
  EXPECT_TRUE(observer.on_event("Page.frameNavigated", main, "/b"));
  EXPECT_EQ(r.count("ws.closed", kLiveSocket), 2);
  EXPECT_EQ(observer.open_sockets(), 0u);

  observer.on_event("Network.webSocketClosed", {{"requestId", "9.1"}}, "/b");
  EXPECT_EQ(r.count("ws.closed", kLiveSocket), 2) << "a late close is not counted twice";
}

TEST(WebSocketObserver, FrameErrorsAreCounted) {
  FakeRecorder r;
  WebSocketObserver observer(r);
  observer.on_event("Network.webSocketCreated", created_event(), "/");
  observer.on_event("Network.webSocketFrameError",
                    {{"requestId", "9.1"}, {"timestamp", 3.2}, {"errorMessage", "Invalid frame"}},
                    "/");
  EXPECT_EQ(r.count("ws.errors", kLiveSocket), 1);
}

TEST(WebSocketObserver, EventsOfUnknownSocketsAndMalformedEventsAreIgnored) {
  FakeRecorder r;
  WebSocketObserver observer(r);
  observer.on_event("Network.webSocketFrameReceived", frame_event("[]"), "/");
  observer.on_event("Network.webSocketClosed", {{"requestId", "9.1"}}, "/");
  observer.on_event("Network.webSocketCreated", {{"url", 5}}, "/");
  observer.on_event("Network.webSocketCreated", created_event(), "/");
  observer.on_event("Network.webSocketFrameSent", {{"requestId", "9.1"}}, "/");
  observer.on_event("Network.webSocketFrameSent", {{"requestId", "9.1"}, {"response", 1}}, "/");
  observer.on_event("Page.frameNavigated", {{"frame", "main"}}, "/");
  EXPECT_EQ(r.count("ws.opened", kLiveSocket), 1);
  EXPECT_EQ(r.total("ws.frames_received"), 0);
  EXPECT_EQ(r.total("ws.frames_sent"), 0);
  EXPECT_EQ(r.total("ws.closed"), 0);
}

TEST(WebSocketObserver, OtherMethodsAreNotHandled) {
  FakeRecorder r;
  WebSocketObserver observer(r);
  EXPECT_FALSE(observer.on_event("Network.requestWillBeSent", {}, "/"));
  EXPECT_FALSE(observer.on_event("Network.webSocketWillSendHandshakeRequest", {}, "/"));
  EXPECT_TRUE(r.empty());
}

TEST(WebSocketObserver, PagePathsAreNormalisedForTags) {
  FakeRecorder r;
  WebSocketObserver observer(r);
  observer.on_event("Network.webSocketCreated", created_event(), "/");
  observer.on_event("Network.webSocketFrameReceived", frame_event(R"(["4",null,"lv:x","diff",{}])"),
                    "http://127.0.0.1:4000/users/42?tab=1");
  EXPECT_EQ(r.count("liveview.server_push", {{"path", "/users/:id"}}), 1);
}

}  // namespace
}  // namespace liveload::engine::wire
