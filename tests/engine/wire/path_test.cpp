#include "engine/wire/path.hpp"

#include <gtest/gtest.h>

#include <string>

namespace liveload::engine::wire {
namespace {

TEST(NormalizePath, DropsSchemeHostQueryAndFragment) {
  EXPECT_EQ(normalize_path("http://127.0.0.1:4000/nav?page=b#top"), "/nav");
  EXPECT_EQ(normalize_path("https://example.test/form#anchor"), "/form");
  EXPECT_EQ(normalize_path("/counter?x=1"), "/counter");
}

TEST(NormalizePath, RootStaysASlash) {
  EXPECT_EQ(normalize_path("http://127.0.0.1:4000/"), "/");
  EXPECT_EQ(normalize_path("http://127.0.0.1:4000"), "/");
  EXPECT_EQ(normalize_path("http://127.0.0.1:4000?vsn=2"), "/");
  EXPECT_EQ(normalize_path(""), "/");
  EXPECT_EQ(normalize_path("/?a=b"), "/");
}

TEST(NormalizePath, RemovesTrailingAndRepeatedSlashes) {
  EXPECT_EQ(normalize_path("/nav/other/"), "/nav/other");
  EXPECT_EQ(normalize_path("//example.test//a//b/"), "/a/b");
  EXPECT_EQ(normalize_path("relative/page"), "/relative/page");
}

TEST(NormalizePath, NumericSegmentsBecomeId) {
  EXPECT_EQ(normalize_path("/users/42/posts/7/edit"), "/users/:id/posts/:id/edit");
  EXPECT_EQ(normalize_path("/0"), "/:id");
}

TEST(NormalizePath, UuidsOfEitherCaseBecomeId) {
  EXPECT_EQ(normalize_path("/orders/123e4567-e89b-12d3-a456-426614174000"), "/orders/:id");
  EXPECT_EQ(normalize_path("/orders/123E4567-E89B-12D3-A456-426614174000/items"),
            "/orders/:id/items");
}

TEST(NormalizePath, LongHexIdsBecomeIdButWordsStay) {
  EXPECT_EQ(normalize_path("/docs/507f1f77bcf86cd799439011"), "/docs/:id");  // a Mongo ObjectId
  EXPECT_EQ(normalize_path("/commit/da39a3ee5e6b4b0d3255bfef95601890afd80709"), "/commit/:id");
  EXPECT_EQ(normalize_path("/c/deadbeefdeadbeefdeadbeef"), "/c/deadbeefdeadbeefdeadbeef");
  EXPECT_EQ(normalize_path("/cafe/face/12ab"), "/cafe/face/12ab");  // short hex is not an id
}

TEST(NormalizePath, SlugsWithNumbersAreKept) {
  EXPECT_EQ(normalize_path("/posts/42-hello-world"), "/posts/42-hello-world");
  EXPECT_EQ(normalize_path("/v2/items"), "/v2/items");
}

TEST(NormalizePath, IsIdempotent) {
  for (const char* url : {"/users/42/edit", "/", "http://h/a/507f1f77bcf86cd799439011/",
                          "/orders/123e4567-e89b-12d3-a456-426614174000"}) {
    const auto once = normalize_path(url);
    EXPECT_EQ(normalize_path(once), once) << url;
  }
}

TEST(NormalizePath, CapsLengthWithoutSplittingUtf8) {
  std::string long_path;
  for (int i = 0; i < 150; ++i) long_path += "/\xC3\xA9";  // "/é", three bytes each
  const auto tag = normalize_path(long_path);
  EXPECT_LE(tag.size(), kMaxPathTagBytes);
  EXPECT_GE(tag.size(), kMaxPathTagBytes - 3);
  EXPECT_EQ(static_cast<unsigned char>(tag.back()), 0xA9) << "cut inside a UTF-8 sequence";
  EXPECT_EQ(tag.substr(0, 6), "/\xC3\xA9/\xC3\xA9");
}

TEST(NormalizePath, QueryThatLooksLikeAUrlIsNotTakenForTheHost) {
  EXPECT_EQ(normalize_path("/login?next=http://evil.test/x"), "/login");
}

TEST(SocketPath, DropsTheQueryStringOfAWebSocketUrl) {
  EXPECT_EQ(socket_path("ws://127.0.0.1:4000/live/websocket?_csrf_token=ZXs1WUEd&_mounts=0"
                        "&_live_referer=undefined&vsn=2.0.0"),
            "/live/websocket");
  EXPECT_EQ(socket_path("wss://example.test/socket/websocket?token=abc"), "/socket/websocket");
}

TEST(LongPoll, RecognisesPhoenixLongPollUrls) {
  EXPECT_TRUE(is_longpoll_url("http://127.0.0.1:4000/live/longpoll?vsn=2.0.0&_csrf_token=x"));
  EXPECT_TRUE(is_longpoll_url("https://example.test/live/longpoll"));
  EXPECT_TRUE(is_longpoll_url("/socket/longpoll/?vsn=2.0.0"));
}

TEST(LongPoll, OtherUrlsAreNotLongPoll) {
  EXPECT_FALSE(is_longpoll_url("ws://127.0.0.1:4000/live/websocket?vsn=2.0.0"));
  EXPECT_FALSE(is_longpoll_url("http://127.0.0.1:4000/live?transport=longpoll"));
  EXPECT_FALSE(is_longpoll_url("http://127.0.0.1:4000/longpolling"));
}

}  // namespace
}  // namespace liveload::engine::wire
