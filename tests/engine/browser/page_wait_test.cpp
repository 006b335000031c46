#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "browser_fixture.hpp"

namespace liveload::engine::testing {
namespace {

using ::testing::HasSubstr;

class WaitTest : public BrowserTest {
 protected:
  bool visible(Page& page, const std::string& selector) {
    auto r = run<bool>([&](auto done) { page.is_visible(selector, 5s, done); });
    EXPECT_TRUE(r.ok()) << r.failure().detail;
    return r.ok() && r.value();
  }
  void start_changes(Page& page, const char* fn = "go()") {
    auto r = run<boost::json::value>([&](auto done) { page.evaluate(fn, 5s, done); });
    ASSERT_TRUE(r.ok()) << r.failure().detail;
  }
};

TEST_F(WaitTest, WaitsForEachElementStateAsTheDocumentChanges) {
  auto page = page_at("/waits");
  ASSERT_TRUE(page);
  // Nothing changes until go() runs, so these hold before the waits start.
  EXPECT_FALSE(visible(*page, "#showme"));
  EXPECT_TRUE(visible(*page, "#hideme"));
  EXPECT_FALSE(visible(*page, "#later"));
  start_changes(*page);

  auto attached =
      run<Unit>([&](auto done) { page->wait_for("#later", ElementState::attached, 5s, done); });
  EXPECT_TRUE(attached.ok()) << attached.failure().detail;
  auto shown =
      run<Unit>([&](auto done) { page->wait_for("#showme", ElementState::visible, 5s, done); });
  EXPECT_TRUE(shown.ok()) << shown.failure().detail;
  auto hidden =
      run<Unit>([&](auto done) { page->wait_for("#hideme", ElementState::hidden, 5s, done); });
  EXPECT_TRUE(hidden.ok()) << hidden.failure().detail;
  auto detached =
      run<Unit>([&](auto done) { page->wait_for("#removeme", ElementState::detached, 5s, done); });
  EXPECT_TRUE(detached.ok()) << detached.failure().detail;
  EXPECT_TRUE(visible(*page, "#showme"));
  EXPECT_FALSE(visible(*page, "#hideme"));
}

TEST_F(WaitTest, WaitForTextSettlesWhenTheTextArrives) {
  auto page = page_at("/waits");
  ASSERT_TRUE(page);
  auto early = run<Unit>([&](auto done) { page->wait_for_text("#msg", "done", 200ms, done); });
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.failure().reason, "timeout");
  EXPECT_EQ(early.failure().detail,
            "wait_for_text #msg \"done\": text was \"waiting\" within 200ms");
  start_changes(*page);
  auto r = run<Unit>([&](auto done) { page->wait_for_text("#msg", "done", 5s, done); });
  EXPECT_TRUE(r.ok()) << r.failure().detail;
}

TEST_F(WaitTest, ASelectorThatNeverAppearsTimesOutNamingIt) {
  auto page = page_at("/waits");
  ASSERT_TRUE(page);
  auto r =
      run<Unit>([&](auto done) { page->wait_for("#never", ElementState::visible, 500ms, done); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "timeout");
  EXPECT_EQ(r.failure().detail, "wait_for #never (visible): no element matched within 500ms");
  auto detached =
      run<Unit>([&](auto done) { page->wait_for("#msg", ElementState::detached, 300ms, done); });
  ASSERT_FALSE(detached.ok());
  EXPECT_EQ(detached.failure().detail,
            "wait_for #msg (detached): an element still matches within 300ms");
}

TEST_F(WaitTest, AWaitFollowsTheUserIntoTheNextDocument) {
  auto page = page_at("/waits");
  ASSERT_TRUE(page);
  start_changes(*page, "away()");
  auto r = run<Unit>([&](auto done) { page->wait_for("#b", ElementState::visible, 10s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  auto current = run<std::string>([&](auto done) { page->url(5s, done); });
  EXPECT_EQ(current.value(), url("/nav-b"));
}

TEST_F(WaitTest, ReadsWaitForTheElementAndReturnItsParts) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  auto text = run<std::string>([&](auto done) { page->text("#p", 5s, done); });
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text.value(), "Hello world");
  auto html = run<std::string>([&](auto done) { page->inner_html("#p", 5s, done); });
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(html.value(), "Hello <b>world</b>");
  auto attr =
      run<boost::json::value>([&](auto done) { page->attribute("#p", "data-x", 5s, done); });
  ASSERT_TRUE(attr.ok());
  EXPECT_EQ(attr.value(), "1");
  auto none = run<boost::json::value>([&](auto done) { page->attribute("#p", "nope", 5s, done); });
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none.value().is_null());
  auto not_input = run<std::string>([&](auto done) { page->input_value("#p", 5s, done); });
  ASSERT_FALSE(not_input.ok());
  EXPECT_EQ(not_input.failure().reason, "not an input");
  auto missing = run<std::string>([&](auto done) { page->text("#zzz", 300ms, done); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.failure().detail, "text #zzz: no element matched within 300ms");
}

TEST_F(WaitTest, IsVisibleAndIsCheckedDoNotWaitForMissingElements) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  auto visible = run<bool>([&](auto done) { page->is_visible("#zzz", 30s, done); });
  ASSERT_TRUE(visible.ok());
  EXPECT_FALSE(visible.value());
  auto checked = run<bool>([&](auto done) { page->is_checked("#zzz", 30s, done); });
  ASSERT_TRUE(checked.ok());
  EXPECT_FALSE(checked.value());
}

}  // namespace
}  // namespace liveload::engine::testing
