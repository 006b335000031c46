// End to end: the liveload binary, real Chromium, the demo application. Each test names the
// behaviour a user relies on and checks it in result.json, the exit code and the messages.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <thread>

#include "support.hpp"

namespace {

using liveload::testing::counter_sum;
using liveload::testing::DemoServer;
using liveload::testing::find_metric;
using liveload::testing::read_json;
using liveload::testing::run_liveload;
using liveload::testing::temp_dir;
using liveload::testing::write_file;
using ::testing::HasSubstr;

class RunTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = std::make_unique<DemoServer>(); }
  static void TearDownTestSuite() { demo_.reset(); }
  static std::unique_ptr<DemoServer> demo_;

  static std::string example(const std::string& name) {
    return std::string(LIVELOAD_SOURCE_DIR) + "/examples/" + name + ".lua";
  }
};
std::unique_ptr<DemoServer> RunTest::demo_;

// A loopback port that was just bound and released, so nothing listens on it.
int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

std::string describe(const liveload::testing::Outcome& o) {
  return "exit " + std::to_string(o.exit_code) + "\nstdout:\n" + o.out + "\nstderr:\n" + o.err;
}

TEST_F(RunTest, CounterUsersClickAndTheCountFollows) {
  std::string dir = temp_dir("counter");
  // Each iteration loads a fresh LiveView (count 0), clicks three times and checks every step,
  // so an ok iteration proves the clicks reached the server and the patches reached the page.
  std::string scenario = write_file(dir, "counter.lua", R"(
return {
  name = "counter-it",
  run = function(ctx, user)
    ctx:navigate("/counter")
    ctx:wait_for_liveview()
    for i = 1, 3 do
      ctx:click("#inc")
      ctx:expect_text("#count", tostring(i))
    end
  end,
}
)");
  auto o = run_liveload({"run", scenario, "--target", demo_->url(), "--users", "5", "--iterations",
                         "2", "--out", dir + "/out"});
  ASSERT_EQ(o.exit_code, 0) << describe(o);

  auto result = read_json(dir + "/out/result.json");
  EXPECT_EQ(counter_sum(result, "iterations", {{"result", "ok"}}), 10);
  EXPECT_EQ(counter_sum(result, "iterations", {{"result", "failed"}}), 0);
  const auto* join = find_metric(result, "liveview.join", {{"path", "/counter"}});
  ASSERT_NE(join, nullptr) << "no liveview.join{path=/counter}";
  EXPECT_EQ(join->at("total").at("count").to_number<double>(), 10);
  EXPECT_GT(join->at("total").at("p50").to_number<double>(), 0);
  const auto* clicks =
      find_metric(result, "action.duration", {{"action", "click"}, {"target", "#inc"}});
  ASSERT_NE(clicks, nullptr);
  EXPECT_EQ(clicks->at("total").at("count").to_number<double>(), 30);
  EXPECT_TRUE(std::filesystem::exists(dir + "/out/report.md"));
}

TEST_F(RunTest, AFailedStepIsRecordedWithStepAndReasonAndTheRunGoesOn) {
  std::string dir = temp_dir("failing");
  std::string scenario = write_file(dir, "failing.lua", R"(
return {
  run = function(ctx, user)
    ctx:navigate("/counter")
    ctx:wait_for_liveview()
    if user.iteration % 2 == 0 then
      ctx:step("wrong count", function()
        ctx:expect_text("#count", "42", { timeout = "500ms" })
      end)
    end
    ctx:click("#inc")
    ctx:expect_text("#count", "1")
  end,
}
)");
  auto o = run_liveload({"run", scenario, "--target", demo_->url(), "--users", "2", "--iterations",
                         "4", "--out", dir + "/out"});
  ASSERT_EQ(o.exit_code, 1) << describe(o);
  auto result = read_json(dir + "/out/result.json");
  EXPECT_EQ(counter_sum(result, "iterations", {{"result", "ok"}}), 4);
  EXPECT_EQ(counter_sum(result, "iterations", {{"result", "failed"}}), 4);
  EXPECT_EQ(counter_sum(result, "failures", {{"step", "wrong count"}, {"reason", "assertion"}}), 4);
}

TEST_F(RunTest, FormAndNavigationExamplesRunClean) {
  for (std::string name : {"form", "nav", "slow"}) {
    std::string dir = temp_dir(name);
    auto o = run_liveload({"run", example(name), "--target", demo_->url(), "--users", "2",
                           "--iterations", "2", "--out", dir});
    EXPECT_EQ(o.exit_code, 0) << name << "\n" << describe(o);
    auto result = read_json(dir + "/result.json");
    EXPECT_EQ(counter_sum(result, "iterations", {{"result", "ok"}}), 4) << name;
  }
}

TEST_F(RunTest, ASelectorThatNeverAppearsFailsWithTimeoutInsteadOfHanging) {
  std::string dir = temp_dir("missing");
  std::string scenario = write_file(dir, "missing.lua", R"(
return {
  run = function(ctx)
    ctx:navigate("/counter")
    ctx:click("#does-not-exist", { timeout = "1s" })
  end,
}
)");
  auto o = run_liveload(
      {"run", scenario, "--target", demo_->url(), "--iterations", "1", "--out", dir + "/out"}, 60);
  ASSERT_EQ(o.exit_code, 1) << describe(o);
  auto result = read_json(dir + "/out/result.json");
  EXPECT_EQ(counter_sum(result, "failures",
                        {{"step", "click"}, {"target", "#does-not-exist"}, {"reason", "timeout"}}),
            1);
}

TEST_F(RunTest, CtrlCStopsGracefullyAndKeepsTheResults) {
  std::string dir = temp_dir("interrupt");
  auto o = run_liveload({"run", example("counter"), "--target", demo_->url(), "--users", "2",
                         "--duration", "2m", "--out", dir},
                        120, [](pid_t pid) {
                          std::this_thread::sleep_for(std::chrono::seconds(8));
                          kill(pid, SIGINT);
                        });
  ASSERT_EQ(o.exit_code, 130) << describe(o);
  auto result = read_json(dir + "/result.json");
  EXPECT_EQ(result.at("run").at("status").as_string(), "interrupted");
  EXPECT_GT(counter_sum(result, "iterations"), 0);
}

TEST_F(RunTest, ACrashedBrowserFailsItsUsersIterationAndTheRunGoesOn) {
  std::string dir = temp_dir("crash");
  std::string scenario = write_file(dir, "crash.lua", R"(
return {
  run = function(ctx)
    ctx:navigate("/counter")
    ctx:wait_for_liveview()
    ctx:click("#inc")
    ctx:expect_text("#count", "1")
    ctx:sleep("1s")
  end,
}
)");
  auto o = run_liveload({"run", scenario, "--target", demo_->url(), "--users", "1", "--duration",
                         "12s", "--out", dir + "/out"},
                        120, [](pid_t pid) {
                          std::this_thread::sleep_for(std::chrono::seconds(5));
                          for (pid_t c : liveload::testing::children_named(pid, "chrom")) {
                            kill(c, SIGKILL);
                          }
                        });
  ASSERT_EQ(o.exit_code, 1) << describe(o);
  auto result = read_json(dir + "/out/result.json");
  EXPECT_GE(counter_sum(result, "failures", {{"reason", "browser crashed"}}), 1);
  // Iterations after the restart succeed again.
  EXPECT_GE(counter_sum(result, "iterations", {{"result", "ok"}}), 4);
}

// Bad input: each is exit 2 (or the documented code) with a message naming what is wrong.

TEST(BadInput, ALuaSyntaxErrorNamesFileAndLine) {
  std::string dir = temp_dir("syntax");
  std::string scenario =
      write_file(dir, "broken.lua", "return {\n  run = function(ctx)\n  ctx:(\nend }\n");
  auto o = run_liveload({"run", scenario, "--target", "http://127.0.0.1:9"});
  EXPECT_EQ(o.exit_code, 2) << describe(o);
  EXPECT_THAT(o.err, HasSubstr("broken.lua:3:"));
}

TEST(BadInput, AnUnknownOptionIsExitTwo) {
  auto o = run_liveload({"run", "x.lua", "--userz", "3"});
  EXPECT_EQ(o.exit_code, 2) << describe(o);
  EXPECT_THAT(o.err, HasSubstr("--userz"));
}

TEST(BadInput, AnInvalidDurationNamesTheOption) {
  std::string dir = temp_dir("duration");
  std::string scenario = write_file(dir, "ok.lua", "return { run = function(ctx) end }\n");
  auto o =
      run_liveload({"run", scenario, "--target", "http://127.0.0.1:9", "--duration", "5 parsecs"});
  EXPECT_EQ(o.exit_code, 2) << describe(o);
  EXPECT_THAT(o.err, HasSubstr("--duration"));
}

TEST(BadInput, ATargetThatRefusesConnectionsIsAClearError) {
  std::string dir = temp_dir("refused");
  std::string scenario = write_file(dir, "ok.lua", "return { run = function(ctx) end }\n");
  std::string target = "http://127.0.0.1:" + std::to_string(closed_port());
  auto o = run_liveload({"run", scenario, "--target", target, "--out", dir + "/out"});
  EXPECT_EQ(o.exit_code, 3) << describe(o);
  EXPECT_THAT(o.err, HasSubstr(target));
  EXPECT_THAT(o.err, HasSubstr("refused"));
}

TEST_F(RunTest, AMissingChromiumSaysHowToInstallIt) {
  std::string dir = temp_dir("nochromium");
  std::string scenario = write_file(dir, "ok.lua", "return { run = function(ctx) end }\n");
  auto o = run_liveload({"run", scenario, "--target", demo_->url(), "--chromium",
                         "/nonexistent/chromium", "--out", dir + "/out"},
                        60);
  EXPECT_EQ(o.exit_code, 4) << describe(o);
  EXPECT_THAT(o.err, HasSubstr("/nonexistent/chromium"));
  EXPECT_THAT(o.err, HasSubstr("apt-get install chromium"));
}

}  // namespace
