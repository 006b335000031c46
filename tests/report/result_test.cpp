#include "report/result.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "report/histogram_stats.hpp"
#include "result_fixture.hpp"
#include "telemetry/ddsketch.hpp"

using namespace liveload;
using namespace liveload::report;
using namespace std::chrono_literals;
using report::testing::sample_meta;
using report::testing::SampleRun;

namespace {

const boost::json::object& metric(const boost::json::array& metrics, std::string_view name,
                                  const boost::json::object& tags = {}) {
  for (const auto& m : metrics) {
    if (m.at("name").get_string() == name && m.at("tags").get_object() == tags) {
      return m.get_object();
    }
  }
  static const boost::json::object none;
  ADD_FAILURE() << "no metric " << name;
  return none;
}

}  // namespace

TEST(BuildResult, HasTheVersionedEnvelopeAndTheRunMetadata) {
  SampleRun run;
  const auto doc = run.result();
  EXPECT_EQ(doc.at("schema"), "liveload.result");
  EXPECT_EQ(doc.at("version"), 1);
  const auto& meta = doc.at("run").get_object();
  EXPECT_EQ(meta.at("scenario").at("name"), "counter");
  EXPECT_EQ(meta.at("scenario").at("path"), "examples/counter.lua");
  EXPECT_EQ(meta.at("target"), "http://127.0.0.1:4000");
  EXPECT_EQ(meta.at("options").at("users"), 5);
  EXPECT_EQ(meta.at("started_at"), "2026-11-01T12:00:00.000Z");
  EXPECT_EQ(meta.at("ended_unix_ms"), 1793534409000);
  EXPECT_EQ(meta.at("duration_us"), 9'000'000);
  EXPECT_EQ(meta.at("liveload_version"), LIVELOAD_VERSION);
  EXPECT_EQ(meta.at("machine").at("cores"), 2);
  EXPECT_EQ(meta.at("machine").at("memory_bytes"), 24ull << 30);
  EXPECT_EQ(meta.at("status"), "completed");
  EXPECT_EQ(meta.at("exit_code"), 1);
  EXPECT_EQ(meta.at("bucket_us"), 5'000'000);
  EXPECT_EQ(meta.at("node_count"), 1);
  EXPECT_EQ(meta.at("summary").at("iterations_failed"), 10);
  EXPECT_TRUE(meta.at("warnings").get_array().empty());

  const auto& nodes = doc.at("nodes").get_array();
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].at("id"), "node-1");
  EXPECT_EQ(nodes[0].at("status"), "completed");  // the run's, since the node has none
  EXPECT_EQ(nodes[0].at("taken_at_us"), 9'000'000);
  EXPECT_EQ(nodes[0].at("metrics").get_array().size(), doc.at("metrics").get_array().size());
}

TEST(BuildResult, HistogramsCarryStatsPerBucketAndReMergeableSketches) {
  SampleRun run;
  const auto doc = run.result();
  const auto& m = metric(doc.at("metrics").get_array(), "iteration.duration");
  EXPECT_EQ(m.at("kind"), "histogram");
  EXPECT_EQ(m.at("unit"), "us");
  EXPECT_NE(m.at("description").get_string(), "");

  const auto& total = m.at("total").get_object();
  EXPECT_EQ(total.at("count"), 100);
  EXPECT_EQ(total.at("min").to_number<double>(), 10'000);
  EXPECT_EQ(total.at("max").to_number<double>(), 1'000'000);
  EXPECT_EQ(total.at("sum").to_number<double>(), 50'500'000);
  EXPECT_EQ(total.at("mean").to_number<double>(), 505'000);
  for (const auto& [key, q] : kQuantiles) {
    ASSERT_TRUE(total.contains(key)) << key;
  }
  // The stored sketch is the registry's, so it recomputes every stored figure.
  auto sketch = telemetry::DDSketch::from_base64(total.at("sketch").get_string());
  ASSERT_TRUE(sketch.ok());
  const auto snapshot = run.registry.snapshot();
  const auto* series = snapshot.find("iteration.duration");
  ASSERT_NE(series, nullptr);
  EXPECT_TRUE(sketch.value() == series->total.sketch);
  // Figures are stored to 15 significant digits.
  const double p95 = sketch.value().quantile(0.95);
  EXPECT_NEAR(total.at("p95").to_number<double>(), p95, p95 * 1e-14);
  EXPECT_NEAR(total.at("p50").to_number<double>(), 500'000, 5'000);  // rank 49.5: 500 ms

  const auto& buckets = m.at("buckets").get_array();
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0].at("start_us"), 0);
  EXPECT_EQ(buckets[0].at("end_us"), 5'000'000);
  EXPECT_EQ(buckets[0].at("count"), 40);
  EXPECT_EQ(buckets[0].at("max").to_number<double>(), 400'000);
  EXPECT_EQ(buckets[1].at("start_us"), 5'000'000);
  EXPECT_EQ(buckets[1].at("end_us"), 9'000'000);  // cut at the end of the run
  EXPECT_EQ(buckets[1].at("count"), 60);
  auto b1 = telemetry::DDSketch::from_base64(buckets[1].at("sketch").get_string());
  ASSERT_TRUE(b1.ok());
  EXPECT_EQ(b1.value().min(), 410'000);
}

TEST(BuildResult, CountersGaugesAndUnits) {
  SampleRun run;
  const auto doc = run.result();
  const auto& metrics = doc.at("metrics").get_array();
  const auto& ok = metric(metrics, "iterations", {{"result", "ok"}});
  EXPECT_EQ(ok.at("kind"), "counter");
  EXPECT_EQ(ok.at("unit"), "count");
  EXPECT_EQ(ok.at("total").at("value").to_number<double>(), 90);
  EXPECT_EQ(ok.at("buckets").get_array()[0].at("value").to_number<double>(), 40);

  const auto& users = metric(metrics, "users.active");
  EXPECT_EQ(users.at("kind"), "gauge");
  EXPECT_EQ(users.at("total").at("last").to_number<double>(), 8);
  EXPECT_EQ(users.at("total").at("max").to_number<double>(), 8);
  EXPECT_EQ(users.at("buckets").get_array()[1].at("min").to_number<double>(), 5);

  EXPECT_EQ(metric(metrics, "ws.frame_received.bytes").at("unit"), "bytes");
  EXPECT_EQ(metric(metrics, "step.duration", {{"step", "b"}}).at("unit"), "us");
}

TEST(BuildResult, ListsFailuresWithTheirSamples) {
  SampleRun run;
  const auto doc = run.result();
  const auto& failures = doc.at("failures").get_array();
  ASSERT_EQ(failures.size(), 1u);
  const auto& f = failures[0].get_object();
  EXPECT_EQ(f.at("step"), "click");
  EXPECT_EQ(f.at("target"), "#inc|x`y");
  EXPECT_EQ(f.at("reason"), "timeout");
  EXPECT_EQ(f.at("count").to_number<double>(), 3);
  const auto& samples = f.at("samples").get_array();
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_EQ(samples[0].at("at_us"), 8'000'000);
  EXPECT_EQ(samples[2].at("at_us"), 8'000'002);
  EXPECT_EQ(samples[0].at("node"), "node-1");
  EXPECT_EQ(samples[0].at("message"), "line1\nline2 | `code` <b>");
}

TEST(BuildResult, SizeDoesNotGrowWithTheNumberOfUsers) {
  // The same metrics over the same buckets, from 10 and from 1000 users: only the counts grow.
  auto document_size = [](int users) {
    Micros now{0};
    telemetry::Registry registry("n", 5s, [&now] { return now; });
    for (int user = 0; user < users; ++user) {
      for (int i = 0; i < 50; ++i) {
        now = Micros(i * 200'000);
        registry.observe("iteration.duration", {}, 100'000 + (user * 7 + i * 13) % 900'000);
        registry.add("iterations", {{"result", "ok"}});
        registry.gauge("users.active", {}, user + 1);
      }
    }
    return boost::json::serialize(build_result(sample_meta(), {registry.snapshot()})).size();
  };
  const size_t few = document_size(10);
  const size_t many = document_size(1000);
  // The bins' varint counts take a byte or two more, and more bins fill up; nothing else grows.
  EXPECT_LT(many, few * 3) << few << " vs " << many;
  const size_t more = document_size(3000);
  EXPECT_LT(more, many * 1.2) << many << " vs " << more;
}

TEST(BuildResult, TotalIsTheMergeOfAllNodes) {
  Micros now{1s};
  telemetry::Registry a("a", 5s, [&now] { return now; });
  telemetry::Registry b("b", 5s, [&now] { return now; });
  a.observe("iteration.duration", {}, 100);
  b.observe("iteration.duration", {}, 300);
  a.add("iterations", {{"result", "ok"}});
  b.add("iterations", {{"result", "ok"}}, 2);
  auto snap_b = b.snapshot();
  snap_b.status = "lost";
  const auto doc = build_result(sample_meta(), {a.snapshot(), snap_b});

  const auto& metrics = doc.at("metrics").get_array();
  EXPECT_EQ(metric(metrics, "iteration.duration").at("total").at("count"), 2);
  EXPECT_EQ(metric(metrics, "iteration.duration").at("total").at("max").to_number<double>(), 300);
  EXPECT_EQ(
      metric(metrics, "iterations", {{"result", "ok"}}).at("total").at("value").to_number<double>(),
      3);
  const auto& nodes = doc.at("nodes").get_array();
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[1].at("id"), "b");
  EXPECT_EQ(nodes[1].at("status"), "lost");
  EXPECT_EQ(doc.at("run").at("node_count"), 2);
}

TEST(BuildResult, LeavesAnIncompatibleNodeOutOfTheTotalAndSaysSo) {
  Micros now{0};
  telemetry::Registry a("a", 5s, [&now] { return now; });
  telemetry::Registry b("b", 10s, [&now] { return now; });
  a.add("iterations", {{"result", "ok"}});
  b.add("iterations", {{"result", "ok"}}, 5);
  const auto doc = build_result(sample_meta(), {a.snapshot(), b.snapshot()});
  const auto& warnings = doc.at("run").at("warnings").get_array();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(std::string(warnings[0].get_string()).find("node b"), std::string::npos);
  EXPECT_EQ(metric(doc.at("metrics").get_array(), "iterations", {{"result", "ok"}})
                .at("total")
                .at("value")
                .to_number<double>(),
            1);
  EXPECT_EQ(doc.at("nodes").get_array().size(), 2u);
}
