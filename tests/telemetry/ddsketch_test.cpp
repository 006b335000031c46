#include "telemetry/ddsketch.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "sketch_test_data.hpp"

using liveload::telemetry::DDSketch;
using liveload::telemetry::IndexMapping;
using namespace liveload::telemetry::testing;

namespace {

DDSketch sketch_of(const std::vector<double>& values, double alpha = 0.01, size_t bins = 2048) {
  DDSketch sketch(IndexMapping::create(alpha).value(), bins);
  for (double v : values) sketch.add(v);
  return sketch;
}

// |estimate - exact| <= alpha * exact, with room for the last bits of log() and exp().
void expect_within_alpha(double estimate, double exact, double alpha, const std::string& what) {
  EXPECT_LE(std::abs(estimate - exact), alpha * exact * (1 + 1e-9) + 1e-300)
      << what << ": estimate " << estimate << ", exact " << exact;
}

}  // namespace

TEST(DDSketch, QuantilesAreWithinAlphaOfTheExactOnesForEveryDistribution) {
  for (double alpha : {0.01, 0.002, 0.05}) {
    for (const auto& d : distributions()) {
      // Enough bins that none collapse: the guarantee is for the bins kept.
      const DDSketch sketch = sketch_of(d.values, alpha, 1 << 16);
      ASSERT_FALSE(sketch.store().collapsed()) << d.name;
      std::vector<double> sorted = d.values;
      std::sort(sorted.begin(), sorted.end());
      for (double q : many_quantiles()) {
        const auto rank =
            static_cast<size_t>(std::floor(q * static_cast<double>(sorted.size() - 1)));
        expect_within_alpha(sketch.quantile(q), sorted[rank], alpha,
                            d.name + " alpha " + std::to_string(alpha) + " q " + std::to_string(q));
      }
    }
  }
}

TEST(DDSketch, KeepsCountSumMinAndMaxExactly) {
  for (const auto& d : distributions()) {
    const DDSketch sketch = sketch_of(d.values);
    double sum = 0;
    for (double v : d.values) sum += v;
    EXPECT_EQ(sketch.count(), d.values.size()) << d.name;
    EXPECT_EQ(sketch.sum(), sum) << d.name;
    EXPECT_EQ(sketch.min(), *std::min_element(d.values.begin(), d.values.end())) << d.name;
    EXPECT_EQ(sketch.max(), *std::max_element(d.values.begin(), d.values.end())) << d.name;
    EXPECT_EQ(sketch.quantile(0), sketch.min());
    EXPECT_EQ(sketch.quantile(1), sketch.max());
    EXPECT_DOUBLE_EQ(sketch.mean(), sum / static_cast<double>(d.values.size()));
  }
}

TEST(DDSketch, ConstantSamplesComeBackExactly) {
  const DDSketch sketch = sketch_of(std::vector<double>(1000, 250000.0));
  for (double q : many_quantiles()) EXPECT_EQ(sketch.quantile(q), 250000.0) << q;
}

TEST(DDSketch, CountsZerosAndTinyValuesInTheZeroBin) {
  DDSketch sketch;
  sketch.add(0);
  sketch.add(0);
  sketch.add(std::numeric_limits<double>::denorm_min());
  for (int i = 0; i < 3; ++i) sketch.add(10);
  EXPECT_EQ(sketch.zero_count(), 3u);
  EXPECT_EQ(sketch.store().total(), 3u);
  EXPECT_EQ(sketch.quantile(0.5), 0);  // rank 2.5 of 6 is still a zero
  EXPECT_NEAR(sketch.quantile(0.7), 10, 0.1);
}

TEST(DDSketch, ClampsNegativeSamplesToZero) {
  DDSketch sketch;
  EXPECT_TRUE(sketch.add(-5));
  EXPECT_TRUE(sketch.add(20));
  EXPECT_EQ(sketch.count(), 2u);
  EXPECT_EQ(sketch.zero_count(), 1u);
  EXPECT_EQ(sketch.min(), 0);
  EXPECT_EQ(sketch.sum(), 20);
}

TEST(DDSketch, RefusesNaNAndInfinities) {
  DDSketch sketch;
  EXPECT_FALSE(sketch.add(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(sketch.add(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(sketch.add(-std::numeric_limits<double>::infinity()));
  EXPECT_TRUE(sketch.empty());
}

TEST(DDSketch, HugeValuesGoInTheTopBinAndMaxStaysExact) {
  DDSketch sketch;
  sketch.add(1);
  sketch.add(std::numeric_limits<double>::max());
  EXPECT_EQ(sketch.max(), std::numeric_limits<double>::max());
  EXPECT_EQ(sketch.quantile(1), std::numeric_limits<double>::max());
  EXPECT_TRUE(std::isfinite(sketch.quantile(0.9)));
}

TEST(DDSketch, EmptyOrOutOfRangeQuantileIsNaN) {
  DDSketch sketch;
  EXPECT_TRUE(std::isnan(sketch.quantile(0.5)));
  EXPECT_TRUE(std::isnan(sketch.min()));
  EXPECT_TRUE(std::isnan(sketch.mean()));
  sketch.add(1);
  EXPECT_TRUE(std::isnan(sketch.quantile(-0.1)));
  EXPECT_TRUE(std::isnan(sketch.quantile(1.1)));
  EXPECT_TRUE(std::isnan(sketch.quantile(std::numeric_limits<double>::quiet_NaN())));
}

TEST(DDSketch, MergeEqualsInsertingEverythingIntoOneSketch) {
  for (const auto& d : distributions()) {
    DDSketch parts[3];
    DDSketch whole;
    std::mt19937 rng(11);
    for (double v : d.values) {
      parts[rng() % 3].add(v);
      whole.add(v);
    }
    DDSketch merged;
    for (const auto& part : parts) ASSERT_TRUE(merged.merge(part).ok());

    EXPECT_EQ(merged.count(), whole.count()) << d.name;
    EXPECT_EQ(merged.zero_count(), whole.zero_count()) << d.name;
    EXPECT_EQ(merged.min(), whole.min()) << d.name;
    EXPECT_EQ(merged.max(), whole.max()) << d.name;
    // Only the order of the additions differs, so the sums agree to rounding.
    EXPECT_NEAR(merged.sum(), whole.sum(), std::abs(whole.sum()) * 1e-12) << d.name;
    EXPECT_TRUE(merged.store() == whole.store()) << d.name;
    for (double q : many_quantiles()) EXPECT_EQ(merged.quantile(q), whole.quantile(q)) << q;
  }
}

TEST(DDSketch, MergeIntoEmptyAndOfEmptyKeepsTheValues) {
  DDSketch a, empty;
  a.add(3);
  a.add(7);
  DDSketch copy = a;
  ASSERT_TRUE(copy.merge(empty).ok());
  EXPECT_TRUE(copy == a);
  ASSERT_TRUE(empty.merge(a).ok());
  EXPECT_TRUE(empty == a);
}

TEST(DDSketch, MergingDifferentAccuraciesIsAnErrorAndChangesNothing) {
  DDSketch one_percent;
  one_percent.add(5);
  DDSketch two_percent(IndexMapping::create(0.02).value());
  two_percent.add(9);
  const DDSketch before = one_percent;

  auto merged = one_percent.merge(two_percent);
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.failure().reason, "incompatible sketches");
  EXPECT_NE(merged.failure().detail.find("0.02"), std::string::npos) << merged.failure().detail;
  EXPECT_TRUE(one_percent == before);
}

TEST(DDSketch, BinLimitCollapseKeepsHighQuantilesAccurate) {
  // Log-uniform over 1 us .. 1 s spans about 690 bins at 1%; keep only 200 of them, which cover
  // the top factor of gamma^200 (about 54), the top 29% of the samples.
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> exponent(0, 6);
  std::vector<double> values;
  for (int i = 0; i < 20000; ++i) values.push_back(std::pow(10.0, exponent(rng)));
  const DDSketch sketch = sketch_of(values, 0.01, 200);

  ASSERT_TRUE(sketch.store().collapsed());
  EXPECT_LE(sketch.store().max_index() - sketch.store().min_index() + 1, 200);
  for (double q = 0.75; q <= 1.0; q += 0.001) {
    expect_within_alpha(sketch.quantile(q), exact_quantile(values, q), 0.01,
                        "q " + std::to_string(q));
  }
  // The folded low end reads as the lowest kept bin: far above the true 10th percentile.
  EXPECT_GT(sketch.quantile(0.1), 10 * exact_quantile(values, 0.1));
  EXPECT_EQ(sketch.min(), *std::min_element(values.begin(), values.end()));
}
