#include "report/histogram_stats.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace liveload::report {

double HistogramStats::quantile(std::string_view key) const {
  for (size_t i = 0; i < kQuantiles.size(); ++i) {
    if (kQuantiles[i].key == key) return quantiles[i];
  }
  return std::numeric_limits<double>::quiet_NaN();
}

HistogramStats summarize(const telemetry::DDSketch& sketch) {
  HistogramStats stats;
  stats.count = static_cast<double>(sketch.count());
  stats.sum = sketch.sum();
  stats.min = sketch.min();
  stats.max = sketch.max();
  stats.mean = sketch.mean();
  for (size_t i = 0; i < kQuantiles.size(); ++i)
    stats.quantiles[i] = sketch.quantile(kQuantiles[i].q);
  return stats;
}

boost::json::value json_number(double v) {
  if (!std::isfinite(v)) return nullptr;
  // Fifteen significant digits fit a double's mantissa exactly, so every JSON reader, Boost.JSON
  // 1.81's fast but inexact one included, reads back the very number written; at 17 digits that
  // parser is one ulp off for about one number in seven. The figures are estimates within 1%, so
  // the rounding costs nothing; the sketches keep the exact data.
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, v, std::chars_format::general, 15);
  double rounded = v;
  std::from_chars(text, written.ptr, rounded);
  return rounded;
}

boost::json::object histogram_json(const telemetry::DDSketch& sketch) {
  const HistogramStats stats = summarize(sketch);
  boost::json::object out;
  out["count"] = sketch.count();
  out["sum"] = json_number(stats.sum);
  out["min"] = json_number(stats.min);
  out["max"] = json_number(stats.max);
  out["mean"] = json_number(stats.mean);
  for (size_t i = 0; i < kQuantiles.size(); ++i) {
    out[kQuantiles[i].key] = json_number(stats.quantiles[i]);
  }
  out["sketch"] = sketch.to_base64();
  return out;
}

double number_at(const boost::json::object& object, std::string_view key) {
  const auto* v = object.if_contains(key);
  if (v == nullptr) return std::numeric_limits<double>::quiet_NaN();
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  return std::numeric_limits<double>::quiet_NaN();
}

HistogramStats read_histogram(const boost::json::object& stats) {
  HistogramStats out;
  out.count = number_at(stats, "count");
  out.sum = number_at(stats, "sum");
  out.min = number_at(stats, "min");
  out.max = number_at(stats, "max");
  out.mean = number_at(stats, "mean");
  for (size_t i = 0; i < kQuantiles.size(); ++i)
    out.quantiles[i] = number_at(stats, kQuantiles[i].key);
  return out;
}

}  // namespace liveload::report
