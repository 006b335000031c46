#include "telemetry/registry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <thread>

using namespace std::chrono_literals;
using liveload::Micros;
using liveload::telemetry::Kind;
using liveload::telemetry::MetricUnit;
using liveload::telemetry::Registry;
using liveload::telemetry::RegistryOptions;
using liveload::telemetry::SeriesSnapshot;
using liveload::telemetry::Tags;

namespace {

// A registry on a clock the test moves by hand.
struct Fixture {
  explicit Fixture(RegistryOptions options = {})
      : registry(
            "node-1", 5s, [this] { return now; }, options) {}
  Micros now{0};
  Registry registry;
};

}  // namespace

TEST(Registry, FilesSamplesIntoTheBucketOfTheirTime) {
  Fixture f;
  f.now = 0s;
  f.registry.observe("iteration.duration", {}, 100);
  f.now = Micros(5s) - Micros(1);
  f.registry.observe("iteration.duration", {}, 200);
  f.now = 5s;
  f.registry.observe("iteration.duration", {}, 300);
  f.now = 17s;
  f.registry.observe("iteration.duration", {}, 400);
  f.registry.observe("iteration.duration", {}, 500);

  const auto snapshot = f.registry.snapshot();
  const SeriesSnapshot* series = snapshot.find("iteration.duration");
  ASSERT_NE(series, nullptr);
  ASSERT_EQ(series->buckets.size(), 3u);
  EXPECT_EQ(series->buckets.at(0).sketch.count(), 2u);
  EXPECT_EQ(series->buckets.at(0).sketch.max(), 200);
  EXPECT_EQ(series->buckets.at(1).sketch.count(), 1u);
  EXPECT_EQ(series->buckets.at(1).sketch.min(), 300);
  EXPECT_EQ(series->buckets.at(3).sketch.count(), 2u);
  EXPECT_EQ(series->total.sketch.count(), 5u);
  EXPECT_EQ(series->total.sketch.sum(), 1500);
  EXPECT_EQ(series->kind, Kind::histogram);
  EXPECT_EQ(series->unit, MetricUnit::us);
  EXPECT_EQ(snapshot.node_id, "node-1");
  EXPECT_EQ(snapshot.bucket_width, Micros(5s));
  EXPECT_EQ(snapshot.taken_at, Micros(17s));
}

TEST(Registry, BucketIndexIsAFloorDivision) {
  Fixture f;
  EXPECT_EQ(f.registry.bucket_index(0s), 0);
  EXPECT_EQ(f.registry.bucket_index(Micros(4999999)), 0);
  EXPECT_EQ(f.registry.bucket_index(5s), 1);
  EXPECT_EQ(f.registry.bucket_index(Micros(-1)), -1);
  EXPECT_EQ(f.registry.bucket_index(-5s), -1);
  EXPECT_EQ(f.registry.bucket_index(Micros(-5000001)), -2);
}

TEST(Registry, TagsInAnyOrderAreOneSeries) {
  Fixture f;
  f.registry.observe("step.duration", {{"step", "click"}, {"target", "#inc"}}, 10);
  f.registry.observe("step.duration", {{"target", "#inc"}, {"step", "click"}}, 20);
  f.registry.observe("step.duration", {{"step", "click"}, {"target", "#dec"}}, 30);
  const auto snapshot = f.registry.snapshot();
  ASSERT_EQ(snapshot.series.size(), 2u);
  const auto* inc = snapshot.find("step.duration", {{"target", "#inc"}, {"step", "click"}});
  ASSERT_NE(inc, nullptr);
  EXPECT_EQ(inc->total.sketch.count(), 2u);
  const Tags sorted = {{"step", "click"}, {"target", "#inc"}};
  EXPECT_EQ(inc->tags, sorted);
}

TEST(Registry, CountersSumPerBucketAndInTotal) {
  Fixture f;
  f.registry.add("iterations", {{"status", "ok"}});
  f.registry.add("iterations", {{"status", "ok"}}, 2);
  f.now = 6s;
  f.registry.add("iterations", {{"status", "ok"}});
  f.registry.add("iterations", {{"status", "failed"}});

  const auto snapshot = f.registry.snapshot();
  const auto* ok = snapshot.find("iterations", {{"status", "ok"}});
  ASSERT_NE(ok, nullptr);
  EXPECT_EQ(ok->kind, Kind::counter);
  EXPECT_EQ(ok->unit, MetricUnit::count);
  EXPECT_EQ(ok->buckets.at(0).sum, 3);
  EXPECT_EQ(ok->buckets.at(1).sum, 1);
  EXPECT_EQ(ok->total.sum, 4);

  EXPECT_EQ(f.registry.counter_total("iterations"), 5);
  EXPECT_EQ(f.registry.counter_total("iterations", {{"status", "failed"}}), 1);
  EXPECT_EQ(f.registry.counter_total("iterations", {{"status", "nope"}}), 0);
  EXPECT_EQ(f.registry.counter_total("absent"), 0);
}

TEST(Registry, GaugesKeepLastMinAndMaxPerBucketAndCarryAcrossQuietBuckets) {
  Fixture f;
  f.registry.gauge("users.active", {}, 1);
  f.registry.gauge("users.active", {}, 4);
  f.registry.gauge("users.active", {}, 3);
  f.now = 16s;  // buckets 1 and 2 see no change
  f.registry.gauge("users.active", {}, 5);
  f.now = 26s;  // the snapshot is taken in bucket 5

  const auto snapshot = f.registry.snapshot();
  const auto* users = snapshot.find("users.active");
  ASSERT_NE(users, nullptr);
  EXPECT_EQ(users->kind, Kind::gauge);
  ASSERT_EQ(users->buckets.size(), 6u);
  auto expect_gauge = [&](int64_t index, double last, double min, double max) {
    const auto& g = users->buckets.at(index).gauge;
    EXPECT_EQ(g.last, last) << index;
    EXPECT_EQ(g.min, min) << index;
    EXPECT_EQ(g.max, max) << index;
  };
  expect_gauge(0, 3, 1, 4);
  expect_gauge(1, 3, 3, 3);
  expect_gauge(2, 3, 3, 3);
  expect_gauge(3, 5, 3, 5);  // it held 3 when the bucket began
  expect_gauge(4, 5, 5, 5);
  expect_gauge(5, 5, 5, 5);
  EXPECT_EQ(users->total.gauge.last, 5);
  EXPECT_EQ(users->total.gauge.min, 1);
  EXPECT_EQ(users->total.gauge.max, 5);
  EXPECT_EQ(f.registry.gauge_value("users.active"), 5);
}

TEST(Registry, FailuresAreCountedByStepTargetAndReasonWithTheFirstFiveSamples) {
  Fixture f;
  for (int i = 0; i < 7; ++i) {
    f.now = Micros(i * 1000);
    f.registry.failure("click", "#inc", "timeout", "click #inc: timed out #" + std::to_string(i));
  }
  f.registry.failure("click", "#inc", "not found", "click #inc: no element");

  const auto snapshot = f.registry.snapshot();
  const auto* timeouts =
      snapshot.find("failures", {{"step", "click"}, {"target", "#inc"}, {"reason", "timeout"}});
  ASSERT_NE(timeouts, nullptr);
  EXPECT_EQ(timeouts->total.sum, 7);
  ASSERT_EQ(timeouts->samples.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(timeouts->samples[i].at, Micros(static_cast<int64_t>(i) * 1000));
    EXPECT_EQ(timeouts->samples[i].message, "click #inc: timed out #" + std::to_string(i));
    EXPECT_EQ(timeouts->samples[i].node, "node-1");
  }
  EXPECT_EQ(f.registry.counter_total("failures"), 8);
  EXPECT_EQ(f.registry.counter_total("failures", {{"reason", "not found"}}), 1);
}

TEST(Registry, FoldsTagValuesPastTheCapIntoOther) {
  Fixture f(RegistryOptions{.max_tag_values = 3});
  for (int i = 0; i < 10; ++i) {
    f.registry.observe("navigation.duration", {{"page", "/item/" + std::to_string(i)}}, 100);
  }
  // An admitted value keeps its own series after the cap is reached.
  f.registry.observe("navigation.duration", {{"page", "/item/0"}}, 100);
  // The cap is per metric: another metric still admits its own first values.
  f.registry.add("views", {{"page", "/item/9"}});

  const auto snapshot = f.registry.snapshot();
  EXPECT_EQ(snapshot.series.size(), 5u);
  const auto* first = snapshot.find("navigation.duration", {{"page", "/item/0"}});
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->total.sketch.count(), 2u);
  const auto* other = snapshot.find("navigation.duration", {{"page", "other"}});
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->total.sketch.count(), 7u);
  EXPECT_EQ(snapshot.find("navigation.duration", {{"page", "/item/5"}}), nullptr);
  EXPECT_NE(snapshot.find("views", {{"page", "/item/9"}}), nullptr);
}

TEST(Registry, TheCapCountsEachTagKeyOnItsOwn) {
  Fixture f(RegistryOptions{.max_tag_values = 2});
  for (int i = 0; i < 4; ++i) {
    f.registry.add("c", {{"a", std::to_string(i)}, {"b", "fixed"}});
  }
  const auto snapshot = f.registry.snapshot();
  ASSERT_NE(snapshot.find("c", {{"a", "other"}, {"b", "fixed"}}), nullptr);
  EXPECT_EQ(snapshot.find("c", {{"a", "other"}, {"b", "fixed"}})->total.sum, 2);
  EXPECT_EQ(snapshot.find("c", {{"a", "0"}, {"b", "fixed"}})->total.sum, 1);
}

TEST(Registry, TotalQuantileMergesAllTagSets) {
  Fixture f;
  for (int i = 1; i <= 100; ++i) f.registry.observe("step.duration", {{"step", "a"}}, i);
  for (int i = 101; i <= 200; ++i) f.registry.observe("step.duration", {{"step", "b"}}, i);
  EXPECT_EQ(f.registry.total_quantile("step.duration", 0), 1);
  EXPECT_EQ(f.registry.total_quantile("step.duration", 1), 200);
  // Rank 0.5 * 199 = 99.5 is the sample 100.
  EXPECT_NEAR(f.registry.total_quantile("step.duration", 0.5), 100, 1.0);
  EXPECT_TRUE(std::isnan(f.registry.total_quantile("absent", 0.5)));
}

TEST(Registry, UnitsComeFromTheCatalogue) {
  Fixture f;
  f.registry.observe("ws.frame_received.bytes", {}, 512);
  f.registry.observe("liveview.join", {}, 1);
  f.registry.observe("something.new", {}, 1);
  f.registry.gauge("users.active", {}, 1);
  const auto snapshot = f.registry.snapshot();
  EXPECT_EQ(snapshot.find("ws.frame_received.bytes")->unit, MetricUnit::bytes);
  EXPECT_EQ(snapshot.find("liveview.join")->unit, MetricUnit::us);
  EXPECT_EQ(snapshot.find("something.new")->unit, MetricUnit::us);
  EXPECT_EQ(snapshot.find("users.active")->unit, MetricUnit::count);
}

TEST(Registry, IgnoresNonFiniteSamples) {
  Fixture f;
  f.registry.observe("x", {}, std::nan(""));
  f.registry.add("y", {}, INFINITY);
  f.registry.gauge("z", {}, -INFINITY);
  EXPECT_TRUE(f.registry.snapshot().series.empty());
}

TEST(Registry, RejectsANonPositiveBucketWidth) {
  EXPECT_THROW(Registry("n", 0s), std::invalid_argument);
  EXPECT_THROW(Registry("n", -5s), std::invalid_argument);
}

TEST(Registry, ManyThreadsLoseNoSample) {
  Registry registry("n", 5s);
  std::vector<std::thread> workers;
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&registry, t] {
      for (int i = 0; i < 5000; ++i) {
        registry.observe("action.duration", {{"action", "click"}}, i);
        registry.add("iterations", {{"status", t % 2 == 0 ? "ok" : "failed"}});
      }
    });
  }
  for (auto& w : workers) w.join();
  const auto snapshot = registry.snapshot();
  EXPECT_EQ(snapshot.find("action.duration", {{"action", "click"}})->total.sketch.count(), 20000u);
  EXPECT_EQ(registry.counter_total("iterations"), 20000);
  EXPECT_EQ(registry.counter_total("iterations", {{"status", "ok"}}), 10000);
}
