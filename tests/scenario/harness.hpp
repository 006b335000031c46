#pragma once
// A worker state over a scenario written by the test, one FakePage and one FakeRecorder, and
// helpers that run a user's call until its done runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "fakes.hpp"
#include "scenario/scenario.hpp"

namespace liveload::scenario::testing {

using namespace std::chrono_literals;

// Writes `source` to a fresh file named `name` in this process's temporary folder.
inline std::string write_scenario(const std::string& name, const std::string& source) {
  auto dir = std::filesystem::temp_directory_path() /
             ("liveload-scenario-tests-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / name;
  std::ofstream(path, std::ios::binary) << source;
  return path.string();
}

class Harness {
 public:
  explicit Harness(const std::string& source, boost::json::value config = nullptr,
                   std::uint64_t seed = 7, const std::string& name = "scenario.lua",
                   const std::string& target = "http://127.0.0.1:4000")
      : path(write_scenario(name, source)) {
    auto inspected = inspect(path);
    if (!inspected) {
      ADD_FAILURE() << inspected.failure().detail;
      return;
    }
    info = inspected.value();
    UserEnv env{io, recorder, target, std::chrono::seconds(5)};
    env.seed = seed;
    auto created = WorkerState::create(info, config, env);
    if (!created) {
      ADD_FAILURE() << created.failure().detail;
      return;
    }
    worker = std::move(created.value());
  }

  std::unique_ptr<VirtualUser> user(int id) {
    auto u = worker->make_user(id);
    u->set_page(&page);
    return u;
  }

  // Runs the loop until it has nothing left to do and returns what `done` received.
  Result<Unit> iterate(VirtualUser& u, long long iteration, Micros timeout = 10s) {
    std::optional<Result<Unit>> out;
    u.run_iteration(iteration, timeout, [&](Result<Unit> r) { out = std::move(r); });
    drain();
    if (!out) return Failure{"test", "done never ran"};
    return *out;
  }
  Result<Unit> setup(VirtualUser& u) {
    std::optional<Result<Unit>> out;
    u.user_setup([&](Result<Unit> r) { out = std::move(r); });
    drain();
    if (!out) return Failure{"test", "done never ran"};
    return *out;
  }
  Result<Unit> teardown(VirtualUser& u) {
    std::optional<Result<Unit>> out;
    u.user_teardown([&](Result<Unit> r) { out = std::move(r); });
    drain();
    if (!out) return Failure{"test", "done never ran"};
    return *out;
  }

  void drain() {
    io.restart();
    io.run();
  }

  // The second argument of every fill("#out", value): how scripts report what they saw.
  std::vector<std::string> outputs() const {
    std::vector<std::string> out;
    for (const PageCall& c : page.calls) {
      if (c.op == "fill" && c.args[0] == "#out") out.push_back(c.args[1]);
    }
    return out;
  }

  std::string path;
  boost::asio::io_context io;
  FakeRecorder recorder;
  FakePage page{io};
  ScenarioInfo info;
  std::unique_ptr<WorkerState> worker;
};

}  // namespace liveload::scenario::testing
