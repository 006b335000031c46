#include "engine/browser/stderr_tail.hpp"

#include <gtest/gtest.h>

namespace liveload::engine {
namespace {

TEST(StderrTail, KeepsTheLastLinesWithinItsCapacity) {
  StderrTail tail(32);
  for (int i = 0; i < 20; ++i) tail.append("line " + std::to_string(i) + "\n");
  const auto text = tail.text();
  EXPECT_LE(text.size(), 32u);
  EXPECT_EQ(text.substr(text.size() - 7), "line 19");
  EXPECT_EQ(text.find("line 1\n"), std::string::npos);
}

TEST(StderrTail, DropsDbusNoiseAndJoinsLastLines) {
  StderrTail tail;
  tail.append("[1:2:ERROR:dbus/bus.cc:405] Failed to connect to the bus\n");
  tail.append("real problem one\nreal pro");
  tail.append("blem two\n");
  EXPECT_EQ(tail.text(), "real problem one\nreal problem two");
  EXPECT_EQ(tail.last_lines(1), "real problem two");
  EXPECT_EQ(tail.last_lines(5), "real problem one | real problem two");
}

TEST(StderrTail, DropsTheDebianWrappersShellComplaint) {
  StderrTail tail;
  tail.append("/usr/bin/chromium: 9: [: 25276071936: unexpected operator\n");
  tail.append("Trace/breakpoint trap\n");
  EXPECT_EQ(tail.text(), "Trace/breakpoint trap");
}

TEST(StderrTail, BoundsAnEndlessLine) {
  StderrTail tail(16);
  for (int i = 0; i < 100; ++i) tail.append("xxxxxxxxxx");
  EXPECT_LE(tail.text().size(), 16u);
}

}  // namespace
}  // namespace liveload::engine
