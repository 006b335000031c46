#include "runner/progress.hpp"

#include <fmt/format.h>

namespace liveload::runner {

namespace {

std::string clock_text(Micros d) {
  long long s = d.count() / 1'000'000;
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{:02}:{:02}", s / 60, s % 60);
}

}  // namespace

std::string format_latency(double us) {
  if (std::isnan(us)) return "-";
  if (us < 1000) return fmt::format("{:.0f}us", us);
  if (us < 10'000) return fmt::format("{:.1f}ms", us / 1000);
  if (us < 1'000'000) return fmt::format("{:.0f}ms", us / 1000);
  if (us < 60'000'000) return fmt::format("{:.2f}s", us / 1e6);
  auto s = static_cast<long long>(us / 1e6);
  return fmt::format("{}m{:02}s", s / 60, s % 60);
}

std::string format_progress(const ProgressFigures& f) {
  std::string time = clock_text(f.elapsed);
  if (f.duration) time += "/" + clock_text(*f.duration);
  return fmt::format("{}{} | users {}/{} | iterations {} ok, {} failed | p95 iteration {}", time,
                     f.stopping ? " stopping" : "", f.active_users, f.users, f.iterations_ok,
                     f.iterations_failed, format_latency(f.p95_iteration_us));
}

}  // namespace liveload::runner
