#pragma once
// A small run with known figures, recorded through a registry on a hand-moved clock, for the
// tests of the result document and its views.
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "report/result.hpp"
#include "telemetry/registry.hpp"

namespace liveload::report::testing {

using namespace std::chrono_literals;

inline RunMeta sample_meta() {
  RunMeta meta;
  meta.scenario_name = "counter";
  meta.scenario_path = "examples/counter.lua";
  meta.target = "http://127.0.0.1:4000";
  meta.options = {{"users", 5}, {"duration", "10s"}};
  meta.started_at = "2026-11-01T12:00:00.000Z";
  meta.ended_at = "2026-11-01T12:00:09.000Z";
  meta.started_unix_ms = 1793534400000;
  meta.ended_unix_ms = 1793534409000;
  meta.duration_us = 9'000'000;
  meta.hostname = "bench-1";
  meta.cores = 2;
  meta.memory_bytes = 24ull << 30;
  meta.os = "Linux 6.1.0 x86_64";
  meta.status = "completed";
  meta.bucket_us = 5'000'000;
  meta.exit_code = 1;
  meta.users_started = 5;
  meta.iterations_ok = 90;
  meta.iterations_failed = 10;
  return meta;
}

// Bucket 0 ([0, 5 s)) and bucket 1 ([5 s, 9 s), the run ends at 9 s):
//   iteration.duration  40 samples 10..400 ms then 60 samples 410..1000 ms, step 10 ms
//   liveview.join       250 ms, 5 in each bucket
//   step.duration       step=a 2 s (10 samples), step=b 12 s (10 samples), all in bucket 1
//   ws.frame_received.bytes  2048, 4 samples
//   iterations          result=ok 90, result=failed 10
//   users.active        5 in bucket 0, 8 in bucket 1
//   failures            click / "#inc|x`y" / timeout, 3 times, with a message of two lines
struct SampleRun {
  Micros now{0};
  telemetry::Registry registry{"node-1", 5s, [this] { return now; }};

  SampleRun() {
    registry.gauge("users.active", {}, 5);
    for (int i = 1; i <= 100; ++i) {
      now = i <= 40 ? Micros(1s) : Micros(6s);
      registry.observe("iteration.duration", {}, i * 10'000.0);
      registry.add("iterations", {{"result", i <= 90 ? "ok" : "failed"}});
    }
    for (int b = 0; b < 2; ++b) {
      now = b == 0 ? Micros(2s) : Micros(7s);
      for (int i = 0; i < 5; ++i)
        registry.observe("liveview.join", {{"page", "/counter"}}, 250'000);
    }
    now = 7s;
    registry.gauge("users.active", {}, 8);
    for (int i = 0; i < 10; ++i) {
      registry.observe("step.duration", {{"step", "a"}}, 2'000'000);
      registry.observe("step.duration", {{"step", "b"}}, 12'000'000);
    }
    for (int i = 0; i < 4; ++i) registry.observe("ws.frame_received.bytes", {}, 2048);
    for (int i = 0; i < 3; ++i) {
      now = Micros(8s) + Micros(i);
      registry.failure("click", "#inc|x`y", "timeout", "line1\nline2 | `code` <b>");
    }
    now = 9s;
  }

  boost::json::object result() const { return build_result(sample_meta(), {registry.snapshot()}); }
};

}  // namespace liveload::report::testing
