#pragma once
// A worker: one thread with its own event loop, one browser process and one Lua state, carrying a
// share of the run's virtual users. The controller (runner/run.cpp) starts workers, waits until
// each one's browser is up, starts the clock, and later asks them to stop.
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "engine/page.hpp"
#include "runner/load_shape.hpp"
#include "scenario/scenario.hpp"
#include "telemetry/recorder.hpp"

namespace liveload::runner {

using BrowserFactory =
    std::function<void(boost::asio::io_context&, engine::Done<std::shared_ptr<engine::Browser>>)>;

// What every worker and the controller share. Counters are for the live status line; the result
// document is built from the telemetry registry alone.
struct RunControl {
  std::chrono::steady_clock::time_point start;
  std::atomic<bool> stopping{false};  // no new iterations begin
  std::atomic<int> active_users{0};
  std::atomic<int> users_started{0};
  std::atomic<int> users_failed{0};
  std::atomic<long long> iterations_ok{0};
  std::atomic<long long> iterations_failed{0};
  std::atomic<long long> iterations_stopped{0};

  Micros elapsed() const {
    return std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - start);
  }
};

struct WorkerConfig {
  std::vector<int> user_ids;  // 1-based ids of the users this worker carries
  const scenario::ScenarioInfo* scenario = nullptr;
  const boost::json::value* setup_config = nullptr;
  const LoadShape* shape = nullptr;
  std::string target;
  Micros op_timeout{30'000'000};
  Micros iteration_timeout{120'000'000};
  std::uint64_t seed = 0;
  BrowserFactory browser_factory;
};

class Worker {
 public:
  Worker(WorkerConfig config, RunControl& control, telemetry::Recorder& recorder);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts the thread: it creates the Lua state and launches the browser, then calls `ready`
  // (from the worker's thread) with ok() or the reason it cannot run.
  void prepare(std::function<void(Result<Unit>)> ready);

  // Starts the users on their schedule relative to control.start. `finished` runs on the
  // worker's thread once every user of this worker has ended.
  void begin(std::function<void()> finished);

  // Abandons every user now: current iterations end as "stopped", no teardown runs.
  void hard_stop();

  // Ends the event loop (after finished, or to give up) and joins the thread.
  void join();

 private:
  struct User;

  // Waits for the user's timer (already set), then opens its page unless the run is stopping.
  void open_page_when_due(User& user);
  void open_page(User& user);
  void run_user_setup(User& user);
  void next_iteration(User& user);
  void end_user(User& user, bool run_teardown);
  void release(User& user);

  WorkerConfig config_;
  RunControl& control_;
  telemetry::Recorder& recorder_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::unique_ptr<scenario::WorkerState> lua_;
  std::shared_ptr<engine::Browser> browser_;
  std::vector<std::unique_ptr<User>> users_;
  std::function<void()> finished_;
  int users_left_ = 0;
  bool hard_stopped_ = false;
};

}  // namespace liveload::runner
