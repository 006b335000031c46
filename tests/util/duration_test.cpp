#include "util/duration.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using liveload::format_duration;
using liveload::Micros;
using liveload::parse_duration;

TEST(ParseDuration, AcceptsUnitsAndBareSeconds) {
  EXPECT_EQ(parse_duration("250ms"), Micros(250ms));
  EXPECT_EQ(parse_duration("5s"), Micros(5s));
  EXPECT_EQ(parse_duration("2m"), Micros(2min));
  EXPECT_EQ(parse_duration("1h"), Micros(1h));
  EXPECT_EQ(parse_duration("1m30s"), Micros(90s));
  EXPECT_EQ(parse_duration("1.5"), Micros(1500ms));
  EXPECT_EQ(parse_duration("0.25s"), Micros(250ms));
  EXPECT_EQ(parse_duration("10us"), Micros(10));
  EXPECT_EQ(parse_duration("0"), Micros(0));
}

TEST(ParseDuration, RejectsWhatIsNotADuration) {
  for (const char* bad : {"", "s", "5x", "-1s", "1m30", "abc", "5 s", "1e400", "5sec", "nan"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

TEST(FormatDuration, PrintsTheShortestExactForm) {
  EXPECT_EQ(format_duration(Micros(250ms)), "250ms");
  EXPECT_EQ(format_duration(Micros(90s)), "1m30s");
  EXPECT_EQ(format_duration(Micros(1h + 5s)), "1h5s");
  EXPECT_EQ(format_duration(Micros(0)), "0s");
  EXPECT_EQ(format_duration(Micros(15)), "15us");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (long long us : {1LL, 999LL, 1000LL, 1500000LL, 3600000000LL, 5400000000LL}) {
    EXPECT_EQ(parse_duration(format_duration(Micros(us))), Micros(us)) << us;
  }
}
