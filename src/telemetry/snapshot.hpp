#pragma once
// A plain copy of what one node measured, the form in which telemetry leaves the registry: the
// report builds result.json from snapshots, and a run's total is the merge of its nodes'.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/catalogue.hpp"
#include "telemetry/ddsketch.hpp"
#include "telemetry/recorder.hpp"
#include "util/duration.hpp"
#include "util/result.hpp"

namespace liveload::telemetry {

// How many messages of each failure series are kept, the first ones in time.
inline constexpr size_t kFailureSamplesKept = 5;
// The longest sample message kept, so that a scenario failing with megabytes of text cannot make
// result.json grow with it.
inline constexpr size_t kFailureSampleBytes = 2048;

struct GaugeValue {
  double last = 0;
  double min = 0;
  double max = 0;
};

// The value of one series over one bucket, or over the whole run. Only the member of the
// series' kind is meaningful: `sketch` for histograms, `sum` for counters, `gauge` for gauges.
struct MetricValue {
  DDSketch sketch;
  double sum = 0;
  GaugeValue gauge;
};

struct FailureSample {
  Micros at{0};      // since the run started
  std::string node;  // the node it happened on
  std::string message;
};

// One metric name with one set of tags.
struct SeriesSnapshot {
  std::string name;
  Kind kind = Kind::counter;
  MetricUnit unit = MetricUnit::count;
  Tags tags;  // sorted by key
  MetricValue total;
  // By bucket index: bucket i covers [i * bucket_width, (i + 1) * bucket_width) since the start.
  // Histograms and counters have a bucket only where something was recorded; a gauge has every
  // bucket from its first value to the snapshot's, since its value holds until it is set again.
  std::map<int64_t, MetricValue> buckets;
  std::vector<FailureSample> samples;  // the `failures` counter only, ordered by time
};

struct NodeSnapshot {
  std::string node_id;
  // Left empty by the registry, which does not know how its node's run ended; the report then
  // uses the run's status.
  std::string status;
  Micros bucket_width{0};
  Micros taken_at{0};                  // the node's clock when the snapshot was taken
  std::vector<SeriesSnapshot> series;  // sorted by name, then kind, then tags

  // The series `name` with exactly these tags (in any order), or null.
  const SeriesSnapshot* find(std::string_view name, const Tags& tags = {}) const;
};

// The run total of several nodes: the union of their series, counters added, sketches merged per
// bucket, gauges added (a run's active users are the sum of its nodes'; the added min and max
// bound the true ones), failure samples pooled keeping the first in time. Its node_id is
// "total". Fails when the nodes' bucket widths or sketch accuracies differ.
Result<NodeSnapshot> merge(const std::vector<NodeSnapshot>& nodes);

}  // namespace liveload::telemetry
