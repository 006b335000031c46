#pragma once
// The scenario as the runner sees it: a Lua file that is checked and read once, a setup that runs
// once per run, and per worker thread one Lua state in which every virtual user of that thread
// runs as a coroutine. The Lua API itself is documented in docs/scenario-api.md.
#include <boost/asio/io_context.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/page.hpp"
#include "telemetry/recorder.hpp"
#include "util/duration.hpp"
#include "util/result.hpp"

namespace liveload::scenario {

template <class T>
using Done = engine::Done<T>;

// What the scenario's `defaults` table may say; command-line options override each.
struct Defaults {
  std::optional<int> users;
  std::optional<Micros> duration;
  std::optional<long long> iterations;
  std::optional<std::string> target;
  std::optional<Micros> ramp_up;
  std::optional<Micros> op_timeout;         // per operation, default 30 s
  std::optional<Micros> iteration_timeout;  // per iteration, default 2 min
};

struct ScenarioInfo {
  std::string path;
  std::string name;  // the scenario's `name`, or the file's stem
  Defaults defaults;
  bool has_setup = false;
  bool has_user_setup = false;
  bool has_user_teardown = false;
  bool has_teardown = false;
};

// Loads the file in a fresh state, runs its top level, and checks that it returned a table with
// a `run` function. A syntax or runtime error, or a bad `defaults` field, is a Failure with
// reason "scenario" and detail "FILE:LINE: message" (or "FILE: defaults.users: ..." for fields).
Result<ScenarioInfo> inspect(const std::string& path);

// Runs `setup()` once in its own state and returns what it returned as JSON (plain values only:
// nil, booleans, numbers, strings, tables; a function or userdata is an error naming the key).
// Without a setup function the config is null. Errors as in inspect().
Result<boost::json::value> run_setup(const ScenarioInfo& info, const std::string& target);

// Runs `teardown(config)` once in its own state, after every user stopped.
Result<Unit> run_teardown(const ScenarioInfo& info, const boost::json::value& config,
                          const std::string& target);

struct UserEnv {
  boost::asio::io_context& io;
  telemetry::Recorder& recorder;
  std::string target;      // base URL that relative URLs in navigate() resolve against
  Micros op_timeout;       // default per-operation timeout
  std::uint64_t seed = 0;  // with the user id, seeds each user's think() randomness
};

class VirtualUser;

// One Lua state per worker thread, holding the scenario's module table and the setup config.
// Used only from the thread running `env.io`.
class WorkerState {
 public:
  virtual ~WorkerState() = default;
  static Result<std::unique_ptr<WorkerState>> create(const ScenarioInfo& info,
                                                     const boost::json::value& config, UserEnv env);

  // `user_id` starts at 1 and is unique in the run.
  virtual std::unique_ptr<VirtualUser> make_user(int user_id) = 0;

  // The one call allowed from another thread: stops Lua code running without waiting (an
  // endless loop) as the watchdog would, and every such run after it. For the hard stop.
  virtual void interrupt() = 0;
};

// One virtual user. Each call runs the corresponding Lua function in a fresh coroutine that
// yields on every wait; `done` runs on the worker's loop, exactly once. A failed action, a Lua
// error or `ctx:fail()` ends the call with a Failure and has already been recorded through
// Recorder::failure (with step, target and reason), so the caller only counts the outcome.
// Action and step durations are recorded as they complete.
class VirtualUser {
 public:
  virtual ~VirtualUser() = default;

  // Swapping the page (after a browser crash) keeps the user's assign()/get() state.
  virtual void set_page(engine::Page* page) = 0;

  // No-ops that complete with ok() when the scenario lacks the function.
  virtual void user_setup(Done<Unit> done) = 0;
  virtual void user_teardown(Done<Unit> done) = 0;

  // One call of `run(ctx, user)`, `iteration` counting from 1. When `timeout` passes first the
  // iteration fails with reason "timeout" (recorded with step "iteration").
  virtual void run_iteration(long long iteration, Micros timeout, Done<Unit> done) = 0;

  // Hard stop: a pending call completes now with Failure{"stopped"} and nothing it started
  // touches the user afterwards.
  virtual void abandon() = 0;
};

}  // namespace liveload::scenario
