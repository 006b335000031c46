#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "browser_fixture.hpp"
#include "engine/browser/cdp_page.hpp"

namespace liveload::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class LiveViewTest : public BrowserTest {
 protected:
  double measured_join_us(Page& page) {
    auto v = run<boost::json::value>(
        [&](auto done) { page.evaluate("window.measuredJoin * 1000", 5s, done); });
    EXPECT_TRUE(v.ok() && v.value().is_number());
    return v.ok() && v.value().is_number() ? v.value().to_number<double>() : -1;
  }
};

// The page records performance.now() right after it adds phx-connected; the engine's value
// must be that moment, seen a few microseconds later by its observer.
constexpr double kObserverSlackUs = 100'000;

TEST_F(LiveViewTest, JoinTimeMatchesThePagesOwnMeasurement) {
  auto page = page_at("/lv?join=300");
  ASSERT_TRUE(page);
  auto join = run<double>([&](auto done) { page->wait_for_liveview(10s, done); });
  ASSERT_TRUE(join.ok()) << join.failure().detail;
  const double measured = measured_join_us(*page);
  EXPECT_GT(join.value(), 0);
  EXPECT_GE(join.value(), measured);
  EXPECT_LT(join.value() - measured, kObserverSlackUs);
}

TEST_F(LiveViewTest, JoinTimeIsRecordedEvenWhenTheWaitStartsLate) {
  auto page = page_at("/lv?join=0");
  ASSERT_TRUE(page);
  // By the time this wait ends the LiveView joined long ago.
  ASSERT_TRUE(run<Unit>([&](auto done) {
                page->wait_for("#main.phx-connected", ElementState::attached, 10s, done);
              }).ok());
  ASSERT_TRUE(run<boost::json::value>([&](auto done) {
                page->evaluate("new Promise(r => setTimeout(r, 300))", 5s, done);
              }).ok());
  auto join = run<double>([&](auto done) { page->wait_for_liveview(10s, done); });
  ASSERT_TRUE(join.ok()) << join.failure().detail;
  const double measured = measured_join_us(*page);
  EXPECT_GE(join.value(), measured);
  EXPECT_LT(join.value() - measured, kObserverSlackUs);
}

TEST_F(LiveViewTest, ThePageReportsTheJoinThroughItsListener) {
  auto page = open_page();
  ASSERT_TRUE(page);
  std::vector<boost::json::object> events;
  dynamic_cast<CdpPage&>(*page).set_event_listener(
      [&](const boost::json::object& e) { events.push_back(e); });
  ASSERT_TRUE(
      run<NavigateResult>([&](auto done) { page->navigate(url("/lv?join=100"), 10s, done); }).ok());
  auto join = run<double>([&](auto done) { page->wait_for_liveview(10s, done); });
  ASSERT_TRUE(join.ok()) << join.failure().detail;
  drain(io(), 100ms);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("type"), "liveview-connected");
  EXPECT_DOUBLE_EQ(events[0].at("join_us").to_number<double>(), join.value());
  EXPECT_EQ(events[0].at("url").as_string(), url("/lv?join=100"));
}

TEST_F(LiveViewTest, WaitForLiveviewOnAPlainPageSaysWhatIsMissing) {
  auto page = page_at("/plain");
  ASSERT_TRUE(page);
  auto join = run<double>([&](auto done) { page->wait_for_liveview(300ms, done); });
  ASSERT_FALSE(join.ok());
  EXPECT_EQ(join.failure().reason, "timeout");
  EXPECT_EQ(join.failure().detail, "wait_for_liveview: no element with data-phx-session on " +
                                       url("/plain") + " within 300ms");
}

TEST_F(LiveViewTest, EnsureLiveviewTellsLiveViewsFromOtherPages) {
  auto lv = page_at("/lv");
  ASSERT_TRUE(lv);
  auto yes = run<Unit>([&](auto done) { lv->ensure_liveview(5s, done); });
  EXPECT_TRUE(yes.ok()) << yes.failure().detail;
  auto plain = page_at("/plain");
  ASSERT_TRUE(plain);
  auto no = run<Unit>([&](auto done) { plain->ensure_liveview(5s, done); });
  ASSERT_FALSE(no.ok());
  EXPECT_EQ(no.failure().reason, "not a liveview");
  EXPECT_EQ(no.failure().detail,
            "ensure_liveview: no element with data-phx-session on " + url("/plain"));
}

TEST_F(LiveViewTest, WaitForLoadingWaitsForTheClickRoundTrip) {
  auto page = page_at("/lv?join=0");
  ASSERT_TRUE(page);
  // Without a pending click the class is absent and the wait ends at once.
  ASSERT_TRUE(run<Unit>([&](auto done) {
                page->wait_for_loading(LoadingKind::click, "#inc", 5s, done);
              }).ok());
  ASSERT_TRUE(run<Unit>([&](auto done) { page->click("#inc", 5s, done); }).ok());
  auto r =
      run<Unit>([&](auto done) { page->wait_for_loading(LoadingKind::click, "#inc", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  // The count changes in the same task that removes the class.
  auto count = run<std::string>([&](auto done) { page->text("#count", 5s, done); });
  EXPECT_EQ(count.value(), "1");
}

TEST_F(LiveViewTest, SubmitWaitsForTheSubmitLoadingCycle) {
  auto page = page_at("/lv?join=0");
  ASSERT_TRUE(page);
  ASSERT_TRUE(run<Unit>([&](auto done) { page->fill("#name", "Ada", 5s, done); }).ok());
  auto r = run<Unit>([&](auto done) { page->submit("#lvform", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  // The reply (the new list item) lands in the same task that removes phx-submit-loading.
  auto saved = run<std::string>([&](auto done) { page->text("#saved", 5s, done); });
  EXPECT_EQ(saved.value(), "Ada");
  auto cls =
      run<boost::json::value>([&](auto done) { page->attribute("#lvform", "class", 5s, done); });
  EXPECT_EQ(cls.value(), "");
}

TEST_F(LiveViewTest, SubmitThatTheFormRefusesIsAClearFailure) {
  auto page = page_at("/lv?join=0");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->submit("#required-form", 5s, done); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "submit failed");
  EXPECT_THAT(r.failure().detail, StartsWith("submit #required-form: the form was not submitted"));
  auto not_form = run<Unit>([&](auto done) { page->submit("#inc", 5s, done); });
  ASSERT_FALSE(not_form.ok());
  EXPECT_EQ(not_form.failure().reason, "not a form");
}

TEST_F(LiveViewTest, SubmitOfAPlainFormReturnsOnceSubmitted) {
  auto page = page_at("/lv?join=0");
  ASSERT_TRUE(page);
  auto r = run<Unit>([&](auto done) { page->submit("#plainform", 5s, done); });
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  auto flag = run<boost::json::value>(
      [&](auto done) { page->evaluate("window.plainSubmitted === true", 5s, done); });
  EXPECT_EQ(flag.value(), true);
}

}  // namespace
}  // namespace liveload::engine::testing
