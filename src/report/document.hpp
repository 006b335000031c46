#pragma once
// Reading a result document for the views. Every accessor tolerates a missing or mistyped field
// (it reads as empty or NaN), so a view renders whatever a document holds and never crashes;
// read_result_file is where documents are checked.
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/histogram_stats.hpp"
#include "telemetry/snapshot.hpp"

namespace liveload::report {

struct MetricView {
  std::string_view name;
  std::string_view kind;
  std::string_view unit;
  const boost::json::object* tags = nullptr;    // never null in views from metric_views()
  const boost::json::object* total = nullptr;   // never null
  const boost::json::array* buckets = nullptr;  // never null
};

// The run total's metrics ("metrics"), skipping entries that are not metric objects.
std::vector<MetricView> metric_views(const boost::json::value& doc);

// The views of one name and kind, in document order.
std::vector<const MetricView*> views_named(const std::vector<MetricView>& views,
                                           std::string_view name, std::string_view kind);

// The distinct names of `kind`: those of the metric catalogue first, in its order, then the others
// alphabetically.
std::vector<std::string_view> ordered_names(const std::vector<MetricView>& views,
                                            std::string_view kind);

const boost::json::object* object_at(const boost::json::object& o, std::string_view key);
const boost::json::array* array_at(const boost::json::object& o, std::string_view key);
std::string_view string_at(const boost::json::object& o, std::string_view key);
const boost::json::object& run_of(const boost::json::value& doc);  // empty object when absent

// "step=click, target=#inc"; "" for no tags.
std::string tags_text(const boost::json::object& tags);

// The figures of a histogram over several tag sets: the stored ones for a single set, otherwise
// those of the merged stored sketches. Nothing when a sketch needed cannot be decoded.
std::optional<HistogramStats> merged_total(const std::vector<const MetricView*>& views);

// The stored sketches per bucket, merged over tag sets, keyed by the bucket's start_us; buckets
// whose sketches cannot be decoded are left out.
std::map<int64_t, telemetry::DDSketch> bucket_sketches(const std::vector<const MetricView*>& views);

// Gauges per bucket, added over tag sets, keyed by start_us.
std::map<int64_t, telemetry::GaugeValue> gauge_buckets(const std::vector<const MetricView*>& views);

// Counter totals added over tag sets whose tags hold `key` = `value` (any tags when key is "").
double counter_sum(const std::vector<const MetricView*>& views, std::string_view key = {},
                   std::string_view value = {});

}  // namespace liveload::report
