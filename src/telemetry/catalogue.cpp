#include "telemetry/catalogue.hpp"

#include <array>

namespace liveload::telemetry {

namespace {

constexpr std::array kKnown = {
    KnownMetric{
        metric::iteration_duration, Kind::histogram, MetricUnit::us,
        "Time of one iteration of the scenario's run() that succeeded, from its start until "
        "it returned"},
    KnownMetric{metric::iterations, Kind::counter, MetricUnit::count,
                "Iterations ended, tagged result=ok, result=failed, or result=stopped (cut short "
                "by the end of the run)"},
    KnownMetric{metric::action_duration, Kind::histogram, MetricUnit::us,
                "Time of one ctx action (click, fill, wait_for, ...) from the call until it "
                "completed or failed, tagged by action and target"},
    KnownMetric{metric::step_duration, Kind::histogram, MetricUnit::us,
                "Time of one named step(name, fn), from entering it until fn returned or failed"},
    KnownMetric{metric::navigation_duration, Kind::histogram, MetricUnit::us,
                "Time of navigate() or reload(), from the call until the page's load event"},
    KnownMetric{metric::liveview_join, Kind::histogram, MetricUnit::us,
                "From the page's navigation start until the LiveView container first carries "
                "phx-connected"},
    KnownMetric{metric::failures, Kind::counter, MetricUnit::count,
                "Failed steps, tagged by step, target and reason; the first messages of each are "
                "kept as samples"},
    KnownMetric{metric::users_active, Kind::gauge, MetricUnit::count,
                "Virtual users running, set whenever one starts or stops; per bucket the last, "
                "lowest and highest value"},
};

const KnownMetric* find_known(std::string_view name) {
  for (const auto& known : kKnown) {
    if (known.name == name) return &known;
  }
  return nullptr;
}

}  // namespace

std::string_view name_of(Kind kind) {
  switch (kind) {
    case Kind::histogram:
      return "histogram";
    case Kind::counter:
      return "counter";
    case Kind::gauge:
      return "gauge";
  }
  return "unknown";
}

std::string_view name_of(MetricUnit unit) {
  switch (unit) {
    case MetricUnit::us:
      return "us";
    case MetricUnit::bytes:
      return "bytes";
    case MetricUnit::count:
      return "count";
    case MetricUnit::ratio:
      return "ratio";
  }
  return "unknown";
}

std::optional<Kind> kind_named(std::string_view name) {
  for (Kind kind : {Kind::histogram, Kind::counter, Kind::gauge}) {
    if (name_of(kind) == name) return kind;
  }
  return std::nullopt;
}

std::optional<MetricUnit> unit_named(std::string_view name) {
  for (MetricUnit unit :
       {MetricUnit::us, MetricUnit::bytes, MetricUnit::count, MetricUnit::ratio}) {
    if (name_of(unit) == name) return unit;
  }
  return std::nullopt;
}

std::span<const KnownMetric> known_metrics() {
  return kKnown;
}

MetricUnit unit_of(std::string_view metric, Kind kind) {
  if (const auto* known = find_known(metric)) return known->unit;
  if (metric.ends_with(".bytes")) return MetricUnit::bytes;
  return kind == Kind::histogram ? MetricUnit::us : MetricUnit::count;
}

std::string_view description_of(std::string_view metric) {
  const auto* known = find_known(metric);
  return known ? known->description : std::string_view{};
}

}  // namespace liveload::telemetry
