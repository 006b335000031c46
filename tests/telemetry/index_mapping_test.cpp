#include "telemetry/index_mapping.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using liveload::telemetry::IndexMapping;

TEST(IndexMapping, RejectsAccuracyOutsideTheOpenUnitIntervalWithTheReason) {
  for (double bad : {0.0, -0.01, 1.0, 1.5, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    auto mapping = IndexMapping::create(bad);
    ASSERT_FALSE(mapping.ok()) << bad;
    EXPECT_EQ(mapping.failure().reason, "invalid accuracy");
    EXPECT_NE(mapping.failure().detail.find("between 0 and 1"), std::string::npos)
        << mapping.failure().detail;
  }
}

TEST(IndexMapping, RejectsAccuracyTooSmallForInt32Indexes) {
  for (double tiny : {1e-300, 1e-12, 9e-7}) {
    auto mapping = IndexMapping::create(tiny);
    ASSERT_FALSE(mapping.ok()) << tiny;
    EXPECT_NE(mapping.failure().detail.find("too small"), std::string::npos);
  }
  EXPECT_TRUE(IndexMapping::create(1e-6).ok());
}

TEST(IndexMapping, EveryValueIsWithinAlphaOfItsBinsRepresentative) {
  for (double alpha : {1e-6, 0.001, 0.01, 0.05, 0.5}) {
    auto mapping = IndexMapping::create(alpha);
    ASSERT_TRUE(mapping.ok());
    const IndexMapping& m = mapping.value();
    for (double x = m.min_indexable(); x < m.max_indexable(); x *= 1.37) {
      const double representative = m.value(m.index(x));
      EXPECT_LE(std::abs(representative - x), alpha * x * (1 + 1e-9)) << alpha << " " << x;
    }
    const double top = m.max_indexable();
    EXPECT_LE(std::abs(m.value(m.index(top)) - top), alpha * top * (1 + 1e-9));
    EXPECT_TRUE(std::isfinite(m.value(m.index(top))));
  }
}

TEST(IndexMapping, BinsAreContiguousAndOrdered) {
  const IndexMapping m;
  for (double x = 1e-6; x < 1e12; x *= 1.011) {
    const int32_t i = m.index(x);
    EXPECT_LT(m.lower_bound(i), x * (1 + 1e-12));
    EXPECT_GE(m.lower_bound(i + 1), x * (1 - 1e-12));
    EXPECT_LE(m.index(x), m.index(x * 1.0001));
  }
}

TEST(IndexMapping, DefaultIsOnePercent) {
  EXPECT_EQ(IndexMapping().relative_accuracy(), 0.01);
  EXPECT_DOUBLE_EQ(IndexMapping().gamma(), 1.01 / 0.99);
  EXPECT_TRUE(IndexMapping() == IndexMapping::create(0.01).value());
  EXPECT_FALSE(IndexMapping() == IndexMapping::create(0.02).value());
}
