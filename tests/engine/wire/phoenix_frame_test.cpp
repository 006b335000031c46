#include "engine/wire/phoenix_frame.hpp"

#include <gtest/gtest.h>

#include <string>

#include "phoenix_fixture.hpp"

namespace liveload::engine::wire {
namespace {

TEST(PhoenixFrame, ParsesAV2EventPush) {
  auto frame = parse_phoenix_frame(R"(["4","8","lv:phx-GO4P7tw9HKSv3gYy","event",)"
                                   R"({"type":"click","event":"inc","value":{"value":""}}])");
  ASSERT_TRUE(frame) << frame.failure().detail;
  EXPECT_EQ(frame.value().join_ref, "4");
  EXPECT_EQ(frame.value().ref, "8");
  EXPECT_EQ(frame.value().topic, "lv:phx-GO4P7tw9HKSv3gYy");
  EXPECT_EQ(frame.value().event, "event");
  EXPECT_EQ(push_name(frame.value()), "inc");
  EXPECT_FALSE(is_reply(frame.value()));
  EXPECT_FALSE(is_heartbeat(frame.value()));
}

TEST(PhoenixFrame, NullRefsAreAbsent) {
  auto frame = parse_phoenix_frame(R"([null,"8","phoenix","heartbeat",{}])");
  ASSERT_TRUE(frame);
  EXPECT_FALSE(frame.value().join_ref);
  EXPECT_EQ(frame.value().ref, "8");
  EXPECT_TRUE(is_heartbeat(frame.value()));
}

TEST(PhoenixFrame, RecognisesAJoinReplyWithItsRenderedTree) {
  auto frame =
      parse_phoenix_frame(R"(["4","4","lv:phx-x","phx_reply",)"
                          R"({"response":{"rendered":{"0":"0","s":["a","b"]}},"status":"ok"}])");
  ASSERT_TRUE(frame);
  EXPECT_TRUE(is_reply(frame.value()));
  EXPECT_EQ(reply_kind(frame.value()), ReplyKind::rendered);
  EXPECT_EQ(reply_status(frame.value()), "ok");
}

TEST(PhoenixFrame, RecognisesAnEventReplyWithItsDiff) {
  auto frame = parse_phoenix_frame(
      R"(["4","9","lv:phx-x","phx_reply",{"response":{"diff":{"0":"2"}},"status":"ok"}])");
  ASSERT_TRUE(frame);
  EXPECT_EQ(reply_kind(frame.value()), ReplyKind::diff);
}

TEST(PhoenixFrame, AnErrorReplyIsAReplyWithoutDiff) {
  auto frame = parse_phoenix_frame(
      R"(["1","1","lv:phx-x","phx_reply",{"response":{"reason":"stale"},"status":"error"}])");
  ASSERT_TRUE(frame);
  EXPECT_TRUE(is_reply(frame.value()));
  EXPECT_EQ(reply_kind(frame.value()), ReplyKind::empty);
  EXPECT_EQ(reply_status(frame.value()), "error");
}

TEST(PhoenixFrame, AReplyNeedsStatusAndResponse) {
  auto no_status = parse_phoenix_frame(R"(["1","1","t","phx_reply",{"response":{}}])");
  auto no_response = parse_phoenix_frame(R"(["1","1","t","phx_reply",{"status":"ok"}])");
  auto not_object = parse_phoenix_frame(R"(["1","1","t","phx_reply","ok"])");
  ASSERT_TRUE(no_status && no_response && not_object);
  EXPECT_FALSE(is_reply(no_status.value()));
  EXPECT_FALSE(is_reply(no_response.value()));
  EXPECT_FALSE(is_reply(not_object.value()));
  EXPECT_EQ(reply_status(no_response.value()), "");
}

TEST(PhoenixFrame, ServerPushIsADiffWithNullRef) {
  auto push = parse_phoenix_frame(R"(["4",null,"lv:phx-x","diff",{"0":"1"}])");
  auto close = parse_phoenix_frame(R"(["4","4","lv:phx-x","phx_close",{}])");
  ASSERT_TRUE(push && close);
  EXPECT_TRUE(is_server_push(push.value()));
  EXPECT_FALSE(is_server_push(close.value()));
}

TEST(PhoenixFrame, PushNameIsThePhoenixEventOutsideLiveViewEvents) {
  auto patch =
      parse_phoenix_frame(R"(["4","8","lv:x","live_patch",{"url":"http://h/nav?page=b"}])");
  auto bare = parse_phoenix_frame(R"(["4","8","lv:x","event",{"type":"click"}])");
  ASSERT_TRUE(patch && bare);
  EXPECT_EQ(push_name(patch.value()), "live_patch");
  EXPECT_EQ(push_name(bare.value()), "event");
}

TEST(PhoenixFrame, ParsesTheV1ObjectForm) {
  auto frame = parse_phoenix_frame(R"({"topic":"room:lobby","event":"phx_reply",)"
                                   R"("payload":{"status":"ok","response":{}},"ref":"3"})");
  ASSERT_TRUE(frame) << frame.failure().detail;
  EXPECT_EQ(frame.value().topic, "room:lobby");
  EXPECT_EQ(frame.value().ref, "3");
  EXPECT_FALSE(frame.value().join_ref);
  EXPECT_TRUE(is_reply(frame.value()));
}

TEST(PhoenixFrame, RejectsTextThatIsNotJson) {
  for (const char* text : {"", "not json", "[\"4\",\"4\"", "\x80\xFF\xFE binary", "[1,2,]"}) {
    auto frame = parse_phoenix_frame(text);
    ASSERT_FALSE(frame) << text;
    EXPECT_EQ(frame.failure().reason, "not json") << text;
  }
}

TEST(PhoenixFrame, RejectsJsonOfTheWrongShape) {
  for (const char* text : {
           R"("just a string")",
           R"(42)",
           R"(["4","4","lv:x","event"])",
           R"(["4","4","lv:x","event",{},"extra"])",
           R"([4,"4","lv:x","event",{}])",
           R"(["4",4,"lv:x","event",{}])",
           R"(["4","4",null,"event",{}])",
           R"(["4","4","lv:x",["event"],{}])",
           R"({"event":"e","payload":{}})",
           R"({"topic":"t","payload":{}})",
           R"({"topic":"t","event":"e"})",
           R"({"topic":"t","event":"e","payload":{},"ref":7})",
       }) {
    auto frame = parse_phoenix_frame(text);
    ASSERT_FALSE(frame) << text;
    EXPECT_EQ(frame.failure().reason, "not a phoenix frame") << text;
    EXPECT_FALSE(frame.failure().detail.empty()) << text;
  }
}

TEST(PhoenixFrame, DeeplyNestedRenderedTreesStillParse) {
  std::string nested = "{}";
  for (int i = 0; i < 100; ++i) nested = R"({"0":)" + nested + "}";
  auto frame = parse_phoenix_frame(R"(["4","4","lv:x","phx_reply",{"response":{"rendered":)" +
                                   nested + R"(},"status":"ok"}])");
  ASSERT_TRUE(frame) << frame.failure().detail;
  EXPECT_EQ(reply_kind(frame.value()), ReplyKind::rendered);
}

TEST(PhoenixFrame, AbsurdNestingIsRejectedNotRecursedInto) {
  const std::string text(100000, '[');
  auto frame = parse_phoenix_frame(text);
  ASSERT_FALSE(frame);
  EXPECT_EQ(frame.failure().reason, "not json");
}

TEST(PhoenixFrame, EveryFrameOfTheRecordedTranscriptsParses) {
  for (const char* name : {"counter", "form", "ticker", "nav", "slow", "heartbeat_idle",
                           "scripted_ws_counter", "scripted_ws_counter_nocookie"}) {
    const auto transcript = testing::load_transcript(name);
    ASSERT_FALSE(transcript.frames.empty()) << name;
    for (const auto& recorded : transcript.frames) {
      auto frame = parse_phoenix_frame(recorded.text);
      EXPECT_TRUE(frame) << name << ": " << recorded.text.substr(0, 80);
    }
  }
}

}  // namespace
}  // namespace liveload::engine::wire
