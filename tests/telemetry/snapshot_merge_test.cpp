#include <gtest/gtest.h>

#include <random>

#include "telemetry/registry.hpp"
#include "telemetry/snapshot.hpp"

using namespace std::chrono_literals;
using liveload::Micros;
using liveload::telemetry::Kind;
using liveload::telemetry::merge;
using liveload::telemetry::NodeSnapshot;
using liveload::telemetry::Registry;
using liveload::telemetry::Tags;

namespace {

struct Node {
  explicit Node(std::string id, Micros width = 5s)
      : registry(std::move(id), width, [this] { return now; }) {}
  Micros now{0};
  Registry registry;
};

}  // namespace

TEST(SnapshotMerge, TwoNodesEqualOneNodeRecordingEverything) {
  Node a("a"), b("b"), all("all");
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> latency(1.0 / 30000);
  for (int i = 0; i < 6000; ++i) {
    const Micros at(static_cast<int64_t>(i) * 5000);  // 30 s, six buckets
    Node& half = i % 3 == 0 ? a : b;
    const Tags tags = {{"step", i % 2 == 0 ? "click" : "fill"}};
    const double value = latency(rng);
    for (Node* node : {&half, &all}) {
      node->now = at;
      node->registry.observe("step.duration", tags, value);
      node->registry.add("iterations", {{"status", i % 10 == 0 ? "failed" : "ok"}});
      if (i % 500 == 0) node->registry.failure("click", "#inc", "timeout", "late");
    }
  }

  auto merged = merge({a.registry.snapshot(), b.registry.snapshot()});
  ASSERT_TRUE(merged.ok()) << merged.failure().detail;
  const NodeSnapshot expected = all.registry.snapshot();
  const NodeSnapshot& total = merged.value();
  EXPECT_EQ(total.node_id, "total");
  ASSERT_EQ(total.series.size(), expected.series.size());
  for (size_t k = 0; k < total.series.size(); ++k) {
    const auto& got = total.series[k];
    const auto& want = expected.series[k];
    ASSERT_EQ(got.name, want.name);
    ASSERT_EQ(got.tags, want.tags);
    ASSERT_EQ(got.kind, want.kind);
    ASSERT_EQ(got.buckets.size(), want.buckets.size()) << got.name;
    if (got.kind == Kind::counter) {
      EXPECT_EQ(got.total.sum, want.total.sum) << got.name;
      for (const auto& [index, value] : want.buckets) {
        ASSERT_TRUE(got.buckets.count(index)) << got.name << " bucket " << index;
        EXPECT_EQ(got.buckets.at(index).sum, value.sum) << got.name << " bucket " << index;
      }
      continue;
    }
    ASSERT_EQ(got.kind, Kind::histogram);
    EXPECT_TRUE(got.total.sketch.store() == want.total.sketch.store()) << got.name;
    EXPECT_EQ(got.total.sketch.count(), want.total.sketch.count());
    EXPECT_EQ(got.total.sketch.min(), want.total.sketch.min());
    EXPECT_EQ(got.total.sketch.max(), want.total.sketch.max());
    EXPECT_NEAR(got.total.sketch.sum(), want.total.sketch.sum(), want.total.sketch.sum() * 1e-12);
    for (const auto& [index, value] : want.buckets) {
      ASSERT_TRUE(got.buckets.count(index)) << got.name << " bucket " << index;
      const auto& mine = got.buckets.at(index).sketch;
      EXPECT_TRUE(mine.store() == value.sketch.store()) << got.name << " bucket " << index;
      EXPECT_EQ(mine.count(), value.sketch.count());
      EXPECT_EQ(mine.max(), value.sketch.max());
      for (double q : {0.5, 0.95, 0.99}) EXPECT_EQ(mine.quantile(q), value.sketch.quantile(q));
    }
  }
  const auto* failures =
      total.find("failures", {{"step", "click"}, {"target", "#inc"}, {"reason", "timeout"}});
  ASSERT_NE(failures, nullptr);
  EXPECT_EQ(failures->total.sum, 12);
  ASSERT_EQ(failures->samples.size(), 5u);
  for (size_t i = 1; i < failures->samples.size(); ++i) {
    EXPECT_LT(failures->samples[i - 1].at, failures->samples[i].at);
  }
  EXPECT_EQ(failures->samples[0].node, "a");  // i = 0 was recorded on node a
}

TEST(SnapshotMerge, AddsGaugesOfNodes) {
  Node a("a"), b("b");
  a.registry.gauge("users.active", {}, 3);
  b.now = 6s;
  b.registry.gauge("users.active", {}, 2);
  a.now = 6s;
  auto merged = merge({a.registry.snapshot(), b.registry.snapshot()});
  ASSERT_TRUE(merged.ok());
  const auto* users = merged.value().find("users.active");
  ASSERT_NE(users, nullptr);
  EXPECT_EQ(users->buckets.at(0).gauge.last, 3);
  EXPECT_EQ(users->buckets.at(1).gauge.last, 5);
  EXPECT_EQ(users->total.gauge.last, 5);
}

TEST(SnapshotMerge, KeepsSeriesOnlyOneNodeHas) {
  Node a("a"), b("b");
  a.registry.add("only.a", {});
  b.registry.add("only.b", {}, 2);
  auto merged = merge({a.registry.snapshot(), b.registry.snapshot()});
  ASSERT_TRUE(merged.ok());
  ASSERT_NE(merged.value().find("only.a"), nullptr);
  EXPECT_EQ(merged.value().find("only.b")->total.sum, 2);
}

TEST(SnapshotMerge, RefusesNodesWithDifferentBucketWidths) {
  Node a("a", 5s), b("b", 10s);
  auto merged = merge({a.registry.snapshot(), b.registry.snapshot()});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.failure().reason, "incompatible nodes");
  EXPECT_NE(merged.failure().detail.find("node b"), std::string::npos) << merged.failure().detail;
}

TEST(SnapshotMerge, RefusesSketchesOfDifferentAccuracy) {
  Node a("a"), b("b");
  a.registry.observe("x", {}, 1);
  b.registry.observe("x", {}, 1);
  auto sb = b.registry.snapshot();
  sb.series[0].total.sketch =
      liveload::telemetry::DDSketch(liveload::telemetry::IndexMapping::create(0.05).value());
  sb.series[0].total.sketch.add(1);
  auto merged = merge({a.registry.snapshot(), sb});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.failure().reason, "incompatible sketches");
  EXPECT_NE(merged.failure().detail.find("node b"), std::string::npos);
}

TEST(SnapshotMerge, OfNothingIsEmpty) {
  auto merged = merge({});
  ASSERT_TRUE(merged.ok());
  EXPECT_TRUE(merged.value().series.empty());
}
