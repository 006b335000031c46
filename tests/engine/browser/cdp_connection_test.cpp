#include "engine/browser/cdp_connection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

namespace liveload::engine::cdp {
namespace {

namespace json = boost::json;

const auto kFar = Clock::now() + std::chrono::hours(1);

std::string frame(std::string_view json_text) {
  std::string s(json_text);
  s.push_back('\0');
  return s;
}

TEST(MessageFramer, SplitsMessagesAtEveryPossibleChunkBoundary) {
  const std::string stream = frame(R"({"a":1})") + frame(R"({"b":"x\u0000y"})") + frame("{}");
  const std::vector<std::string> expected = {R"({"a":1})", R"({"b":"x\u0000y"})", "{}"};
  for (std::size_t cut1 = 0; cut1 <= stream.size(); ++cut1) {
    for (std::size_t cut2 = cut1; cut2 <= stream.size(); ++cut2) {
      MessageFramer framer;
      std::vector<std::string> got;
      auto collect = [&](std::string_view m) { got.emplace_back(m); };
      framer.feed(std::string_view(stream).substr(0, cut1), collect);
      framer.feed(std::string_view(stream).substr(cut1, cut2 - cut1), collect);
      framer.feed(std::string_view(stream).substr(cut2), collect);
      ASSERT_EQ(got, expected) << "cuts at " << cut1 << " and " << cut2;
      EXPECT_EQ(framer.buffered(), 0u);
    }
  }
}

TEST(MessageFramer, KeepsAnUnterminatedTailUntilItsNulArrives) {
  MessageFramer framer;
  std::vector<std::string> got;
  auto collect = [&](std::string_view m) { got.emplace_back(m); };
  framer.feed("{\"a\"", collect);
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(framer.buffered(), 4u);
  framer.feed(std::string(":2}\0", 4), collect);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "{\"a\":2}");
}

TEST(Connection, EncodesCommandsWithIncreasingIdsAndSession) {
  Connection c;
  auto first = c.command("", "Browser.getVersion", {}, kFar, [](CommandResult) {});
  auto second =
      c.command("S1", "Runtime.evaluate", {{"expression", "1"}}, kFar, [](CommandResult) {});
  ASSERT_EQ(first.back(), '\0');
  ASSERT_EQ(second.back(), '\0');
  first.pop_back();
  second.pop_back();
  const auto a = json::parse(first).as_object();
  const auto b = json::parse(second).as_object();
  EXPECT_EQ(a.at("method"), "Browser.getVersion");
  EXPECT_FALSE(a.contains("sessionId"));
  EXPECT_EQ(b.at("sessionId"), "S1");
  EXPECT_EQ(b.at("params").at("expression"), "1");
  EXPECT_GT(b.at("id").as_int64(), a.at("id").as_int64());
  EXPECT_EQ(c.pending(), 2u);
}

TEST(Connection, DeliversResultsAndErrorsToTheirCommands) {
  Connection c;
  std::optional<CommandResult> ok_result, error_result;
  c.command("", "A.ok", {}, kFar, [&](CommandResult r) { ok_result.emplace(std::move(r)); });
  c.command("", "B.fails", {}, kFar, [&](CommandResult r) { error_result.emplace(std::move(r)); });
  c.feed(frame(R"({"id":2,"error":{"code":-32000,"message":"No such thing"}})") +
         frame(R"({"id":1,"result":{"v":42}})"));
  ASSERT_TRUE(ok_result && error_result);
  ASSERT_TRUE(ok_result->ok());
  EXPECT_EQ(ok_result->value().at("v"), 42);
  ASSERT_FALSE(error_result->ok());
  EXPECT_EQ(error_result->failure().reason, "protocol error");
  EXPECT_EQ(error_result->failure().detail, "B.fails: No such thing");
  EXPECT_EQ(c.pending(), 0u);
}

TEST(Connection, CountsResponsesForUnknownIdsAndIgnoresThem) {
  Connection c;
  int calls = 0;
  c.command("", "A.b", {}, kFar, [&](CommandResult) { ++calls; });
  c.feed(frame(R"({"id":77,"result":{}})") + frame(R"({"id":-3,"result":{}})"));
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(c.unknown_responses(), 2u);
  EXPECT_EQ(c.pending(), 1u);
  c.feed(frame(R"({"id":1,"result":{}})"));
  EXPECT_EQ(calls, 1);
  // A late second answer to the same id is unknown too.
  c.feed(frame(R"({"id":1,"result":{}})"));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(c.unknown_responses(), 3u);
}

TEST(Connection, CountsMalformedMessagesAndKeepsWorking) {
  Connection c;
  std::optional<CommandResult> result;
  c.command("", "A.b", {}, kFar, [&](CommandResult r) { result.emplace(std::move(r)); });
  c.feed(frame("{not json") + frame("[1,2]") + frame(R"({"no":"id or method"})") + frame("") +
         frame(R"({"id":1,"result":{"fine":true}})"));
  EXPECT_EQ(c.malformed_messages(), 4u);
  ASSERT_TRUE(result && result->ok());
  EXPECT_EQ(result->value().at("fine"), true);
}

TEST(Connection, RoutesEventsBySession) {
  Connection c;
  std::vector<std::string> browser_events, page_events;
  c.add_session("", SessionHandler{[&](std::string_view m, const json::object&) {
                                     browser_events.emplace_back(m);
                                   },
                                   nullptr});
  c.add_session(
      "P", SessionHandler{[&](std::string_view m, const json::object& params) {
                            page_events.push_back(std::string(m) + ":" + json::serialize(params));
                          },
                          nullptr});
  c.feed(frame(R"({"method":"Target.attachedToTarget","params":{"x":1}})") +
         frame(R"({"method":"Page.loadEventFired","params":{"t":2},"sessionId":"P"})") +
         frame(R"({"method":"Page.loadEventFired","params":{},"sessionId":"other"})") +
         frame(R"({"method":"Runtime.executionContextsCleared","sessionId":"P"})"));
  EXPECT_EQ(browser_events, std::vector<std::string>{"Target.attachedToTarget"});
  EXPECT_EQ(page_events, (std::vector<std::string>{"Page.loadEventFired:{\"t\":2}",
                                                   "Runtime.executionContextsCleared:{}"}));
  EXPECT_EQ(c.events_without_session(), 1u);
}

TEST(Connection, ExpiresOnlyCommandsWhoseDeadlinePassed) {
  Connection c;
  const auto now = Clock::now();
  std::optional<CommandResult> early, late;
  c.command("", "Slow.one", {}, now + std::chrono::seconds(1),
            [&](CommandResult r) { early.emplace(std::move(r)); });
  c.command("", "Slow.two", {}, now + std::chrono::seconds(5),
            [&](CommandResult r) { late.emplace(std::move(r)); });
  ASSERT_EQ(c.next_deadline(), now + std::chrono::seconds(1));
  c.expire(now + std::chrono::seconds(2));
  ASSERT_TRUE(early);
  EXPECT_EQ(early->failure().reason, "timeout");
  EXPECT_NE(early->failure().detail.find("Slow.one"), std::string::npos);
  EXPECT_FALSE(late);
  EXPECT_EQ(c.next_deadline(), now + std::chrono::seconds(5));
  // The answer after the timeout is an unknown id, not a second callback.
  c.feed(frame(R"({"id":1,"result":{}})"));
  EXPECT_EQ(c.unknown_responses(), 1u);
}

TEST(Connection, CloseFailsEverythingWithTheMethodNamedAndClosesSessions) {
  Connection c;
  std::vector<std::string> details;
  std::optional<Failure> session_closed;
  c.add_session("P", SessionHandler{nullptr, [&](const Failure& f) { session_closed = f; }});
  c.command("P", "Runtime.evaluate", {}, kFar,
            [&](CommandResult r) { details.push_back(r.failure().detail); });
  c.command("", "Target.createTarget", {}, kFar,
            [&](CommandResult r) { details.push_back(r.failure().detail); });
  c.close(Failure{"browser crashed", "browser process exited (killed by signal 9): oops"});
  ASSERT_TRUE(session_closed);
  EXPECT_EQ(session_closed->reason, "browser crashed");
  ASSERT_EQ(details.size(), 2u);
  std::sort(details.begin(), details.end());
  EXPECT_EQ(details[0], "Runtime.evaluate: browser process exited (killed by signal 9): oops");
  EXPECT_EQ(details[1], "Target.createTarget: browser process exited (killed by signal 9): oops");

  // After close, a new command fails from the next expire() with the same reason.
  std::optional<CommandResult> later;
  c.command("", "Page.navigate", {}, kFar, [&](CommandResult r) { later.emplace(std::move(r)); });
  EXPECT_FALSE(later);
  c.expire(Clock::now());
  ASSERT_TRUE(later);
  EXPECT_EQ(later->failure().reason, "browser crashed");
  EXPECT_EQ(later->failure().detail.rfind("Page.navigate: ", 0), 0u);
}

TEST(Connection, CloseSessionFailsOnlyThatSessionsCommands) {
  Connection c;
  int page_failures = 0;
  bool browser_done = false;
  c.add_session("P", SessionHandler{nullptr, nullptr});
  c.command("P", "Runtime.evaluate", {}, kFar, [&](CommandResult r) {
    EXPECT_EQ(r.failure().detail, "Runtime.evaluate: the page crashed");
    ++page_failures;
  });
  c.command("", "Browser.getVersion", {}, kFar, [&](CommandResult r) { browser_done = r.ok(); });
  c.close_session("P", Failure{"browser crashed", "the page crashed"});
  EXPECT_EQ(page_failures, 1);
  EXPECT_EQ(c.pending(), 1u);
  c.feed(frame(R"({"id":2,"result":{}})"));
  EXPECT_TRUE(browser_done);
}

TEST(Connection, CallbacksMaySendNewCommands) {
  Connection c;
  std::string next;
  bool second_done = false;
  c.command("", "First.one", {}, kFar, [&](CommandResult) {
    next = c.command("", "Second.one", {}, kFar, [&](CommandResult r) { second_done = r.ok(); });
  });
  c.feed(frame(R"({"id":1,"result":{}})"));
  ASSERT_FALSE(next.empty());
  c.feed(frame(R"({"id":2,"result":{}})"));
  EXPECT_TRUE(second_done);
}

}  // namespace
}  // namespace liveload::engine::cdp
