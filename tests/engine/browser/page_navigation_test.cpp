#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "browser_fixture.hpp"

namespace liveload::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class NavigationTest : public BrowserTest {};

TEST_F(NavigationTest, NavigateReturnsStatusFinalUrlAndDuration) {
  auto page = open_page();
  ASSERT_TRUE(page);
  auto nav = run<NavigateResult>([&](auto done) { page->navigate(url("/plain"), 10s, done); });
  ASSERT_TRUE(nav.ok()) << nav.failure().detail;
  EXPECT_EQ(nav.value().status, 200);
  EXPECT_EQ(nav.value().url, url("/plain"));
  EXPECT_GT(nav.value().duration_us, 0);

  auto missing =
      run<NavigateResult>([&](auto done) { page->navigate(url("/missing"), 10s, done); });
  ASSERT_TRUE(missing.ok()) << missing.failure().detail;
  EXPECT_EQ(missing.value().status, 404);
}

TEST_F(NavigationTest, NavigateFollowsRedirects) {
  auto page = open_page();
  ASSERT_TRUE(page);
  auto nav = run<NavigateResult>([&](auto done) { page->navigate(url("/redirect"), 10s, done); });
  ASSERT_TRUE(nav.ok()) << nav.failure().detail;
  EXPECT_EQ(nav.value().status, 200);
  EXPECT_EQ(nav.value().url, url("/plain"));
  auto current = run<std::string>([&](auto done) { page->url(5s, done); });
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current.value(), url("/plain"));
}

TEST_F(NavigationTest, RefusedConnectionIsANavigationFailureNamingTheUrl) {
  auto page = open_page();
  ASSERT_TRUE(page);
  const auto target = "http://127.0.0.1:" + std::to_string(refused_port()) + "/x";
  auto nav = run<NavigateResult>([&](auto done) { page->navigate(target, 10s, done); });
  ASSERT_FALSE(nav.ok());
  EXPECT_EQ(nav.failure().reason, "navigation failed");
  EXPECT_EQ(nav.failure().detail, "navigate " + target + ": net::ERR_CONNECTION_REFUSED");
  EXPECT_TRUE(page->alive());
}

TEST_F(NavigationTest, InvalidUrlIsANavigationFailure) {
  auto page = open_page();
  ASSERT_TRUE(page);
  auto nav = run<NavigateResult>([&](auto done) { page->navigate("not a url", 5s, done); });
  ASSERT_FALSE(nav.ok());
  EXPECT_EQ(nav.failure().reason, "navigation failed");
  EXPECT_THAT(nav.failure().detail, StartsWith("navigate not a url: "));
}

TEST_F(NavigationTest, ReloadLoadsTheDocumentAgain) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  auto before = server().requests().size();
  ASSERT_TRUE(run<boost::json::value>([&](auto done) {
                page->evaluate("window.marker = 1", 5s, done);
              }).ok());
  auto nav = run<NavigateResult>([&](auto done) { page->reload(10s, done); });
  ASSERT_TRUE(nav.ok()) << nav.failure().detail;
  EXPECT_EQ(nav.value().status, 200);
  EXPECT_EQ(nav.value().url, url("/plain"));
  EXPECT_GT(server().requests().size(), before);
  auto marker =
      run<boost::json::value>([&](auto done) { page->evaluate("typeof window.marker", 5s, done); });
  ASSERT_TRUE(marker.ok());
  EXPECT_EQ(marker.value(), "undefined");
}

TEST_F(NavigationTest, EvaluateReturnsJsonAndAwaitsPromises) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  auto sum = run<boost::json::value>([&](auto done) { page->evaluate("1 + 2", 5s, done); });
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum.value(), 3);
  auto object = run<boost::json::value>([&](auto done) {
    page->evaluate("new Promise(r => setTimeout(() => r({a: [1, 'x']}), 50))", 5s, done);
  });
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(boost::json::serialize(object.value()), R"({"a":[1,"x"]})");
  auto nothing = run<boost::json::value>([&](auto done) { page->evaluate("undefined", 5s, done); });
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing.value().is_null());
}

TEST_F(NavigationTest, EvaluateExceptionIsAScriptError) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  auto thrown = run<boost::json::value>(
      [&](auto done) { page->evaluate("(() => { throw new Error('boom'); })()", 5s, done); });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.failure().reason, "script error");
  EXPECT_THAT(thrown.failure().detail, StartsWith("evaluate: Error: boom"));
  auto rejected = run<boost::json::value>(
      [&](auto done) { page->evaluate("Promise.reject(new TypeError('nope'))", 5s, done); });
  ASSERT_FALSE(rejected.ok());
  EXPECT_THAT(rejected.failure().detail, HasSubstr("TypeError: nope"));
}

TEST_F(NavigationTest, EvaluateThatNeverSettlesTimesOut) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  auto r = run<boost::json::value>(
      [&](auto done) { page->evaluate("new Promise(() => {})", 300ms, done); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "timeout");
  EXPECT_THAT(r.failure().detail, StartsWith("evaluate: "));
}

TEST_F(NavigationTest, ReadsContentAndUrl) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  auto html = run<std::string>([&](auto done) { page->content(5s, done); });
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(html.value(), StartsWith("<!DOCTYPE html><html>"));
  EXPECT_THAT(html.value(), HasSubstr("<title>plain</title>"));
}

TEST_F(NavigationTest, HelperIsOneHiddenGlobalAndPageScriptsRunUnchanged) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  // The helper is not enumerable, and the binding it reports through is not visible at all.
  auto globals = run<boost::json::value>([&](auto done) {
    page->evaluate(
        "[Object.keys(window).filter(k => k.startsWith('__liveload')).length,"
        " typeof window.__liveload, typeof window.__liveloadReport]",
        5s, done);
  });
  ASSERT_TRUE(globals.ok());
  EXPECT_EQ(boost::json::serialize(globals.value()), R"([0,"object","undefined"])");
}

TEST_F(NavigationTest, PagesAreIndependentAndCanWorkConcurrently) {
  auto a = page_at("/waits");
  auto b = page_at("/click");
  ASSERT_TRUE(a && b);
  // a waits for its document to change while b clicks; both finish.
  std::optional<Result<Unit>> waited, clicked;
  a->wait_for("#later", ElementState::attached, 10s, [&](Result<Unit> r) { waited.emplace(r); });
  b->click("#btn", 10s, [&](Result<Unit> r) { clicked.emplace(r); });
  auto go = run<boost::json::value>([&](auto done) { a->evaluate("go()", 5s, done); });
  ASSERT_TRUE(go.ok());
  const auto limit = std::chrono::steady_clock::now() + 20s;
  while ((!waited || !clicked) && std::chrono::steady_clock::now() < limit) {
    io().run_one_for(50ms);
  }
  ASSERT_TRUE(waited && clicked);
  EXPECT_TRUE(waited->ok()) << waited->failure().detail;
  EXPECT_TRUE(clicked->ok()) << clicked->failure().detail;
}

}  // namespace
}  // namespace liveload::engine::testing
