// Starting and losing browsers. These tests start their own Chromium processes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "browser_fixture.hpp"
#include "engine/browser/cdp_page.hpp"

namespace liveload::engine::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class LaunchTest : public ::testing::Test {
 protected:
  Result<std::shared_ptr<ChromiumBrowser>> launch(BrowserOptions options) {
    return await<std::shared_ptr<ChromiumBrowser>>(
        io_, [&](auto done) { ChromiumBrowser::launch(io_, options, std::move(done)); });
  }

  // An executable shell script in a fresh directory, removed with the test.
  std::string script(const std::string& body) {
    char dir[] = "/tmp/liveload-test-XXXXXX";
    EXPECT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
    const auto path = dir_ + "/fake-chromium";
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    ::chmod(path.c_str(), 0755);
    return path;
  }

  void TearDown() override {
    if (!dir_.empty()) std::system(("rm -rf " + dir_).c_str());
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
      io_.get_executor()};
  std::string dir_;
};

TEST_F(LaunchTest, MissingExecutableSaysHowToInstallChromium) {
  BrowserOptions options;
  options.executable = "/nonexistent/chromium";
  auto r = launch(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "browser launch failed");
  EXPECT_EQ(r.failure().detail,
            "chromium not found at /nonexistent/chromium: install it with `apt-get install "
            "chromium`, or pass --chromium PATH / set LIVELOAD_CHROMIUM");
}

TEST_F(LaunchTest, ABrowserThatExitsAtStartupReportsItsStatusAndStderr) {
  BrowserOptions options;
  options.executable = script("echo 'fatal: no usable GPU, giving up' >&2; exit 3");
  auto r = launch(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "browser launch failed");
  EXPECT_THAT(r.failure().detail, StartsWith("chromium at " + options.executable +
                                             " exited during start-up (exit code 3)"));
  EXPECT_THAT(r.failure().detail, HasSubstr("fatal: no usable GPU, giving up"));
}

TEST_F(LaunchTest, ABrowserThatNeverAnswersFailsWithinTheLaunchTimeout) {
  BrowserOptions options;
  options.executable = script("echo 'starting...' >&2; exec sleep 60");
  options.launch_timeout = 500ms;
  auto r = launch(options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure().reason, "browser launch failed");
  EXPECT_THAT(r.failure().detail, StartsWith("chromium at " + options.executable +
                                             " did not answer Browser.getVersion within 500ms"));
  EXPECT_THAT(r.failure().detail, HasSubstr("starting..."));
}

TEST_F(LaunchTest, LaunchesChromiumAndOpensPagesInSeparateContexts) {
  auto r = launch(BrowserOptions{});
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  auto browser = r.value();
  EXPECT_GT(browser->pid(), 0);
  EXPECT_THAT(browser->product(), StartsWith("Chrome/"));
  auto a = await<std::unique_ptr<Page>>(io_, [&](auto done) { browser->open_page(10s, done); });
  auto b = await<std::unique_ptr<Page>>(io_, [&](auto done) { browser->open_page(10s, done); });
  ASSERT_TRUE(a.ok() && b.ok());
  auto* pa = dynamic_cast<CdpPage*>(a.value().get());
  auto* pb = dynamic_cast<CdpPage*>(b.value().get());
  ASSERT_TRUE(pa && pb);
  EXPECT_NE(pa->ids().browser_context, pb->ids().browser_context);
  EXPECT_TRUE(pa->alive());
}

TEST_F(LaunchTest, KilledBrowserFailsPendingOperationsAndIsReplaced) {
  auto r = launch(BrowserOptions{});
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  auto browser = r.value();
  auto opened =
      await<std::unique_ptr<Page>>(io_, [&](auto done) { browser->open_page(10s, done); });
  ASSERT_TRUE(opened.ok()) << opened.failure().detail;
  auto page = std::move(opened.value());
  const pid_t first_pid = browser->pid();

  // A wait that would last 30 s is pending when the process dies.
  auto pending = await<Unit>(io_, [&](auto done) {
    page->wait_for("#never", ElementState::attached, 30s, done);
    ::kill(first_pid, SIGKILL);
  });
  ASSERT_FALSE(pending.ok());
  EXPECT_EQ(pending.failure().reason, "browser crashed");
  EXPECT_THAT(pending.failure().detail, StartsWith("wait_for #never (attached): "));
  EXPECT_THAT(pending.failure().detail, HasSubstr("browser process exited (killed by signal 9"));
  EXPECT_FALSE(page->alive());

  auto later = await<Unit>(io_, [&](auto done) { page->click("#x", 5s, done); });
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.failure().reason, "browser crashed");
  EXPECT_THAT(later.failure().detail, StartsWith("click #x: browser process exited"));

  auto replacement =
      await<std::unique_ptr<Page>>(io_, [&](auto done) { browser->open_page(20s, done); });
  ASSERT_TRUE(replacement.ok()) << replacement.failure().detail;
  EXPECT_EQ(browser->restarts(), 1);
  EXPECT_NE(browser->pid(), first_pid);
  auto value = await<boost::json::value>(
      io_, [&](auto done) { replacement.value()->evaluate("6 * 7", 5s, done); });
  ASSERT_TRUE(value.ok()) << value.failure().detail;
  EXPECT_EQ(value.value(), 42);
}

TEST_F(LaunchTest, ACrashedPageIsDeadWhileTheBrowserLivesOn) {
  auto r = launch(BrowserOptions{});
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  auto browser = r.value();
  auto a = await<std::unique_ptr<Page>>(io_, [&](auto done) { browser->open_page(10s, done); });
  auto b = await<std::unique_ptr<Page>>(io_, [&](auto done) { browser->open_page(10s, done); });
  ASSERT_TRUE(a.ok() && b.ok());
  auto& crashing = dynamic_cast<CdpPage&>(*a.value());

  auto pending = await<Unit>(io_, [&](auto done) {
    crashing.wait_for("#never", ElementState::attached, 30s, done);
    crashing.crash(5s, [](Result<Unit>) {});
  });
  ASSERT_FALSE(pending.ok());
  EXPECT_EQ(pending.failure().reason, "browser crashed");
  EXPECT_THAT(pending.failure().detail, StartsWith("wait_for #never (attached): "));
  EXPECT_THAT(pending.failure().detail, HasSubstr("the page crashed"));
  EXPECT_FALSE(crashing.alive());
  auto later = await<Unit>(io_, [&](auto done) { crashing.click("#x", 5s, done); });
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.failure().reason, "browser crashed");

  EXPECT_TRUE(b.value()->alive());
  auto value =
      await<boost::json::value>(io_, [&](auto done) { b.value()->evaluate("1 + 1", 5s, done); });
  ASSERT_TRUE(value.ok()) << value.failure().detail;
  EXPECT_EQ(browser->restarts(), 0);
}

TEST_F(LaunchTest, ClosingAPageDisposesItsContext) {
  auto r = launch(BrowserOptions{});
  ASSERT_TRUE(r.ok()) << r.failure().detail;
  auto browser = r.value();
  auto a = await<std::unique_ptr<Page>>(io_, [&](auto done) { browser->open_page(10s, done); });
  auto b = await<std::unique_ptr<Page>>(io_, [&](auto done) { browser->open_page(10s, done); });
  ASSERT_TRUE(a.ok() && b.ok());
  const auto gone = dynamic_cast<CdpPage&>(*a.value()).ids().browser_context;
  const auto kept = dynamic_cast<CdpPage&>(*b.value()).ids().browser_context;
  auto before =
      await<std::vector<std::string>>(io_, [&](auto done) { browser->browser_contexts(5s, done); });
  ASSERT_TRUE(before.ok());
  EXPECT_THAT(before.value(), ::testing::IsSupersetOf({gone, kept}));

  a.value().reset();
  // The browser handles its commands in order: the disposal comes before this question.
  auto after =
      await<std::vector<std::string>>(io_, [&](auto done) { browser->browser_contexts(5s, done); });
  ASSERT_TRUE(after.ok());
  EXPECT_THAT(after.value(), ::testing::Contains(kept));
  EXPECT_THAT(after.value(), ::testing::Not(::testing::Contains(gone)));
}

}  // namespace
}  // namespace liveload::engine::testing
