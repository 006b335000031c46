#include "telemetry/bin_store.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

using liveload::telemetry::BinStore;

TEST(BinStore, CountsPerIndexLikeAMap) {
  BinStore store;
  std::map<int32_t, uint64_t> oracle;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> index(-300, 300);
  for (int i = 0; i < 5000; ++i) {
    const int32_t k = index(rng);
    store.add(k);
    ++oracle[k];
  }
  EXPECT_EQ(store.total(), 5000u);
  EXPECT_FALSE(store.collapsed());
  EXPECT_EQ(store.min_index(), oracle.begin()->first);
  EXPECT_EQ(store.max_index(), oracle.rbegin()->first);
  for (int32_t k = -310; k <= 310; ++k) EXPECT_EQ(store.count(k), oracle[k]) << k;
}

TEST(BinStore, IndexAtRankFindsTheBinOfThatRank) {
  BinStore store;
  store.add(10, 3);  // ranks 0..2
  store.add(12, 1);  // rank 3
  store.add(20, 2);  // ranks 4..5
  EXPECT_EQ(store.index_at_rank(0), 10);
  EXPECT_EQ(store.index_at_rank(2.9), 10);
  EXPECT_EQ(store.index_at_rank(3), 12);
  EXPECT_EQ(store.index_at_rank(4), 20);
  EXPECT_EQ(store.index_at_rank(5), 20);
  EXPECT_EQ(store.index_at_rank(99), 20);
}

TEST(BinStore, CollapsesTheLowestBinsWhenTheTopGrowsPastTheLimit) {
  BinStore store(4);
  for (int32_t k = 0; k < 4; ++k) store.add(k, 10);
  EXPECT_FALSE(store.collapsed());
  store.add(5, 1);  // span 0..5 exceeds 4 bins: 0, 1 and 2 fold into 2
  EXPECT_TRUE(store.collapsed());
  EXPECT_EQ(store.min_index(), 2);
  EXPECT_EQ(store.max_index(), 5);
  EXPECT_EQ(store.count(2), 30u);
  EXPECT_EQ(store.count(3), 10u);
  EXPECT_EQ(store.count(5), 1u);
  EXPECT_EQ(store.total(), 41u);
}

TEST(BinStore, CountsValuesBelowTheKeptSpanInItsLowestBin) {
  BinStore store(4);
  store.add(100);
  store.add(97);
  store.add(50, 2);  // would stretch the span to 51 bins: counted at 97 instead
  EXPECT_TRUE(store.collapsed());
  EXPECT_EQ(store.min_index(), 97);
  EXPECT_EQ(store.count(97), 3u);
  EXPECT_EQ(store.count(50), 0u);
  EXPECT_EQ(store.total(), 4u);
}

TEST(BinStore, NeverHoldsMoreBinsThanItsLimit) {
  BinStore store(16);
  std::mt19937 rng(3);
  std::uniform_int_distribution<int32_t> index(-1000, 1000);
  for (int i = 0; i < 2000; ++i) {
    store.add(index(rng));
    ASSERT_LE(store.max_index() - store.min_index() + 1, 16);
  }
  EXPECT_EQ(store.total(), 2000u);
}

TEST(BinStore, MergeAddsEveryBin) {
  BinStore a, b, both;
  for (int32_t k = 0; k < 50; ++k) {
    a.add(k, 2);
    both.add(k, 2);
  }
  for (int32_t k = 30; k < 90; ++k) {
    b.add(k, 3);
    both.add(k, 3);
  }
  a.merge(b);
  EXPECT_TRUE(a == both);
}

TEST(BinStore, MergeIntoASmallerLimitCollapsesLikeAdding) {
  BinStore small(8), wide;
  for (int32_t k = 0; k < 20; ++k) wide.add(k);
  small.merge(wide);
  EXPECT_TRUE(small.collapsed());
  EXPECT_EQ(small.min_index(), 12);
  EXPECT_EQ(small.max_index(), 19);
  EXPECT_EQ(small.count(12), 13u);
  EXPECT_EQ(small.total(), 20u);
}

TEST(BinStore, MergeOfOverlappingCollapsedStoresEqualsAddingEverything) {
  std::mt19937 rng(17);
  std::uniform_int_distribution<int32_t> index(-500, 500);
  BinStore a(64), b(64), both(64);
  std::vector<int32_t> b_indexes;
  for (int i = 0; i < 3000; ++i) {
    const int32_t k = index(rng);
    (i % 2 == 0 ? a : b).add(k);
    if (i % 2 != 0) b_indexes.push_back(k);
  }
  // Adding to a copy of `a` what went to `b` is what merging must equal, bins and all, as long as
  // both end up spanning the same top: everything at or below the kept span lands in its lowest
  // bin either way.
  BinStore expected = a;
  for (int32_t k : b_indexes) expected.add(k);
  a.merge(b);
  EXPECT_EQ(a.total(), 3000u);
  EXPECT_TRUE(a.collapsed());
  EXPECT_EQ(a.max_index(), expected.max_index());
  EXPECT_EQ(a.min_index(), expected.min_index());
  for (int32_t k = a.min_index(); k <= a.max_index(); ++k)
    EXPECT_EQ(a.count(k), expected.count(k)) << k;
}
