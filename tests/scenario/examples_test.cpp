// The shipped examples load, and run against a small model of the demo app's pages (the real
// app and browser are exercised by the integration tests).
#include <gtest/gtest.h>

#include <filesystem>

#include "harness.hpp"

namespace liveload::scenario::testing {
namespace {

using ::testing::HasSubstr;

std::string example(const std::string& name) {
  return std::string(LIVELOAD_SOURCE_DIR) + "/examples/" + name;
}

// What the demo pages do, as far as the examples look: a page load resets the page's state.
struct DemoModel {
  explicit DemoModel(FakePage& page) {
    page.on_call = [this](const PageCall& c) { apply(c); };
    page.text_of = [this](const std::string& selector) { return text(selector); };
  }

  void apply(const PageCall& c) {
    const std::string first = c.args.empty() ? "" : c.args[0];
    if (c.op == "navigate") {
      count = slow = 0;
      page = "a";
      error = name = "";
    } else if (c.op == "click" && first == "#inc") {
      ++count;
    } else if (c.op == "click" && first == "#slow") {
      ++slow;
    } else if (c.op == "click" && first == "#patch-link") {
      page = "b";
    } else if (c.op == "click" && first == "#back-link") {
      page = "a";
    } else if (c.op == "fill" && first == "#name") {
      name = c.args[1];
      error = name.size() < 2 ? "name is too short" : "";
    } else if (c.op == "submit" && error.empty()) {
      names += "<li>" + name + "</li>";
      name = "";
    } else if (c.op == "wait_for_text" && first == "#tick") {
      tick = std::stoi(c.args[1]);  // the pushes come, as the server's timer makes them
    }
  }

  std::string text(const std::string& selector) const {
    if (selector == "#count") return std::to_string(count);
    if (selector == "#slow-count") return std::to_string(slow);
    if (selector == "#tick") return std::to_string(tick);
    if (selector == "#page") return page;
    if (selector == "#name-error") return error;
    if (selector == "#names") return names;
    return "";
  }

  int count = 0, slow = 0, tick = 7;
  std::string page = "a", error, name, names;
};

TEST(Examples, EachLoadsWithoutATarget) {
  int seen = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(LIVELOAD_SOURCE_DIR) + "/examples")) {
    if (entry.path().extension() != ".lua") continue;
    ++seen;
    auto info = inspect(entry.path().string());
    ASSERT_TRUE(info.ok()) << info.failure().detail;
    EXPECT_FALSE(info.value().defaults.target.has_value())
        << entry.path() << ": the demo's port is chosen at start; --target gives it";
  }
  EXPECT_GE(seen, 6);
}

struct ExampleRun {
  std::vector<Result<Unit>> results;  // user_setup, each iteration, user_teardown
  FakeRecorder recorder;
};

// Runs one user of the example for `iterations` against the model.
ExampleRun run_example(const std::string& name, int iterations) {
  ExampleRun run;
  auto info = inspect(example(name));
  EXPECT_TRUE(info.ok()) << info.failure().detail;
  if (!info) return run;
  auto config = run_setup(info.value(), "http://127.0.0.1:4000");
  EXPECT_TRUE(config.ok()) << config.failure().detail;
  if (!config) return run;

  boost::asio::io_context io;
  FakePage page(io);
  DemoModel model(page);
  auto worker = WorkerState::create(info.value(), config.value(),
                                    UserEnv{io, run.recorder, "http://127.0.0.1:4000", 5s});
  EXPECT_TRUE(worker.ok());
  if (!worker) return run;
  auto user = worker.value()->make_user(1);
  user->set_page(&page);

  auto call = [&](auto start) {
    std::optional<Result<Unit>> out;
    start([&](Result<Unit> r) { out = r; });
    io.restart();
    io.run();
    run.results.push_back(out ? *out : Result<Unit>(Failure{"test", "done never ran"}));
  };
  call([&](auto done) { user->user_setup(done); });
  for (int i = 1; i <= iterations; ++i) {
    call([&](auto done) { user->run_iteration(i, 1min, done); });
  }
  call([&](auto done) { user->user_teardown(done); });
  return run;
}

TEST(Examples, CounterClicksTenTimesAndChecksEachCount) {
  auto run = run_example("counter.lua", 1);
  for (const auto& r : run.results) EXPECT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(run.recorder.values("step.duration", {{"step", "click until count changed"}}).size(),
            10u);
  EXPECT_EQ(run.recorder.values("liveview.join", {{"path", "/counter"}}).size(), 1u);
}

TEST(Examples, FormValidatesAndSaves) {
  auto run = run_example("form.lua", 2);
  for (const auto& r : run.results) EXPECT_TRUE(r.ok()) << r.failure().detail;
  EXPECT_EQ(run.recorder.values("step.duration", {{"step", "save"}}).size(), 2u);
}

TEST(Examples, SlowTickerAndNavRun) {
  for (const char* name : {"slow.lua", "ticker.lua", "nav.lua"}) {
    auto run = run_example(name, 2);
    EXPECT_EQ(run.results.size(), 4u);
    for (const auto& r : run.results) EXPECT_TRUE(r.ok()) << name << ": " << r.failure().detail;
  }
}

TEST(Examples, FailingFailsEveryThirdIterationInItsStep) {
  auto run = run_example("failing.lua", 6);
  ASSERT_EQ(run.results.size(), 8u);
  for (int i = 1; i <= 6; ++i) EXPECT_EQ(run.results[i].ok(), i % 3 != 0) << "iteration " << i;
  ASSERT_EQ(run.recorder.failures.size(), 2u);
  for (const auto& f : run.recorder.failures) {
    EXPECT_EQ(f.step, "check count");
    EXPECT_EQ(f.target, "#count");
    EXPECT_EQ(f.reason, "assertion");
    EXPECT_THAT(f.message, HasSubstr("expect_text #count: expected \"wrong\", got \"1\""));
  }
}

}  // namespace
}  // namespace liveload::scenario::testing
