#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "browser_fixture.hpp"

namespace liveload::engine::testing {
namespace {

namespace json = boost::json;

class StorageTest : public BrowserTest {
 protected:
  json::value eval(Page& page, const std::string& js) {
    auto v = run<json::value>([&](auto done) { page.evaluate(js, 5s, done); });
    EXPECT_TRUE(v.ok()) << v.failure().detail;
    return v.ok() ? v.value() : json::value();
  }
  void go(Page& page, const std::string& path) {
    auto nav = run<NavigateResult>([&](auto done) { page.navigate(url(path), 10s, done); });
    ASSERT_TRUE(nav.ok()) << nav.failure().detail;
  }
};

TEST_F(StorageTest, ContextsDoNotShareCookiesOrStorage) {
  auto first = page_at("/storage");
  auto second = page_at("/plain");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(eval(*first, "document.cookie"), "sid=abc");
  EXPECT_EQ(eval(*first, "localStorage.getItem('k')"), "v");
  // Same origin, other user: nothing of the first user's is there.
  EXPECT_EQ(eval(*second, "document.cookie"), "");
  EXPECT_EQ(eval(*second, "localStorage.length"), 0);
  go(*second, "/plain");
  EXPECT_EQ(server().requests().back().cookie, "");
}

TEST_F(StorageTest, SnapshotHoldsCookiesAndTheOriginsStorage) {
  auto page = page_at("/storage");
  ASSERT_TRUE(page);
  auto snapshot = run<json::value>([&](auto done) { page->storage_snapshot(5s, done); });
  ASSERT_TRUE(snapshot.ok()) << snapshot.failure().detail;
  const auto& s = snapshot.value().as_object();
  ASSERT_EQ(s.at("cookies").as_array().size(), 1u);
  const auto& cookie = s.at("cookies").as_array()[0].as_object();
  EXPECT_EQ(cookie.at("name"), "sid");
  EXPECT_EQ(cookie.at("value"), "abc");
  EXPECT_EQ(cookie.at("domain"), "127.0.0.1");
  ASSERT_EQ(s.at("origins").as_array().size(), 1u);
  const auto& origin = s.at("origins").as_array()[0].as_object();
  EXPECT_EQ(origin.at("origin").as_string(), "http://127.0.0.1:" + std::to_string(server().port()));
  EXPECT_EQ(json::serialize(origin.at("localStorage")), R"({"k":"v"})");
  EXPECT_EQ(json::serialize(origin.at("sessionStorage")), R"({"sk":"sv"})");
}

TEST_F(StorageTest, RestoreOnTheSameOriginRoundTrips) {
  auto source = page_at("/storage");
  ASSERT_TRUE(source);
  auto snapshot = run<json::value>([&](auto done) { source->storage_snapshot(5s, done); });
  ASSERT_TRUE(snapshot.ok());

  auto target = page_at("/plain");
  ASSERT_TRUE(target);
  ASSERT_TRUE(run<json::value>([&](auto done) {
                target->evaluate("localStorage.setItem('stale', '1')", 5s, done);
              }).ok());
  auto restored =
      run<Unit>([&](auto done) { target->restore_storage(snapshot.value(), 5s, done); });
  ASSERT_TRUE(restored.ok()) << restored.failure().detail;
  EXPECT_EQ(eval(*target, "document.cookie"), "sid=abc");
  EXPECT_EQ(eval(*target, "localStorage.getItem('k')"), "v");
  EXPECT_TRUE(eval(*target, "localStorage.getItem('stale')").is_null());
  EXPECT_EQ(eval(*target, "sessionStorage.getItem('sk')"), "sv");
  go(*target, "/plain");
  EXPECT_EQ(server().requests().back().cookie, "sid=abc");

  auto again = run<json::value>([&](auto done) { target->storage_snapshot(5s, done); });
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(json::serialize(again.value().at("origins")),
            json::serialize(snapshot.value().at("origins")));
}

TEST_F(StorageTest, RestoreBeforeVisitingTheOriginAppliesOnArrival) {
  auto source = page_at("/storage");
  ASSERT_TRUE(source);
  auto snapshot = run<json::value>([&](auto done) { source->storage_snapshot(5s, done); });
  ASSERT_TRUE(snapshot.ok());

  auto fresh = open_page();  // still on about:blank
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(
      run<Unit>([&](auto done) { fresh->restore_storage(snapshot.value(), 5s, done); }).ok());
  go(*fresh, "/plain");
  EXPECT_EQ(eval(*fresh, "localStorage.getItem('k')"), "v");
  // The one-shot script is gone after it ran: a later change survives the next document.
  ASSERT_TRUE(run<json::value>([&](auto done) {
                fresh->evaluate("localStorage.setItem('k', 'changed')", 5s, done);
              }).ok());
  go(*fresh, "/plain");
  EXPECT_EQ(eval(*fresh, "localStorage.getItem('k')"), "changed");
}

TEST_F(StorageTest, ClearStorageRemovesCookiesAndStorage) {
  auto page = page_at("/storage");
  ASSERT_TRUE(page);
  ASSERT_TRUE(run<Unit>([&](auto done) { page->clear_storage(5s, done); }).ok());
  EXPECT_EQ(eval(*page, "document.cookie"), "");
  EXPECT_EQ(eval(*page, "localStorage.length"), 0);
  EXPECT_EQ(eval(*page, "sessionStorage.length"), 0);
}

TEST_F(StorageTest, RestoreRejectsMalformedSnapshotsNamingTheField) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) {
    page->restore_storage(json::parse(R"({"cookies": [{"name": "a"}]})"), 5s, done);
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "invalid value");
  EXPECT_EQ(r.failure().detail, "restore_storage: cookies[0] needs string \"name\" and \"value\"");
  auto o = run<Unit>([&](auto done) {
    page->restore_storage(json::parse(R"({"origins": [{"origin": "x", "localStorage": 3}]})"), 5s,
                          done);
  });
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.failure().detail, "restore_storage: origins[0].localStorage must be an object");
}

}  // namespace
}  // namespace liveload::engine::testing
