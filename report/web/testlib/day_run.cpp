// The size and speed benchmark of the HTML report: a synthetic 24-hour run at 5 s buckets with
// 30 metrics of 10 tag values each (27 histograms, 2 counters and the active users), every
// bucket of every series filled, recorded through telemetry::Registry on an injected clock.
//
// A whole result document of this shape is several GB in memory, so it is built one metric
// name at a time. Its single node carries no series of its own: in a real one-node run the
// node's series equal the run total's, and the page data sends such a node as "same as the
// total" either way, so the page comes out the same.
#include <fmt/format.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "report/html.hpp"
#include "report/html_data.hpp"
#include "report/result.hpp"
#include "telemetry/registry.hpp"

namespace {

using namespace liveload;
using namespace std::chrono_literals;
namespace json = boost::json;

constexpr int64_t kBuckets = 17'280;  // 24 h of 5 s
constexpr int kTagValues = 10;
constexpr int kSamplesPerBucket = 6;

uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

double unit_noise(uint64_t seed) {
  return static_cast<double>(mix(seed) >> 11) / 9007199254740992.0;
}

// One metric name's series over the day, as its own small result document.
json::array metrics_of(const std::string& name, int index, const report::RunMeta& meta) {
  Micros now{0};
  telemetry::Registry r("day-node", 5s, [&now] { return now; });
  for (int64_t b = 0; b < kBuckets; ++b) {
    // A daily wave of load: slow at night, busy at noon.
    const double wave = 1.5 + std::sin(static_cast<double>(b) / kBuckets * 6.283185307);
    for (int t = 0; t < kTagValues; ++t) {
      const telemetry::Tags tags{{"tag", fmt::format("value-{}", t)}};
      now = Micros(b * 5'000'000 + t);
      if (index >= 27) {
        if (index == 27)
          r.add("http.requests", {{"status", fmt::format("{}", 200 + t)}}, 3 + (b + t) % 5);
        continue;
      }
      for (int k = 0; k < kSamplesPerBucket; ++k) {
        const double u = unit_noise(static_cast<uint64_t>(b) * 7919 + t * 131 + k * 17 + index);
        r.observe(name, tags, 20'000 * (1 + index) * wave * (0.6 + u * u * 2.5));
      }
    }
    if (index == 28) {
      r.add("iterations", {{"result", b % 50 == 0 ? "failed" : "ok"}}, 12);
    } else if (index == 29) {
      r.gauge("users.active", {}, std::round(100 * wave));
    }
  }
  now = Micros(kBuckets * 5'000'000);
  const json::object doc = report::build_result(meta, {r.snapshot()});
  return doc.at("metrics").get_array();
}

}  // namespace

int day_fixture(const std::filesystem::path& dir, bool with_json) {
  std::filesystem::create_directories(dir);
  report::RunMeta meta;
  meta.scenario_name = "day";
  meta.scenario_path = "examples/day.lua";
  meta.target = "http://127.0.0.1:4000";
  meta.started_at = "2026-11-01T00:00:00.000Z";
  meta.ended_at = "2026-11-02T00:00:00.000Z";
  meta.duration_us = kBuckets * 5'000'000;
  meta.users_started = 250;
  meta.iterations_ok = 2'000'000;
  meta.iterations_failed = 4'000;
  meta.hostname = "bench-1";

  const auto started = std::chrono::steady_clock::now();
  json::object doc = report::build_result(meta, {});
  json::array& metrics = doc["metrics"].as_array();
  const char* names[] = {"iteration.duration",  "step.duration", "action.duration",
                         "navigation.duration", "liveview.join", "liveview.event",
                         "http.duration",       "http.ttfb",     "http.dns",
                         "http.connect"};
  for (int i = 0; i < 30; ++i) {
    const std::string name = i < 10 ? names[i] : fmt::format("custom.timing_{}", i);
    for (auto& m : metrics_of(name, i, meta)) metrics.push_back(std::move(m));
    std::cerr << "." << std::flush;
  }
  doc["nodes"] = json::array{json::object{{"id", "day-node"},
                                          {"status", "completed"},
                                          {"taken_at_us", meta.duration_us},
                                          {"metrics", json::array{}}}};
  doc["run"].as_object()["node_count"] = 1;
  const size_t series = metrics.size();
  const auto built = std::chrono::steady_clock::now();
  const auto ms = [](auto a, auto b) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
  };

  // The parts of writing the page, timed on their own: checking the document, deriving the
  // page's data (decoding and merging every bucket's sketch), and the whole write.
  const json::value whole = std::move(doc);
  const auto t0 = std::chrono::steady_clock::now();
  const bool valid = static_cast<bool>(report::validate_result(whole, "day"));
  const auto t1 = std::chrono::steady_clock::now();
  const auto data = report::html_data({report::ReportRun{"day", &whole}}, "report");
  const auto t2 = std::chrono::steady_clock::now();
  std::cout << fmt::format("validate {} ms ({}) | page data {} ms\n", ms(t0, t1),
                           valid ? "valid" : "INVALID", ms(t1, t2));

  const auto built_page = std::chrono::steady_clock::now();
  const auto path = (dir / "day.html").string();
  if (auto written = report::write_html_report(whole, path); !written) {
    std::cerr << written.failure().detail << "\n";
    return 1;
  }
  const auto rendered = std::chrono::steady_clock::now();
  std::cout << fmt::format("series {} | result built in {} ms | day.html {} bytes in {} ms\n",
                           series, ms(started, built), std::filesystem::file_size(path),
                           ms(built_page, rendered));
  if (with_json) {
    std::ofstream(dir / "day.json") << json::serialize(whole) << "\n";
    std::cout << fmt::format("day.json {} bytes\n", std::filesystem::file_size(dir / "day.json"));
  }
  return 0;
}
