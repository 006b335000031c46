#include "report/markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>

#include "report/document.hpp"
#include "report/format.hpp"
#include "telemetry/catalogue.hpp"

namespace liveload::report {

namespace {

// A pull request reader scrolls past a table longer than this; longer runs get rows that each
// merge several neighbouring buckets (their sketches merge exactly).
constexpr size_t kMaxTimeRows = 60;
constexpr size_t kMaxFailureRows = 50;

using Out = std::back_insert_iterator<std::string>;

double run_number(const boost::json::object& o, std::string_view key) {
  const double v = number_at(o, key);
  return std::isfinite(v) ? v : 0;
}

std::string tail_ratio(const HistogramStats& s) {
  const double p50 = s.quantile("p50");
  const double p99 = s.quantile("p99");
  if (!(p50 > 0) || !std::isfinite(p99)) return "-";
  return fmt::format("{:.2f}", p99 / p50);
}

void histogram_row(Out out, std::string_view name, const std::string& tags, std::string_view unit,
                   const HistogramStats& s) {
  fmt::format_to(out, "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", md_escape(name),
                 tags.empty() ? "" : md_escape(tags), format_value(s.count, "count"),
                 format_value(s.quantile("p50"), unit), format_value(s.quantile("p95"), unit),
                 format_value(s.quantile("p99"), unit), format_value(s.max, unit),
                 format_value(s.mean, unit), tail_ratio(s));
}

void header(Out out, const boost::json::value& doc) {
  const auto& run = run_of(doc);
  static const boost::json::object empty;
  const auto* scenario_ptr = object_at(run, "scenario");
  const auto* summary_ptr = object_at(run, "summary");
  const auto* machine_ptr = object_at(run, "machine");
  const auto& scenario = scenario_ptr ? *scenario_ptr : empty;
  const auto& summary = summary_ptr ? *summary_ptr : empty;
  const auto& machine = machine_ptr ? *machine_ptr : empty;

  const double ok = run_number(summary, "iterations_ok");
  const double failed = run_number(summary, "iterations_failed");
  fmt::format_to(out, "# LiveLoad report: {}\n\n", md_escape(string_at(scenario, "name")));
  fmt::format_to(out, "- **Scenario:** {} ({})\n", md_escape(string_at(scenario, "name")),
                 md_escape(string_at(scenario, "path")));
  fmt::format_to(out, "- **Target:** {}\n", md_escape(string_at(run, "target")));
  fmt::format_to(out, "- **Started:** {}; **duration** {}\n",
                 md_escape(string_at(run, "started_at")),
                 format_run_duration(static_cast<int64_t>(run_number(run, "duration_us"))));
  fmt::format_to(out, "- **Status:** {} (exit code {})\n", md_escape(string_at(run, "status")),
                 format_value(run_number(run, "exit_code"), "count"));
  fmt::format_to(out, "- **Users started:** {}\n",
                 format_value(run_number(summary, "users_started"), "count"));
  fmt::format_to(out, "- **Iterations:** {} ok, {} failed (failure rate {})\n",
                 format_value(ok, "count"), format_value(failed, "count"),
                 format_percent(failed, ok + failed));
  fmt::format_to(out, "- **Nodes:** {}; **bucket width** {}\n",
                 format_value(run_number(run, "node_count"), "count"),
                 format_offset(static_cast<int64_t>(run_number(run, "bucket_us"))).substr(1));
  fmt::format_to(
      out, "- **LiveLoad** {} on {} ({} cores, {}, {})\n",
      md_escape(string_at(run, "liveload_version")), md_escape(string_at(machine, "hostname")),
      format_value(run_number(machine, "cores"), "count"),
      format_bytes(run_number(machine, "memory_bytes")), md_escape(string_at(machine, "os")));
  if (const auto* warnings = array_at(run, "warnings")) {
    for (const auto& w : *warnings) {
      if (!w.is_string()) continue;
      const std::string_view text(w.get_string().data(), w.get_string().size());
      fmt::format_to(out, "- **Warning:** {}\n", md_escape(text, 500));
    }
  }
}

// The sections of what a LiveView user feels, by metric name prefix; the other metrics follow
// in the generic tables.
struct Group {
  std::string_view title;
  std::string_view prefix;
};
constexpr std::array<Group, 4> kGroups = {
    {{"LiveView", "liveview."}, {"WebSocket", "ws."}, {"HTTP", "http."}, {"Web vitals", "web."}}};

bool in_a_group(std::string_view name) {
  return std::any_of(kGroups.begin(), kGroups.end(),
                     [&](const Group& g) { return name.starts_with(g.prefix); });
}

std::vector<std::string_view> names_with_prefix(const std::vector<MetricView>& views,
                                                std::string_view kind, std::string_view prefix) {
  auto names = ordered_names(views, kind);
  std::erase_if(names, [&](std::string_view n) { return !n.starts_with(prefix); });
  return names;
}

void histogram_table(Out out, const std::vector<MetricView>& views,
                     const std::vector<std::string_view>& names) {
  fmt::format_to(out, "| Metric | Tags | Count | p50 | p95 | p99 | Max | Mean | p99/p50 |\n");
  fmt::format_to(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (std::string_view name : names) {
    const auto series = views_named(views, name, "histogram");
    // Several tag sets: first their merge, then each set.
    if (series.size() > 1) {
      if (auto all = merged_total(series)) histogram_row(out, name, "all", series[0]->unit, *all);
    }
    for (const auto* view : series) {
      histogram_row(out, name, tags_text(*view->tags), view->unit, read_histogram(*view->total));
    }
  }
}

void counter_table(Out out, const std::vector<MetricView>& views,
                   const std::vector<std::string_view>& names) {
  fmt::format_to(out, "| Metric | Tags | Value |\n|---|---|---:|\n");
  for (std::string_view name : names) {
    for (const auto* view : views_named(views, name, "counter")) {
      fmt::format_to(out, "| {} | {} | {} |\n", md_escape(name), md_escape(tags_text(*view->tags)),
                     format_value(number_at(*view->total, "value"), view->unit));
    }
  }
}

// One section per group that measured anything: its histograms, then its counters. A group
// with nothing measured (no LiveView, no WebSocket) has no section at all.
void groups(Out out, const std::vector<MetricView>& views) {
  for (const auto& group : kGroups) {
    const auto histograms = names_with_prefix(views, "histogram", group.prefix);
    const auto counters = names_with_prefix(views, "counter", group.prefix);
    if (histograms.empty() && counters.empty()) continue;
    fmt::format_to(out, "\n## {}\n\n", group.title);
    if (!histograms.empty()) histogram_table(out, views, histograms);
    if (!histograms.empty() && !counters.empty()) fmt::format_to(out, "\n");
    if (!counters.empty()) counter_table(out, views, counters);
  }
}

void histograms(Out out, const std::vector<MetricView>& views) {
  auto names = ordered_names(views, "histogram");
  std::erase_if(names, in_a_group);
  if (names.empty()) return;
  fmt::format_to(out, "\n## Timings and sizes\n\n");
  histogram_table(out, views, names);
}

void counters_and_gauges(Out out, const std::vector<MetricView>& views) {
  std::vector<std::string_view> counters = ordered_names(views, "counter");
  // Failures have their own table, the groups' counters are in their sections.
  std::erase(counters, telemetry::metric::failures);
  std::erase_if(counters, in_a_group);
  if (!counters.empty()) {
    fmt::format_to(out, "\n## Counters\n\n");
    counter_table(out, views, counters);
  }

  const auto gauges = ordered_names(views, "gauge");
  if (gauges.empty()) return;
  fmt::format_to(out,
                 "\n## Gauges\n\n| Metric | Tags | Last | Min | Max |\n|---|---|---:|---:|---:|\n");
  for (std::string_view name : gauges) {
    for (const auto* view : views_named(views, name, "gauge")) {
      fmt::format_to(out, "| {} | {} | {} | {} | {} |\n", md_escape(name),
                     md_escape(tags_text(*view->tags)),
                     format_value(number_at(*view->total, "last"), view->unit),
                     format_value(number_at(*view->total, "min"), view->unit),
                     format_value(number_at(*view->total, "max"), view->unit));
    }
  }
}

void failures(Out out, const boost::json::value& doc) {
  fmt::format_to(out, "\n## Failures\n\n");
  const auto* list = doc.is_object() ? array_at(doc.get_object(), "failures") : nullptr;
  if (list == nullptr || list->empty()) {
    fmt::format_to(out, "No failures.\n");
    return;
  }
  fmt::format_to(out,
                 "| Step | Target | Reason | Count | First message |\n|---|---|---|---:|---|\n");
  size_t rows = 0;
  for (const auto& entry : *list) {
    if (!entry.is_object()) continue;
    if (++rows > kMaxFailureRows) break;
    const auto& f = entry.get_object();
    std::string_view first;
    if (const auto* samples = array_at(f, "samples"); samples && !samples->empty()) {
      if (samples->front().is_object()) first = string_at(samples->front().get_object(), "message");
    }
    fmt::format_to(out, "| {} | {} | {} | {} | {} |\n", md_escape(string_at(f, "step")),
                   md_escape(string_at(f, "target")), md_escape(string_at(f, "reason")),
                   format_value(number_at(f, "count"), "count"), md_escape(first));
  }
  if (list->size() > kMaxFailureRows) {
    fmt::format_to(out, "\n{} more failure kinds are listed in result.json.\n",
                   list->size() - kMaxFailureRows);
  }
}

struct Timing {
  std::string_view metric;
  std::string_view label;
  std::map<int64_t, telemetry::DDSketch> buckets;
};

void over_time(Out out, const boost::json::value& doc, const std::vector<MetricView>& views) {
  std::vector<Timing> timings;
  for (auto [metric, label] : {std::pair{telemetry::metric::iteration_duration, "Iter"},
                               std::pair{telemetry::metric::liveview_join, "Join"}}) {
    auto buckets = bucket_sketches(views_named(views, metric, "histogram"));
    if (!buckets.empty()) timings.push_back({metric, label, std::move(buckets)});
  }
  const auto users = gauge_buckets(views_named(views, telemetry::metric::users_active, "gauge"));
  if (timings.empty() && users.empty()) return;

  const auto width = static_cast<int64_t>(run_number(run_of(doc), "bucket_us"));
  std::vector<int64_t> starts;
  for (const auto& t : timings) {
    for (const auto& [start, sketch] : t.buckets) starts.push_back(start);
  }
  for (const auto& [start, gauge] : users) starts.push_back(start);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  if (starts.empty() || width <= 0) return;

  // Rows span `group` buckets each, aligned on the first bucket.
  const int64_t span = starts.back() - starts.front() + width;
  const int64_t group = std::max<int64_t>(1, (span / width + kMaxTimeRows - 1) / kMaxTimeRows);
  const int64_t row_width = group * width;

  fmt::format_to(out, "\n## Over time\n\n");
  if (group > 1) {
    fmt::format_to(out, "Each row merges {} buckets of {}.\n\n", group,
                   format_offset(width).substr(1));
  }
  fmt::format_to(out, "| Start |{}", users.empty() ? "" : " Users (peak) |");
  for (const auto& t : timings) {
    fmt::format_to(out, " {} count | {} p50 | {} p95 | {} p99 |", t.label, t.label, t.label,
                   t.label);
  }
  fmt::format_to(out, "\n|---:|{}", users.empty() ? "" : "---:|");
  for (size_t i = 0; i < timings.size(); ++i) fmt::format_to(out, "---:|---:|---:|---:|");
  fmt::format_to(out, "\n");

  for (int64_t row = starts.front(); row <= starts.back(); row += row_width) {
    fmt::format_to(out, "| {} |", format_offset(row));
    if (!users.empty()) {
      double peak = std::numeric_limits<double>::quiet_NaN();
      for (auto it = users.lower_bound(row); it != users.end() && it->first < row + row_width;
           ++it) {
        peak = std::isnan(peak) ? it->second.max : std::max(peak, it->second.max);
      }
      fmt::format_to(out, " {} |", format_value(peak, "count"));
    }
    for (const auto& t : timings) {
      telemetry::DDSketch merged;
      for (auto it = t.buckets.lower_bound(row);
           it != t.buckets.end() && it->first < row + row_width; ++it) {
        (void)merged.merge(it->second);
      }
      fmt::format_to(
          out, " {} | {} | {} | {} |", merged.count(), format_value(merged.quantile(0.50), "us"),
          format_value(merged.quantile(0.95), "us"), format_value(merged.quantile(0.99), "us"));
    }
    fmt::format_to(out, "\n");
  }
}

}  // namespace

std::string render_markdown(const boost::json::value& result) {
  std::string text;
  Out out(text);
  const auto views = metric_views(result);
  header(out, result);
  groups(out, views);
  histograms(out, views);
  counters_and_gauges(out, views);
  failures(out, result);
  over_time(out, result, views);
  return text;
}

}  // namespace liveload::report
