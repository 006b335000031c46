#include "runner/run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include "report/html.hpp"
#include "report/markdown.hpp"
#include "report/result.hpp"
#include "runner/browser_factory.hpp"
#include "runner/progress.hpp"
#include "runner/target_check.hpp"
#include "runner/worker.hpp"
#include "telemetry/registry.hpp"

namespace liveload::runner {

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr auto kTargetCheckTimeout = std::chrono::seconds(10);
// After the hard stop, workers get this long to close their browsers before the results are
// written regardless and the process exits without waiting for them.
constexpr auto kHardStopPatience = std::chrono::seconds(10);

std::string iso_utc(std::chrono::system_clock::time_point t) {
  auto secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()) % 1000;
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03}Z", buf, ms.count());
}

long long unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// Checks the output folder before the load, so that a run never measures for an hour and then
// finds it cannot save anything.
Result<Unit> prepare_out_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Failure{"option", fmt::format("--out: cannot create {}: {}", dir, ec.message())};
  fs::path probe = fs::path(dir) / ".liveload-write-check";
  {
    std::ofstream f(probe);
    if (!f) return Failure{"option", fmt::format("--out: cannot write into {}", dir)};
  }
  fs::remove(probe, ec);
  return ok();
}

// Users are dealt to workers round-robin, so that with a ramp-up every browser gets its share
// of early users.
std::vector<std::vector<int>> deal_users(int users, int workers) {
  std::vector<std::vector<int>> out(static_cast<size_t>(workers));
  for (int id = 1; id <= users; ++id) out[static_cast<size_t>((id - 1) % workers)].push_back(id);
  return out;
}

}  // namespace

int run(const RunOptions& options, std::ostream& out, std::ostream& err) {
  // Signals are caught from the very start: a Ctrl-C during setup or the browsers' start is
  // queued here and stops the run as soon as it begins, instead of killing the process with
  // browsers and profile folders left behind.
  asio::io_context control_io;
  asio::signal_set signals(control_io, SIGINT, SIGTERM);

  auto info = scenario::inspect(options.scenario_path);
  if (!info) {
    err << "liveload: " << info.failure().detail << "\n";
    return kExitBadInput;
  }

  Machine machine = probe_machine();
  auto resolved = resolve(options, info.value(), machine, std::getenv("LIVELOAD_CHROMIUM"));
  if (!resolved) {
    err << "liveload: " << resolved.failure().detail << "\n";
    return kExitBadInput;
  }
  const RunPlan& plan = resolved.value();

  if (auto reach = check_target_reachable(plan.target, kTargetCheckTimeout); !reach) {
    err << "liveload: " << reach.failure().detail << "\n";
    return kExitTargetUnreachable;
  }
  if (auto dir = prepare_out_dir(plan.out_dir); !dir) {
    err << "liveload: " << dir.failure().detail << "\n";
    return kExitBadInput;
  }

  auto config = scenario::run_setup(info.value(), plan.target);
  if (!config) {
    err << "liveload: setup failed, no load was sent: " << config.failure().detail << "\n";
    return kExitBadInput;
  }

  ClosedModel shape(plan.users, plan.ramp_up, plan.duration, plan.iterations);
  RunControl control;
  control.start = Clock::now();
  auto wall_start = std::chrono::system_clock::now();
  telemetry::Registry registry(
      machine.hostname.empty() ? "local" : machine.hostname, plan.bucket,
      [&control] { return control.elapsed(); },
      telemetry::RegistryOptions{static_cast<size_t>(plan.max_tag_values)});

  // Workers start their browsers first; the clock starts once all are up.
  auto shares = deal_users(plan.users, plan.browsers);
  std::vector<std::unique_ptr<Worker>> workers;
  std::mutex ready_mutex;
  std::condition_variable ready_cv;
  int ready_count = 0;
  std::optional<Failure> launch_failure;
  for (int i = 0; i < plan.browsers; ++i) {
    WorkerConfig wc;
    wc.user_ids = shares[static_cast<size_t>(i)];
    wc.scenario = &info.value();
    wc.setup_config = &config.value();
    wc.shape = &shape;
    wc.target = plan.target;
    wc.op_timeout = plan.op_timeout;
    wc.iteration_timeout = plan.iteration_timeout;
    wc.seed = plan.seed;
    wc.browser_factory = make_browser_factory(plan.chromium, registry, i);
    workers.push_back(std::make_unique<Worker>(std::move(wc), control, registry));
  }
  if (!plan.quiet) {
    out << fmt::format("liveload: {} users on {} browser(s) against {}, results in {}\n",
                       plan.users, plan.browsers, plan.target, plan.out_dir);
    out.flush();
  }
  for (auto& w : workers) {
    w->prepare([&](Result<Unit> r) {
      std::lock_guard lock(ready_mutex);
      if (!r && !launch_failure) launch_failure = r.failure();
      ++ready_count;
      ready_cv.notify_all();
    });
  }
  {
    std::unique_lock lock(ready_mutex);
    ready_cv.wait(lock, [&] { return ready_count == plan.browsers; });
  }
  if (launch_failure) {
    workers.clear();
    err << "liveload: " << launch_failure->detail << "\n";
    return launch_failure->reason == "scenario" ? kExitBadInput : kExitBrowserUnavailable;
  }
  // The run's clock starts when every browser is up, so that the duration is all load.
  control.start = Clock::now();
  wall_start = std::chrono::system_clock::now();

  // The control loop: signals, the end of the duration, the grace period, the status line.
  asio::steady_timer end_timer(control_io), grace_timer(control_io), patience_timer(control_io);
  asio::steady_timer progress_timer(control_io);
  int workers_left = plan.browsers;
  bool interrupted = false;
  bool hard_stopped = false;
  bool gave_up_waiting = false;
  const bool tty = isatty(STDOUT_FILENO) && !plan.quiet;
  const auto progress_every = tty ? std::chrono::seconds(1) : std::chrono::seconds(5);

  auto hard_stop = [&] {
    if (hard_stopped) return;
    hard_stopped = true;
    control.stopping = true;
    for (auto& w : workers) w->hard_stop();
    patience_timer.expires_after(kHardStopPatience);
    patience_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      gave_up_waiting = true;
      control_io.stop();
    });
  };
  auto graceful_stop = [&] {
    if (control.stopping) return;
    control.stopping = true;
    grace_timer.expires_after(plan.grace);
    grace_timer.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) hard_stop();
    });
  };

  std::function<void()> wait_signal = [&] {
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      if (!interrupted) {
        interrupted = true;
        err << (tty ? "\n" : "")
            << "liveload: stopping: users finish their iterations (Ctrl-C again to stop now)\n";
        graceful_stop();
      } else {
        err << (tty ? "\n" : "") << "liveload: stopping now\n";
        hard_stop();
      }
      wait_signal();
    });
  };
  wait_signal();

  if (plan.duration) {
    end_timer.expires_at(control.start + *plan.duration);
    end_timer.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) graceful_stop();
    });
  }

  auto print_progress = [&](bool final_line) {
    if (plan.quiet) return;
    ProgressFigures f;
    f.elapsed = control.elapsed();
    f.duration = plan.duration;
    f.active_users = control.active_users;
    f.users = plan.users;
    f.iterations_ok = control.iterations_ok;
    f.iterations_failed = control.iterations_failed;
    f.p95_iteration_us = registry.total_quantile("iteration.duration", 0.95);
    f.stopping = control.stopping;
    std::string line = format_progress(f);
    if (tty) {
      out << "\r\033[K" << line << (final_line ? "\n" : "");
    } else {
      out << line << "\n";
    }
    out.flush();
  };
  std::function<void()> tick = [&] {
    progress_timer.expires_after(progress_every);
    progress_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      // Workers set the gauge when users come and go; this fills the buckets in which none did,
      // so that active users show in every bucket of the run.
      registry.gauge("users.active", {}, control.active_users);
      print_progress(false);
      tick();
    });
  };
  tick();

  for (auto& w : workers) {
    w->begin([&] {
      asio::post(control_io, [&] {
        if (--workers_left == 0) control_io.stop();
      });
    });
  }
  control_io.run();
  print_progress(true);
  auto wall_end = std::chrono::system_clock::now();
  std::vector<std::string> warnings;

  if (gave_up_waiting) {
    err << "liveload: some browsers did not stop within "
        << std::chrono::seconds(kHardStopPatience).count()
        << " s; writing the results without them\n";
  } else {
    workers.clear();
    if (auto td = scenario::run_teardown(info.value(), config.value(), plan.target); !td) {
      err << "liveload: teardown failed: " << td.failure().detail << "\n";
      warnings.push_back("teardown failed: " + td.failure().detail);
    }
  }

  // A run that failed nothing but was cut short by the end of the grace period, or in which no
  // iteration completed, measured less than was asked: that is not a clean exit.
  bool failures = control.iterations_failed > 0 || control.users_failed > 0;
  bool incomplete = hard_stopped || control.iterations_ok == 0;
  int code = interrupted  ? kExitInterrupted
             : failures   ? kExitIterationsFailed
             : incomplete ? kExitIncomplete
                          : kExitOk;

  report::RunMeta meta;
  meta.scenario_name = plan.scenario_name;
  meta.scenario_path = plan.scenario_path;
  meta.target = plan.target;
  meta.options = plan.to_json();
  meta.started_at = iso_utc(wall_start);
  meta.ended_at = iso_utc(wall_end);
  meta.started_unix_ms = unix_ms(wall_start);
  meta.ended_unix_ms = unix_ms(wall_end);
  meta.duration_us = std::chrono::duration_cast<Micros>(wall_end - wall_start).count();
  meta.hostname = machine.hostname;
  meta.cores = machine.cores;
  meta.memory_bytes = machine.memory_bytes;
  meta.os = machine.os;
  meta.status = hard_stopped ? "aborted" : (interrupted ? "interrupted" : "completed");
  meta.warnings = std::move(warnings);
  if (control.users_failed > 0) {
    meta.warnings.push_back(fmt::format("{} user(s) failed in user_setup and ran no iteration",
                                        control.users_failed.load()));
  }
  if (hard_stopped && !interrupted) {
    meta.warnings.push_back(fmt::format(
        "users still busy {} after the end were stopped; their iterations count as stopped",
        format_duration(plan.grace)));
  }
  meta.bucket_us = plan.bucket.count();
  meta.exit_code = code;
  meta.users_started = control.users_started;
  meta.iterations_ok = control.iterations_ok;
  meta.iterations_failed = control.iterations_failed;

  auto result = report::build_result(meta, {registry.snapshot()});
  fs::path json_path = fs::path(plan.out_dir) / "result.json";
  fs::path md_path = fs::path(plan.out_dir) / "report.md";
  auto wrote_json = report::write_json_file(json_path.string(), result);
  fs::path html_path = fs::path(plan.out_dir) / "report.html";
  auto wrote_html = report::write_html_report(result, html_path.string());
  auto wrote_md = report::write_text_file(md_path.string(), report::render_markdown(result));
  if (!plan.quiet) out << report::render_summary(result);
  if (!wrote_json || !wrote_md || !wrote_html) {
    err << "liveload: could not write the results: "
        << (!wrote_json ? wrote_json.failure().detail
            : !wrote_md ? wrote_md.failure().detail
                        : wrote_html.failure().detail)
        << "\n";
    code = kExitResultsNotWritten;
  } else if (!plan.quiet) {
    out << "results: " << json_path.string() << "\n         " << md_path.string() << "\n         "
        << html_path.string() << "\n";
  }
  out.flush();
  err.flush();
  if (gave_up_waiting) std::_Exit(code);
  return code;
}

}  // namespace liveload::runner
