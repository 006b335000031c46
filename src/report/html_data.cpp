#include "report/html_data.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <map>

#include "report/document.hpp"
#include "report/histogram_stats.hpp"
#include "telemetry/ddsketch.hpp"

namespace liveload::report {

namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// What one scope (the run total or a node) turns into, and what went wrong on the way.
struct ScopeOut {
  array series;
  array merged;
  bool broken_sketches = false;
};

// Chart values need no more than four significant digits: the sketch itself is only within 1%.
// Fewer distinct digits also let gzip find more repeats.
value chart_number(double v) {
  if (!std::isfinite(v)) return nullptr;
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, v, std::chars_format::general, 4);
  double rounded = v;
  std::from_chars(text, end.ptr, rounded);
  if (std::abs(rounded) < 9e15 && rounded == std::floor(rounded)) {
    return static_cast<int64_t>(rounded);
  }
  return rounded;
}

// A figure as result.json rounds it, written as an integer when it is one: Boost.JSON would
// print 6.0 as "6E0", and counters and gauges are mostly whole numbers.
value exact_number(double v) {
  if (std::isfinite(v) && std::abs(v) < 9e15 && v == std::floor(v)) return static_cast<int64_t>(v);
  return json_number(v);
}

int64_t int_at(const object& o, std::string_view key) {
  const double v = number_at(o, key);
  return std::isfinite(v) ? static_cast<int64_t>(v) : 0;
}

// The bucket slot of a bucket, from its start; buckets start at multiples of the width.
int64_t slot_of(const object& bucket, int64_t width) {
  return width > 0 ? int_at(bucket, "start_us") / width : 0;
}

// Group indices as deltas from the previous one: runs of consecutive buckets become runs of 1s,
// which gzip folds to almost nothing.
array deltas(const std::vector<int64_t>& groups) {
  array out;
  out.reserve(groups.size());
  int64_t previous = 0;
  for (int64_t g : groups) {
    out.push_back(g - previous);
    previous = g;
  }
  return out;
}

object series_head(const MetricView& view, bool all) {
  object out;
  out["name"] = view.name;
  out["kind"] = view.kind;
  out["unit"] = view.unit;
  if (all) {
    out["tags"] = object{};
    out["all"] = true;
  } else {
    out["tags"] = *view.tags;
    out["total"] = *view.total;
  }
  return out;
}

// A histogram's columns from one sketch per group; a group whose sketches could not all be
// decoded keeps its stored count but shows no quantiles.
struct HistogramGroup {
  telemetry::DDSketch sketch;
  double stored_count = 0;
  bool broken = false;
};

// Byte histograms also carry their sums per bucket, for the charts of bytes per second.
void histogram_columns(object& out, const std::map<int64_t, HistogramGroup>& groups,
                       bool with_sums) {
  std::vector<int64_t> t;
  array n, p50, p95, p99, max, sum;
  for (const auto& [g, group] : groups) {
    t.push_back(g);
    if (group.broken) {
      n.push_back(chart_number(group.stored_count));
      for (array* column : {&p50, &p95, &p99, &max, &sum}) column->push_back(nullptr);
      continue;
    }
    n.push_back(group.sketch.count());
    sum.push_back(chart_number(group.sketch.sum()));
    p50.push_back(chart_number(group.sketch.quantile(0.50)));
    p95.push_back(chart_number(group.sketch.quantile(0.95)));
    p99.push_back(chart_number(group.sketch.quantile(0.99)));
    max.push_back(chart_number(group.sketch.max()));
  }
  out["t"] = deltas(t);
  out["n"] = std::move(n);
  out["p50"] = std::move(p50);
  out["p95"] = std::move(p95);
  out["p99"] = std::move(p99);
  out["max"] = std::move(max);
  if (with_sums) out["sum"] = std::move(sum);
}

// Without merging, the stored figures are the chart's: no sketch needs decoding.
void stored_histogram_columns(object& out, const MetricView& view, int64_t width) {
  std::vector<int64_t> t;
  array n, p50, p95, p99, max, sum;
  for (const auto& entry : *view.buckets) {
    if (!entry.is_object()) continue;
    const auto& b = entry.get_object();
    t.push_back(slot_of(b, width));
    n.push_back(chart_number(number_at(b, "count")));
    p50.push_back(chart_number(number_at(b, "p50")));
    p95.push_back(chart_number(number_at(b, "p95")));
    p99.push_back(chart_number(number_at(b, "p99")));
    max.push_back(chart_number(number_at(b, "max")));
    sum.push_back(chart_number(number_at(b, "sum")));
  }
  out["t"] = deltas(t);
  out["n"] = std::move(n);
  out["p50"] = std::move(p50);
  out["p95"] = std::move(p95);
  out["p99"] = std::move(p99);
  out["max"] = std::move(max);
  if (view.unit == "bytes") out["sum"] = std::move(sum);
}

// Adds one stored bucket to the groups it belongs to (its series' own and the name's merge),
// decoding its sketch once for both.
void merge_bucket(const object& bucket, std::initializer_list<HistogramGroup*> groups) {
  const double count = number_at(bucket, "count");
  auto sketch = telemetry::DDSketch::from_base64(string_at(bucket, "sketch"));
  for (HistogramGroup* group : groups) {
    if (group == nullptr) continue;
    if (std::isfinite(count)) group->stored_count += count;
    if (!sketch || !group->sketch.merge(sketch.value())) group->broken = true;
  }
}

void counter_columns(object& out, const MetricView& view, int64_t width, int64_t factor) {
  std::map<int64_t, double> sums;
  for (const auto& entry : *view.buckets) {
    if (!entry.is_object()) continue;
    const double v = number_at(entry.get_object(), "value");
    sums[slot_of(entry.get_object(), width) / factor] += std::isfinite(v) ? v : 0;
  }
  std::vector<int64_t> t;
  array v;
  for (const auto& [g, sum] : sums) {
    t.push_back(g);
    v.push_back(exact_number(sum));
  }
  out["t"] = deltas(t);
  out["v"] = std::move(v);
}

void gauge_columns(object& out, const MetricView& view, int64_t width, int64_t factor) {
  // Buckets come in time order, so the last one seen in a group holds the group's last value.
  std::map<int64_t, telemetry::GaugeValue> groups;
  for (const auto& entry : *view.buckets) {
    if (!entry.is_object()) continue;
    const auto& b = entry.get_object();
    const auto [it, fresh] = groups.try_emplace(slot_of(b, width) / factor);
    auto& g = it->second;
    const double lo = number_at(b, "min");
    const double hi = number_at(b, "max");
    g.last = number_at(b, "last");
    g.min = fresh ? lo : std::min(g.min, lo);
    g.max = fresh ? hi : std::max(g.max, hi);
  }
  std::vector<int64_t> t;
  array last, min, max;
  for (const auto& [g, gauge] : groups) {
    t.push_back(g);
    last.push_back(exact_number(gauge.last));
    min.push_back(exact_number(gauge.min));
    max.push_back(exact_number(gauge.max));
  }
  out["t"] = deltas(t);
  out["last"] = std::move(last);
  out["min"] = std::move(min);
  out["max"] = std::move(max);
}

// All series of one histogram name: each on its own and, when there are several tag sets, their
// merge, decoding each bucket's sketch once for both.
void histogram_name(ScopeOut& out, const std::vector<const MetricView*>& views, int64_t width,
                    int64_t factor) {
  const bool several = views.size() > 1;
  std::map<int64_t, HistogramGroup> all;
  for (const auto* view : views) {
    object s = series_head(*view, false);
    if (factor == 1 && !several) {
      stored_histogram_columns(s, *view, width);
      out.series.push_back(std::move(s));
      continue;
    }
    std::map<int64_t, HistogramGroup> own;
    for (const auto& entry : *view->buckets) {
      if (!entry.is_object()) continue;
      const auto& b = entry.get_object();
      const int64_t g = slot_of(b, width) / factor;
      merge_bucket(b, {factor > 1 ? &own[g] : nullptr, several ? &all[g] : nullptr});
    }
    if (factor == 1) {
      stored_histogram_columns(s, *view, width);
    } else {
      histogram_columns(s, own, view->unit == "bytes");
    }
    for (const auto& [g, group] : own) out.broken_sketches |= group.broken;
    out.series.push_back(std::move(s));
  }
  if (!several) return;

  object merged = series_head(*views.front(), true);
  if (auto total = merged_total(views)) {
    object t;
    t["count"] = json_number(total->count);
    t["sum"] = json_number(total->sum);
    t["min"] = json_number(total->min);
    t["max"] = json_number(total->max);
    t["mean"] = json_number(total->mean);
    for (size_t i = 0; i < kQuantiles.size(); ++i) {
      t[kQuantiles[i].key] = json_number(total->quantiles[i]);
    }
    merged["total"] = std::move(t);
  } else {
    merged["total"] = object{};
    out.broken_sketches = true;
  }
  histogram_columns(merged, all, views.front()->unit == "bytes");
  for (const auto& [g, group] : all) out.broken_sketches |= group.broken;
  out.merged.push_back(std::move(merged));
}

ScopeOut scope(const value& holder, int64_t width, int64_t factor) {
  ScopeOut out;
  const auto views = metric_views(holder);
  for (std::string_view kind : {"histogram", "counter", "gauge"}) {
    for (std::string_view name : ordered_names(views, kind)) {
      const auto named = views_named(views, name, kind);
      if (kind == "histogram") {
        histogram_name(out, named, width, factor);
        continue;
      }
      for (const auto* view : named) {
        object s = series_head(*view, false);
        if (kind == "counter") {
          counter_columns(s, *view, width, factor);
        } else {
          gauge_columns(s, *view, width, factor);
        }
        out.series.push_back(std::move(s));
      }
    }
  }
  return out;
}

// Points a scope would send unmerged, counting a per-name merge as its fullest series.
size_t points_of(const value& holder) {
  size_t points = 0;
  const auto views = metric_views(holder);
  for (const auto& view : views) points += view.buckets->size();
  for (std::string_view name : ordered_names(views, "histogram")) {
    const auto named = views_named(views, name, "histogram");
    if (named.size() < 2) continue;
    size_t widest = 0;
    for (const auto* view : named) widest = std::max(widest, view->buckets->size());
    points += widest;
  }
  return points;
}

// The highest bucket slot any series of the scope uses, plus one.
int64_t slots_of(const value& holder, int64_t width) {
  int64_t slots = 0;
  for (const auto& view : metric_views(holder)) {
    for (const auto& entry : *view.buckets) {
      if (entry.is_object()) slots = std::max(slots, slot_of(entry.get_object(), width) + 1);
    }
  }
  return slots;
}

// A node whose series are the run total's (the only node of a run) sends none of its own.
bool same_as_total(const value& node, const value& doc) {
  const auto* n = node.is_object() ? node.get_object().if_contains("metrics") : nullptr;
  const auto* t = doc.get_object().if_contains("metrics");
  return n != nullptr && t != nullptr && *n == *t;
}

void put_scope(object& out, ScopeOut&& s, bool& broken) {
  out["series"] = std::move(s.series);
  out["merged"] = std::move(s.merged);
  broken |= s.broken_sketches;
}

object run_data(const ReportRun& run, const HtmlDataLimits& limits, size_t max_points) {
  const value& doc = *run.result;
  const object& meta = run_of(doc);
  const int64_t width = std::max<int64_t>(1, int_at(meta, "bucket_us"));
  const array* nodes = doc.is_object() ? array_at(doc.get_object(), "nodes") : nullptr;
  const size_t node_count = nodes ? nodes->size() : 0;

  std::vector<bool> own_series(node_count, true);
  size_t points = points_of(doc);
  int64_t slots = std::max(slots_of(doc, width), (int_at(meta, "duration_us") + width - 1) / width);
  for (size_t i = 0; i < node_count; ++i) {
    own_series[i] = !(node_count == 1 && same_as_total((*nodes)[i], doc));
    if (!own_series[i]) continue;
    points += points_of((*nodes)[i]);
    slots = std::max(slots, slots_of((*nodes)[i], width));
  }
  const int64_t factor = downsample_factor(slots, points, limits.max_points_per_series, max_points);

  object out;
  out["label"] = run.label;
  out["run"] = meta;
  const array* failures = doc.is_object() ? array_at(doc.get_object(), "failures") : nullptr;
  out["failures"] = failures ? *failures : array{};
  out["bucket_us"] = width;
  out["factor"] = factor;
  out["step_us"] = width * factor;

  object descriptions;
  if (const auto* metrics = doc.is_object() ? array_at(doc.get_object(), "metrics") : nullptr) {
    for (const auto& m : *metrics) {
      if (!m.is_object()) continue;
      const auto text = string_at(m.get_object(), "description");
      if (!text.empty()) descriptions[string_at(m.get_object(), "name")] = text;
    }
  }
  out["descriptions"] = std::move(descriptions);

  bool broken = false;
  put_scope(out, scope(doc, width, factor), broken);
  array nodes_out;
  for (size_t i = 0; i < node_count; ++i) {
    const value& node = (*nodes)[i];
    if (!node.is_object()) continue;
    const auto& n = node.get_object();
    object entry;
    entry["id"] = string_at(n, "id");
    entry["status"] = string_at(n, "status");
    entry["taken_at_us"] = int_at(n, "taken_at_us");
    entry["same_as_total"] = !own_series[i];
    if (own_series[i]) put_scope(entry, scope(node, width, factor), broken);
    nodes_out.push_back(std::move(entry));
  }
  out["nodes"] = std::move(nodes_out);

  array notes;
  if (broken) {
    notes.push_back(
        "Some stored sketches could not be decoded; the buckets that hold them show "
        "their counts but no quantiles.");
  }
  out["notes"] = std::move(notes);
  return out;
}

}  // namespace

int64_t downsample_factor(int64_t slots, size_t points, size_t max_points_per_series,
                          size_t max_points) {
  const auto per_series = static_cast<int64_t>(std::max<size_t>(1, max_points_per_series));
  const auto overall = static_cast<int64_t>(std::max<size_t>(1, max_points));
  const int64_t needed =
      std::max<int64_t>({1, (slots + per_series - 1) / per_series,
                         (static_cast<int64_t>(points) + overall - 1) / overall});
  for (int64_t nice : {1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40, 60}) {
    if (nice >= needed) return nice;
  }
  return (needed + 59) / 60 * 60;
}

object html_data(const std::vector<ReportRun>& runs, std::string_view view,
                 const HtmlDataLimits& limits) {
  array runs_out;
  const size_t share = std::max<size_t>(1, limits.max_points / std::max<size_t>(1, runs.size()));
  for (const auto& run : runs) {
    if (run.result != nullptr && run.result->is_object()) {
      runs_out.push_back(run_data(run, limits, share));
    }
  }
  object out;
  out["format"] = kHtmlDataFormat;
  out["version"] = kHtmlDataVersion;
  out["view"] = view;
  out["runs"] = std::move(runs_out);
  return out;
}

}  // namespace liveload::report
