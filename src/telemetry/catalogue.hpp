#pragma once
// What LiveLoad's metrics are: their kinds, units and one-line descriptions, written into
// result.json next to the values so a reader never has to guess what a number measures.
#include <optional>
#include <span>
#include <string_view>

namespace liveload::telemetry {

enum class Kind { histogram, counter, gauge };

// The unit of a metric's values: microseconds, bytes, a plain count, or a unitless ratio.
enum class MetricUnit { us, bytes, count, ratio };

std::string_view name_of(Kind kind);        // "histogram", "counter", "gauge"
std::string_view name_of(MetricUnit unit);  // "us", "bytes", "count", "ratio"
std::optional<Kind> kind_named(std::string_view name);
std::optional<MetricUnit> unit_named(std::string_view name);

// The names the engines, the scenario layer and the runner record under.
namespace metric {
inline constexpr std::string_view iteration_duration = "iteration.duration";
inline constexpr std::string_view iterations = "iterations";
inline constexpr std::string_view action_duration = "action.duration";
inline constexpr std::string_view step_duration = "step.duration";
inline constexpr std::string_view navigation_duration = "navigation.duration";
inline constexpr std::string_view liveview_join = "liveview.join";
inline constexpr std::string_view failures = "failures";
inline constexpr std::string_view users_active = "users.active";
}  // namespace metric

struct KnownMetric {
  std::string_view name;
  Kind kind;
  MetricUnit unit;
  std::string_view description;
};

// Every metric LiveLoad itself records, in the order reports list them.
std::span<const KnownMetric> known_metrics();

// The unit of `metric`: the catalogue's for a known name; bytes for any name ending in ".bytes";
// otherwise microseconds for histograms and a count for counters and gauges.
MetricUnit unit_of(std::string_view metric, Kind kind);

// The catalogue's one-line description of `metric`, or "" for a name it does not know.
std::string_view description_of(std::string_view metric);

}  // namespace liveload::telemetry
