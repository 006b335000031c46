#pragma once
// The live status line: one line rewritten in place on a terminal, plain periodic lines otherwise.
#include <cmath>
#include <optional>
#include <string>

#include "util/duration.hpp"

namespace liveload::runner {

struct ProgressFigures {
  Micros elapsed{0};
  std::optional<Micros> duration;
  int active_users = 0;
  int users = 0;
  long long iterations_ok = 0;
  long long iterations_failed = 0;
  double p95_iteration_us = NAN;  // NaN until an iteration finished
  bool stopping = false;
};

std::string format_progress(const ProgressFigures& f);

// "812ms", "2.31s", "1m04s": compact and fixed-ish width, for the status line.
std::string format_latency(double us);

}  // namespace liveload::runner
