#pragma once
// The data an HTML report page draws from, derived from result documents alone. The page gets
// each run's metadata and failures verbatim and every series' total verbatim (sketch included,
// for the distribution view); bucket values travel as columns per series, with the quantiles
// the charts draw already computed, so the page never decodes a sketch per bucket.
//
// A long run is downsampled before it reaches the page: neighbouring buckets are merged, their
// sketches merged exactly, their counters added and their gauges combined; no bucket is ever
// dropped. The page states the merge factor. The limits keep a 24-hour run with hundreds of
// series within a few MB and a chart within about one point per pixel.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace liveload::report {

inline constexpr std::string_view kHtmlDataFormat = "liveload.report-data";
inline constexpr int64_t kHtmlDataVersion = 1;

// One run as the page shows it; `result` is a document that validate_result accepted.
struct ReportRun {
  std::string label;  // how the compare view names the run: the file as given
  const boost::json::value* result = nullptr;
};

struct HtmlDataLimits {
  // Points per series: above it, buckets are merged. About the width of a wide chart in pixels.
  size_t max_points_per_series = 1500;
  // Points of all series of all runs together (totals, nodes and per-name merges).
  size_t max_points = 600'000;
};

// The merge factor for `slots` buckets of which `points` are filled across all series: the
// smallest of 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 24, 30, 40, 60 and then multiples of 60
// that brings both under the limits, so that merged buckets span round times.
int64_t downsample_factor(int64_t slots, size_t points, size_t max_points_per_series,
                          size_t max_points);

// {"format", "version", "view": "report" | "compare", "runs": [...]}; the form is described
// in report/web/src/types.ts, which reads it.
boost::json::object html_data(const std::vector<ReportRun>& runs, std::string_view view,
                              const HtmlDataLimits& limits = {});

}  // namespace liveload::report
