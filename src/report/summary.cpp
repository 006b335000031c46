#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "report/document.hpp"
#include "report/format.hpp"
#include "report/markdown.hpp"
#include "telemetry/catalogue.hpp"

namespace liveload::report {

namespace {

// The terminal shows the most frequent few; report.md has them all.
constexpr size_t kFailureLines = 3;

double number_or_zero(const boost::json::object& o, std::string_view key) {
  const double v = number_at(o, key);
  return std::isfinite(v) ? v : 0;
}

}  // namespace

std::string render_summary(const boost::json::value& result) {
  std::string text;
  auto out = std::back_inserter(text);
  static const boost::json::object empty;
  const auto& run = run_of(result);
  const auto* scenario = object_at(run, "scenario");
  const auto* summary_ptr = object_at(run, "summary");
  const auto& summary = summary_ptr ? *summary_ptr : empty;

  fmt::format_to(out, "LiveLoad: {} {} in {} against {} (exit code {})\n",
                 terminal_text(scenario ? string_at(*scenario, "name") : ""),
                 terminal_text(string_at(run, "status")),
                 format_run_duration(static_cast<int64_t>(number_or_zero(run, "duration_us"))),
                 terminal_text(string_at(run, "target")),
                 format_value(number_or_zero(run, "exit_code"), "count"));

  const double ok = number_or_zero(summary, "iterations_ok");
  const double failed = number_or_zero(summary, "iterations_failed");
  fmt::format_to(out, "  users started {}; iterations {} ok, {} failed (failure rate {})\n",
                 format_value(number_or_zero(summary, "users_started"), "count"),
                 format_value(ok, "count"), format_value(failed, "count"),
                 format_percent(failed, ok + failed));

  // The timings LiveLoad itself measures, each over all its tag sets.
  const auto views = metric_views(result);
  std::vector<std::pair<std::string_view, HistogramStats>> rows;
  std::vector<std::string_view> units;
  for (const auto& known : telemetry::known_metrics()) {
    if (known.kind != telemetry::Kind::histogram) continue;
    // The wire and web-vitals figures are in report.md; a terminal gets the user's view.
    if (known.name.starts_with("ws.") || known.name.starts_with("http.") ||
        known.name.starts_with("web.") || known.name == "liveview.diff.bytes" ||
        known.name == "liveview.page_loading" || known.name == "liveview.reconnect") {
      continue;
    }
    const auto series = views_named(views, known.name, "histogram");
    if (auto stats = merged_total(series)) {
      rows.emplace_back(known.name, *stats);
      units.push_back(series.front()->unit);
    }
  }
  size_t width = 0;
  for (const auto& [name, stats] : rows) width = std::max(width, name.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& [name, s] = rows[i];
    const std::string_view unit = units[i];
    fmt::format_to(out, "  {:<{}}  n={}  p50 {}  p95 {}  p99 {}  max {}\n", name, width,
                   format_value(s.count, "count"), format_value(s.quantile("p50"), unit),
                   format_value(s.quantile("p95"), unit), format_value(s.quantile("p99"), unit),
                   format_value(s.max, unit));
  }

  const auto* failures = result.is_object() ? array_at(result.get_object(), "failures") : nullptr;
  if (failures != nullptr && !failures->empty()) {
    double total = 0;
    for (const auto& f : *failures) {
      if (f.is_object()) total += number_or_zero(f.get_object(), "count");
    }
    fmt::format_to(out, "  failures: {} in {} {}{}\n", format_value(total, "count"),
                   failures->size(), failures->size() == 1 ? "kind" : "kinds",
                   failures->size() > kFailureLines ? "; most frequent:" : ":");
    for (size_t i = 0; i < failures->size() && i < kFailureLines; ++i) {
      if (!(*failures)[i].is_object()) continue;
      const auto& f = (*failures)[i].get_object();
      std::string_view first;
      if (const auto* samples = array_at(f, "samples"); samples && !samples->empty()) {
        if (samples->front().is_object()) {
          first = string_at(samples->front().get_object(), "message");
        }
      }
      fmt::format_to(
          out, "    x{} {} {}: {}{}{}\n", format_value(number_or_zero(f, "count"), "count"),
          terminal_text(string_at(f, "step")), terminal_text(string_at(f, "target")),
          terminal_text(string_at(f, "reason")), first.empty() ? "" : " - ", terminal_text(first));
    }
  }

  if (const auto* warnings = array_at(run, "warnings")) {
    for (const auto& w : *warnings) {
      if (!w.is_string()) continue;
      const std::string_view warning(w.get_string().data(), w.get_string().size());
      fmt::format_to(out, "  warning: {}\n", terminal_text(warning, 300));
    }
  }
  return text;
}

}  // namespace liveload::report
