#include "runner/progress.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using liveload::Micros;
using liveload::runner::format_latency;
using liveload::runner::format_progress;
using liveload::runner::ProgressFigures;

TEST(FormatLatency, PicksAUnitThatKeepsThreeSignificantFigures) {
  EXPECT_EQ(format_latency(NAN), "-");
  EXPECT_EQ(format_latency(850), "850us");
  EXPECT_EQ(format_latency(2500), "2.5ms");
  EXPECT_EQ(format_latency(212'000), "212ms");
  EXPECT_EQ(format_latency(2'310'000), "2.31s");
  EXPECT_EQ(format_latency(64'000'000), "1m04s");
}

TEST(FormatProgress, ShowsElapsedUsersIterationsAndP95) {
  ProgressFigures f;
  f.elapsed = Micros(75s);
  f.duration = Micros(5min);
  f.active_users = 38;
  f.users = 40;
  f.iterations_ok = 120;
  f.iterations_failed = 3;
  f.p95_iteration_us = 2'310'000;
  EXPECT_EQ(format_progress(f),
            "01:15/05:00 | users 38/40 | iterations 120 ok, 3 failed | "
            "p95 iteration 2.31s");
  f.stopping = true;
  f.duration.reset();
  EXPECT_EQ(format_progress(f).substr(0, 14), "01:15 stopping");
}
