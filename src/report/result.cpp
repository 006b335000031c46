#include "report/result.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/histogram_stats.hpp"

namespace liveload::report {

namespace {

using telemetry::Kind;
using telemetry::MetricValue;
using telemetry::NodeSnapshot;
using telemetry::SeriesSnapshot;

boost::json::object value_json(Kind kind, const MetricValue& value) {
  switch (kind) {
    case Kind::histogram:
      return histogram_json(value.sketch);
    case Kind::counter:
      return {{"value", json_number(value.sum)}};
    case Kind::gauge:
      return {{"last", json_number(value.gauge.last)},
              {"min", json_number(value.gauge.min)},
              {"max", json_number(value.gauge.max)}};
  }
  return {};
}

boost::json::object tags_json(const telemetry::Tags& tags) {
  boost::json::object out;
  for (const auto& [key, value] : tags) out[key] = value;
  return out;
}

// Buckets are [i * width, (i + 1) * width) from the start; the one the run ended in is cut at the
// end of the run so that per-second rates of the last bucket come out right.
boost::json::object bucket_json(const SeriesSnapshot& series, int64_t index,
                                const MetricValue& value, int64_t width, int64_t run_us) {
  const int64_t start = index * width;
  int64_t end = start + width;
  if (start < run_us && run_us < end) end = run_us;
  boost::json::object out;
  out["start_us"] = start;
  out["end_us"] = end;
  for (auto& [key, v] : value_json(series.kind, value)) out[key] = v;
  return out;
}

boost::json::array metrics_json(const NodeSnapshot& node, int64_t run_us) {
  const int64_t width = node.bucket_width.count();
  boost::json::array out;
  for (const auto& series : node.series) {
    boost::json::object metric;
    metric["name"] = series.name;
    metric["kind"] = telemetry::name_of(series.kind);
    metric["unit"] = telemetry::name_of(series.unit);
    metric["description"] = telemetry::description_of(series.name);
    metric["tags"] = tags_json(series.tags);
    metric["total"] = value_json(series.kind, series.total);
    boost::json::array buckets;
    for (const auto& [index, value] : series.buckets) {
      buckets.push_back(bucket_json(series, index, value, width, run_us));
    }
    metric["buckets"] = std::move(buckets);
    out.push_back(std::move(metric));
  }
  return out;
}

std::string_view tag_value(const telemetry::Tags& tags, std::string_view key) {
  for (const auto& [k, v] : tags) {
    if (k == key) return v;
  }
  return {};
}

boost::json::array failures_json(const NodeSnapshot& total) {
  std::vector<const SeriesSnapshot*> failures;
  for (const auto& series : total.series) {
    if (series.name == telemetry::metric::failures && series.kind == Kind::counter) {
      failures.push_back(&series);
    }
  }
  // Most frequent first: that is the order a reader wants them in.
  std::stable_sort(failures.begin(), failures.end(),
                   [](const auto* a, const auto* b) { return a->total.sum > b->total.sum; });

  boost::json::array out;
  for (const auto* series : failures) {
    boost::json::array samples;
    for (const auto& sample : series->samples) {
      samples.push_back(boost::json::object{
          {"at_us", sample.at.count()}, {"node", sample.node}, {"message", sample.message}});
    }
    out.push_back(boost::json::object{{"step", tag_value(series->tags, "step")},
                                      {"target", tag_value(series->tags, "target")},
                                      {"reason", tag_value(series->tags, "reason")},
                                      {"count", json_number(series->total.sum)},
                                      {"samples", std::move(samples)}});
  }
  return out;
}

boost::json::object run_json(const RunMeta& meta, size_t node_count) {
  boost::json::object run;
  run["scenario"] = {{"name", meta.scenario_name}, {"path", meta.scenario_path}};
  run["target"] = meta.target;
  run["options"] = meta.options;
  run["started_at"] = meta.started_at;
  run["started_unix_ms"] = meta.started_unix_ms;
  run["ended_at"] = meta.ended_at;
  run["ended_unix_ms"] = meta.ended_unix_ms;
  run["duration_us"] = meta.duration_us;
  run["liveload_version"] = meta.version;
  run["machine"] = {{"hostname", meta.hostname},
                    {"cores", meta.cores},
                    {"memory_bytes", meta.memory_bytes},
                    {"os", meta.os}};
  run["status"] = meta.status;
  run["exit_code"] = meta.exit_code;
  run["bucket_us"] = meta.bucket_us;
  run["node_count"] = node_count;
  run["summary"] = {{"users_started", meta.users_started},
                    {"iterations_ok", meta.iterations_ok},
                    {"iterations_failed", meta.iterations_failed}};
  return run;
}

}  // namespace

boost::json::object build_result(const RunMeta& meta, const std::vector<NodeSnapshot>& nodes) {
  boost::json::array warnings;
  for (const auto& w : meta.warnings) warnings.push_back(boost::json::string(w));
  NodeSnapshot total;
  total.node_id = "total";
  total.bucket_width = Micros(meta.bucket_us);
  bool first = true;
  for (const auto& node : nodes) {
    auto merged = first ? telemetry::merge({node}) : telemetry::merge({total, node});
    if (!merged) {
      warnings.push_back(boost::json::string(fmt::format("node {} is left out of the run total: {}",
                                                         node.node_id, merged.failure().detail)));
      continue;
    }
    total = std::move(merged.value());
    first = false;
  }

  boost::json::array nodes_json;
  for (const auto& node : nodes) {
    nodes_json.push_back(
        boost::json::object{{"id", node.node_id},
                            {"status", node.status.empty() ? meta.status : node.status},
                            {"taken_at_us", node.taken_at.count()},
                            {"metrics", metrics_json(node, meta.duration_us)}});
  }

  boost::json::object run = run_json(meta, nodes.size());
  run["warnings"] = std::move(warnings);

  boost::json::object doc;
  doc["schema"] = kResultSchema;
  doc["version"] = kResultVersion;
  doc["run"] = std::move(run);
  doc["nodes"] = std::move(nodes_json);
  doc["metrics"] = metrics_json(total, meta.duration_us);
  doc["failures"] = failures_json(total);
  return doc;
}

}  // namespace liveload::report
