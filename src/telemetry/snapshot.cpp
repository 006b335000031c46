#include "telemetry/snapshot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace liveload::telemetry {

namespace {

using SeriesId = std::tuple<std::string, Kind, Tags>;

Result<Unit> merge_value(Kind kind, MetricValue& into, const MetricValue& from) {
  switch (kind) {
    case Kind::histogram:
      return into.sketch.merge(from.sketch);
    case Kind::counter:
      into.sum += from.sum;
      return ok();
    case Kind::gauge:
      into.gauge.last += from.gauge.last;
      into.gauge.min += from.gauge.min;
      into.gauge.max += from.gauge.max;
      return ok();
  }
  return ok();
}

Result<Unit> merge_series(SeriesSnapshot& into, const SeriesSnapshot& from) {
  if (auto merged = merge_value(into.kind, into.total, from.total); !merged) return merged;
  for (const auto& [index, value] : from.buckets) {
    auto [it, inserted] = into.buckets.try_emplace(index, value);
    if (inserted) continue;
    if (auto merged = merge_value(into.kind, it->second, value); !merged) return merged;
  }

  into.samples.insert(into.samples.end(), from.samples.begin(), from.samples.end());
  std::stable_sort(into.samples.begin(), into.samples.end(),
                   [](const FailureSample& a, const FailureSample& b) { return a.at < b.at; });
  if (into.samples.size() > kFailureSamplesKept) into.samples.resize(kFailureSamplesKept);
  return ok();
}

}  // namespace

const SeriesSnapshot* NodeSnapshot::find(std::string_view name, const Tags& tags) const {
  Tags sorted = tags;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& s : series) {
    if (s.name == name && s.tags == sorted) return &s;
  }
  return nullptr;
}

Result<NodeSnapshot> merge(const std::vector<NodeSnapshot>& nodes) {
  NodeSnapshot total;
  total.node_id = "total";
  if (nodes.empty()) return total;
  total.bucket_width = nodes.front().bucket_width;

  std::map<SeriesId, SeriesSnapshot> by_id;
  for (const auto& node : nodes) {
    if (node.bucket_width != total.bucket_width) {
      return Failure{"incompatible nodes",
                     fmt::format("node {} has buckets of {} us, node {} of {} us", node.node_id,
                                 node.bucket_width.count(), nodes.front().node_id,
                                 total.bucket_width.count())};
    }
    total.taken_at = std::max(total.taken_at, node.taken_at);

    for (const auto& series : node.series) {
      SeriesId id{series.name, series.kind, series.tags};
      auto [it, inserted] = by_id.try_emplace(std::move(id), series);
      if (inserted) continue;
      if (auto merged = merge_series(it->second, series); !merged) {
        return Failure{merged.failure().reason,
                       fmt::format("merging {} of node {}: {}", series.name, node.node_id,
                                   merged.failure().detail)};
      }
    }
  }

  total.series.reserve(by_id.size());
  for (auto& [id, series] : by_id) total.series.push_back(std::move(series));
  return total;
}

}  // namespace liveload::telemetry
