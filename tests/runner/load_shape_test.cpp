#include "runner/load_shape.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using liveload::Micros;
using liveload::runner::ClosedModel;

TEST(ClosedModel, StartsUsersEvenlyOverTheRampUp) {
  ClosedModel shape(4, Micros(8s), Micros(60s), std::nullopt);
  EXPECT_EQ(shape.start_offset(0), Micros(0s));
  EXPECT_EQ(shape.start_offset(1), Micros(2s));
  EXPECT_EQ(shape.start_offset(2), Micros(4s));
  EXPECT_EQ(shape.start_offset(3), Micros(6s));
}

TEST(ClosedModel, StartsEveryoneAtOnceWithoutRampUp) {
  ClosedModel shape(3, Micros(0), Micros(60s), std::nullopt);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(shape.start_offset(i), Micros(0)) << i;
}

TEST(ClosedModel, StopsNewIterationsWhenTheDurationEnds) {
  ClosedModel shape(1, Micros(0), Micros(10s), std::nullopt);
  EXPECT_TRUE(shape.may_start_iteration(1000, Micros(9999ms)));
  EXPECT_FALSE(shape.may_start_iteration(0, Micros(10s)));
  EXPECT_EQ(shape.end(), Micros(10s));
}

TEST(ClosedModel, StopsAUserAfterItsIterations) {
  ClosedModel shape(2, Micros(0), std::nullopt, 3);
  EXPECT_TRUE(shape.may_start_iteration(2, Micros(1h)));
  EXPECT_FALSE(shape.may_start_iteration(3, Micros(0)));
  EXPECT_FALSE(shape.end().has_value());
}

TEST(ClosedModel, WhicheverLimitComesFirstWins) {
  ClosedModel shape(1, Micros(0), Micros(5s), 100);
  EXPECT_FALSE(shape.may_start_iteration(100, Micros(1s)));
  EXPECT_FALSE(shape.may_start_iteration(1, Micros(5s)));
  EXPECT_TRUE(shape.may_start_iteration(99, Micros(4s)));
}
