#include "engine/wire/bounded_map.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace liveload::engine::wire {
namespace {

std::vector<int> keys_of(const BoundedMap<int, std::string>& map) {
  std::vector<int> keys;
  map.for_each([&](int key, const std::string&) { keys.push_back(key); });
  return keys;
}

TEST(BoundedMap, EvictsTheOldestEntryWhenFull) {
  BoundedMap<int, std::string> map(2);
  EXPECT_EQ(map.put(1, "a"), 0u);
  EXPECT_EQ(map.put(2, "b"), 0u);
  EXPECT_EQ(map.put(3, "c"), 1u);
  EXPECT_EQ(map.size(), 2u);
  EXPECT_EQ(map.find(1), nullptr);
  EXPECT_EQ(keys_of(map), (std::vector<int>{2, 3}));
}

TEST(BoundedMap, ReplacingAKeyMakesItNewestWithoutEvicting) {
  BoundedMap<int, std::string> map(2);
  map.put(1, "a");
  map.put(2, "b");
  EXPECT_EQ(map.put(1, "a2"), 0u);
  EXPECT_EQ(*map.find(1), "a2");
  EXPECT_EQ(map.put(3, "c"), 1u);
  EXPECT_EQ(keys_of(map), (std::vector<int>{1, 3}));
}

TEST(BoundedMap, TakeRemovesAndReturnsTheValue) {
  BoundedMap<int, std::string> map(4);
  map.put(7, "seven");
  EXPECT_EQ(map.take(7), "seven");
  EXPECT_EQ(map.take(7), std::nullopt);
  EXPECT_EQ(map.size(), 0u);
}

TEST(BoundedMap, EntriesTakenOutOfOrderFreeTheirPlace) {
  BoundedMap<int, std::string> map(3);
  map.put(1, "a");
  map.put(2, "b");
  map.put(3, "c");
  map.erase(2);
  EXPECT_EQ(map.put(4, "d"), 0u);
  EXPECT_EQ(keys_of(map), (std::vector<int>{1, 3, 4}));
}

TEST(BoundedMap, ZeroCapacityStillHoldsOneEntry) {
  BoundedMap<int, std::string> map(0);
  EXPECT_EQ(map.capacity(), 1u);
  map.put(1, "a");
  EXPECT_EQ(map.put(2, "b"), 1u);
  EXPECT_EQ(keys_of(map), (std::vector<int>{2}));
}

}  // namespace
}  // namespace liveload::engine::wire
