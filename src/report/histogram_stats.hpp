#pragma once
// The figures result.json precomputes for every histogram total and bucket, so that readers need
// no sketch code; the views compute the same figures the same way when they merge tag sets.
#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>

#include "telemetry/ddsketch.hpp"

namespace liveload::report {

struct QuantileKey {
  std::string_view key;  // as written in result.json
  double q;
};

inline constexpr std::array<QuantileKey, 6> kQuantiles = {
    {{"p50", 0.50}, {"p75", 0.75}, {"p90", 0.90}, {"p95", 0.95}, {"p99", 0.99}, {"p99.9", 0.999}}};

struct HistogramStats {
  double count = 0;
  double sum = 0;
  double min = 0;
  double max = 0;
  double mean = 0;
  std::array<double, kQuantiles.size()> quantiles{};  // in the order of kQuantiles

  double quantile(std::string_view key) const;  // NaN for a key not in kQuantiles
};

HistogramStats summarize(const telemetry::DDSketch& sketch);

// count, sum, min, max, mean, the quantiles and the base64 sketch, as stored in result.json.
boost::json::object histogram_json(const telemetry::DDSketch& sketch);

// Reads the figures back; a missing or non-numeric field reads as NaN.
HistogramStats read_histogram(const boost::json::object& stats);

// A JSON number rounded to 15 significant digits, or null for NaN and infinities, which JSON
// cannot hold.
boost::json::value json_number(double v);

// The number at `key` whatever its JSON representation; NaN when absent or not a number.
double number_at(const boost::json::object& object, std::string_view key);

}  // namespace liveload::report
