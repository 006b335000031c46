#include "report/html_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "report/document.hpp"
#include "report/histogram_stats.hpp"
#include "result_fixture.hpp"
#include "telemetry/ddsketch.hpp"

using namespace liveload;
using namespace liveload::report;
using namespace std::chrono_literals;
using report::testing::sample_meta;
using report::testing::SampleRun;

namespace {

// 60 buckets of 1 s with known samples: bucket b holds b + 1 samples of (b + 1) ms each, tagged
// page=/a for even buckets and page=/b for odd ones, and a counter of 2 per bucket.
boost::json::object minute_run(const std::string& node = "node-1") {
  Micros now{0};
  telemetry::Registry r(node, 1s, [&now] { return now; });
  for (int b = 0; b < 60; ++b) {
    now = Micros(std::chrono::seconds(b));
    for (int k = 0; k <= b; ++k) {
      r.observe("liveview.join", {{"page", b % 2 ? "/b" : "/a"}}, (b + 1) * 1000.0);
    }
    r.add("iterations", {{"result", "ok"}}, 2);
    r.gauge("users.active", {}, b);
  }
  now = 60s;
  RunMeta meta = sample_meta();
  meta.bucket_us = 1'000'000;
  meta.duration_us = 60'000'000;
  return build_result(meta, {r.snapshot()});
}

const boost::json::object& series(const boost::json::value& scope, std::string_view name,
                                  const boost::json::object& tags,
                                  std::string_view key = "series") {
  for (const auto& s : scope.at(key).get_array()) {
    if (s.at("name").as_string() == name && s.at("tags") == tags) return s.get_object();
  }
  static const boost::json::object none;
  ADD_FAILURE() << "no series " << name;
  return none;
}

boost::json::object& doc_metric(boost::json::value& doc, std::string_view name,
                                const boost::json::object& tags) {
  for (auto& m : doc.at("metrics").as_array()) {
    if (m.at("name").as_string() == name && m.at("tags") == tags) return m.as_object();
  }
  static boost::json::object none;
  ADD_FAILURE() << "no metric " << name;
  return none;
}

std::vector<int64_t> groups(const boost::json::object& s) {
  std::vector<int64_t> out;
  int64_t at = 0;
  for (const auto& d : s.at("t").get_array()) out.push_back(at += d.to_number<int64_t>());
  return out;
}

double sum_of(const boost::json::object& s, std::string_view column) {
  double sum = 0;
  for (const auto& v : s.at(column).get_array()) sum += v.is_null() ? 0 : v.to_number<double>();
  return sum;
}

}  // namespace

TEST(DownsampleFactor, IsOneUntilALimitIsPassedThenARoundNumber) {
  EXPECT_EQ(downsample_factor(24, 100, 1500, 600'000), 1);
  EXPECT_EQ(downsample_factor(1500, 100, 1500, 600'000), 1);
  EXPECT_EQ(downsample_factor(1501, 100, 1500, 600'000), 2);
  EXPECT_EQ(downsample_factor(17'280, 17'280, 1500, 600'000), 12);  // a day of 5 s buckets
  EXPECT_EQ(downsample_factor(100, 700'000, 1500, 600'000), 2);     // too many points overall
  EXPECT_EQ(downsample_factor(100, 6'100'000, 1500, 600'000), 12);  // 11 is not round
  EXPECT_EQ(downsample_factor(1'000'000, 0, 1500, 600'000), 720);   // multiples of 60 beyond
  EXPECT_EQ(downsample_factor(0, 0, 0, 0), 1);
}

TEST(HtmlData, KeepsEveryBucketAndTheStoredFiguresWhenNothingIsMerged) {
  boost::json::value doc = minute_run();
  const auto data = html_data({ReportRun{"minute", &doc}}, "report");
  const auto& run = data.at("runs").at(0);
  EXPECT_EQ(run.at("factor"), 1);
  EXPECT_EQ(run.at("step_us"), 1'000'000);
  EXPECT_EQ(run.at("label"), "minute");

  const auto& a = series(run, "liveview.join", {{"page", "/a"}});
  const auto& stored = doc_metric(doc, "liveview.join", {{"page", "/a"}});
  EXPECT_EQ(a.at("total"), stored.at("total"));
  const auto g = groups(a);
  ASSERT_EQ(g.size(), 30u);
  EXPECT_EQ(g.front(), 0);
  EXPECT_EQ(g.back(), 58);
  // Bucket 58 holds 59 samples of 59 ms; four significant digits keep that exact.
  EXPECT_EQ(a.at("n").get_array().back(), 59);
  EXPECT_EQ(a.at("p95").get_array().back().to_number<double>(),
            stored.at("buckets").at(29).at("p95").to_number<double>());
}

TEST(HtmlData, MergesTheTagSetsOfAHistogramIntoOneSeriesPerName) {
  const boost::json::value doc = minute_run();
  const auto data = html_data({ReportRun{"minute", &doc}}, "report");
  const auto& run = data.at("runs").at(0);
  const auto& all = series(run, "liveview.join", {}, "merged");
  EXPECT_EQ(all.at("all"), true);
  EXPECT_EQ(groups(all).size(), 60u);
  EXPECT_EQ(sum_of(all, "n"), 60 * 61 / 2);

  const auto views = metric_views(doc);
  const auto expected = merged_total(views_named(views, "liveview.join", "histogram"));
  ASSERT_TRUE(expected);
  EXPECT_EQ(all.at("total").at("count").to_number<double>(), expected->count);
  EXPECT_EQ(all.at("total").at("p99").to_number<double>(), expected->quantile("p99"));
  EXPECT_FALSE(all.contains("sum"));  // only byte histograms carry sums
}

TEST(HtmlData, DownsamplesByMergingNeighbouringBucketsWithoutDroppingAny) {
  const boost::json::value doc = minute_run();
  HtmlDataLimits limits;
  limits.max_points_per_series = 25;  // 60 slots need a factor of 3
  const auto data = html_data({ReportRun{"minute", &doc}}, "report", limits);
  const auto& run = data.at("runs").at(0);
  ASSERT_EQ(run.at("factor"), 3);
  EXPECT_EQ(run.at("step_us"), 3'000'000);

  const auto& all = series(run, "liveview.join", {}, "merged");
  ASSERT_EQ(groups(all).size(), 20u);
  EXPECT_EQ(sum_of(all, "n"), 60 * 61 / 2);
  // Group 19 merges buckets 57, 58 and 59: 58 + 59 + 60 samples of 58, 59 and 60 ms.
  telemetry::DDSketch expected;
  for (int b = 57; b < 60; ++b) {
    for (int k = 0; k <= b; ++k) expected.add((b + 1) * 1000.0);
  }
  const auto& last = all.at("p50").get_array().back();
  EXPECT_NEAR(last.to_number<double>(), expected.quantile(0.5), expected.quantile(0.5) * 1e-3);
  EXPECT_EQ(all.at("max").get_array().back(), 60'000);

  const auto& iterations = series(run, "iterations", {{"result", "ok"}});
  EXPECT_EQ(groups(iterations).size(), 20u);
  EXPECT_EQ(sum_of(iterations, "v"), 120);
  EXPECT_EQ(iterations.at("v").get_array().front(), 6);

  // A gauge keeps the group's last value and its extremes.
  const auto& users = series(run, "users.active", {});
  EXPECT_EQ(users.at("last").get_array().at(0), 2);
  EXPECT_EQ(users.at("min").get_array().at(1), 2);  // held when bucket 3 began
  EXPECT_EQ(users.at("max").get_array().at(1), 5);
}

TEST(HtmlData, SendsTheOnlyNodeAsTheTotalAndOtherwiseEachNodesOwnSeries) {
  const boost::json::value one = minute_run();
  const auto single = html_data({ReportRun{"one", &one}}, "report");
  const auto& node = single.at("runs").at(0).at("nodes").at(0);
  EXPECT_EQ(node.at("id"), "node-1");
  EXPECT_EQ(node.at("same_as_total"), true);
  EXPECT_FALSE(node.get_object().contains("series"));

  SampleRun a;
  Micros now{0};
  telemetry::Registry b("node-2", 5s, [&now] { return now; });
  b.observe("iteration.duration", {}, 5000);
  const boost::json::value two = build_result(sample_meta(), {a.registry.snapshot(), b.snapshot()});
  const auto both = html_data({ReportRun{"two", &two}}, "report");
  const auto& nodes = both.at("runs").at(0).at("nodes").get_array();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[1].at("same_as_total"), false);
  const auto& own = series(nodes[1], "iteration.duration", {});
  EXPECT_EQ(own.at("total").at("count"), 1);
}

TEST(HtmlData, ABucketWhoseSketchIsBrokenKeepsItsCountAndThePageSaysSo) {
  boost::json::value doc = minute_run();
  auto& bucket =
      doc_metric(doc, "liveview.join", {{"page", "/a"}})["buckets"].as_array()[0].as_object();
  bucket["sketch"] = "not a sketch";
  HtmlDataLimits limits;
  limits.max_points_per_series = 25;
  const auto data = html_data({ReportRun{"minute", &doc}}, "report", limits);
  const auto& run = data.at("runs").at(0);
  const auto& all = series(run, "liveview.join", {}, "merged");
  EXPECT_EQ(sum_of(all, "n"), 60 * 61 / 2);
  EXPECT_TRUE(all.at("p50").get_array().at(0).is_null());
  ASSERT_EQ(run.at("notes").get_array().size(), 1u);
}

TEST(HtmlData, ByteHistogramsCarryTheirSumsForRatesPerSecond) {
  SampleRun run;
  const boost::json::value doc = run.result();
  const auto data = html_data({ReportRun{"r", &doc}}, "report");
  const auto& frames = series(data.at("runs").at(0), "ws.frame_received.bytes", {});
  EXPECT_EQ(sum_of(frames, "sum"), 4 * 2048);
  EXPECT_EQ(data.at("runs").at(0).at("descriptions").at("liveview.join").get_string().empty(),
            false);
}
