#include "report/format.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace liveload::report;

TEST(FormatValue, PrintsDurationsInHumanUnits) {
  EXPECT_EQ(format_value(850, "us"), "850 us");
  EXPECT_EQ(format_value(1234, "us"), "1.23 ms");
  EXPECT_EQ(format_value(12345, "us"), "12.3 ms");
  EXPECT_EQ(format_value(250'000, "us"), "250 ms");
  EXPECT_EQ(format_value(1'500'000, "us"), "1.50 s");
  EXPECT_EQ(format_value(12'000'000, "us"), "12.0 s");
  EXPECT_EQ(format_value(150'000'000, "us"), "150 s");
}

TEST(FormatValue, PrintsSizesInBinaryUnits) {
  EXPECT_EQ(format_value(512, "bytes"), "512 B");
  EXPECT_EQ(format_value(1536, "bytes"), "1.50 KiB");
  EXPECT_EQ(format_value(200 * 1024, "bytes"), "200 KiB");
  EXPECT_EQ(format_value(2 * 1024 * 1024, "bytes"), "2.00 MiB");
  EXPECT_EQ(format_value(3.0 * 1024 * 1024 * 1024, "bytes"), "3.00 GiB");
}

TEST(FormatValue, PrintsCountsRatiosAndMissingValues) {
  EXPECT_EQ(format_value(42, "count"), "42");
  EXPECT_EQ(format_value(2.5, "count"), "2.50");
  EXPECT_EQ(format_value(0.12345, "ratio"), "0.123");
  EXPECT_EQ(format_value(std::nan(""), "us"), "-");
  EXPECT_EQ(format_value(INFINITY, "count"), "-");
}

TEST(FormatRunDuration, ReadsAtAGlance) {
  EXPECT_EQ(format_run_duration(42'500'000), "42.5 s");
  EXPECT_EQ(format_run_duration(200'000'000), "3m 20s");
  EXPECT_EQ(format_run_duration(3'725'000'000), "1h 02m 05s");
  EXPECT_EQ(format_offset(0), "+0s");
  EXPECT_EQ(format_offset(150'000'000), "+2m30s");
  EXPECT_EQ(format_percent(1, 8), "12.5%");
  EXPECT_EQ(format_percent(0, 0), "-");
}

TEST(MdEscape, KeepsTablesIntact) {
  EXPECT_EQ(md_escape("#inc"), "\\#inc");
  EXPECT_EQ(md_escape("a|b"), "a\\|b");
  EXPECT_EQ(md_escape("`x`"), "\\`x\\`");
  EXPECT_EQ(md_escape("one\ntwo\r\nthree\rfour\tfive"), "one two three four five");
  EXPECT_EQ(md_escape("<img src=x onerror=alert(1)>"), "\\<img src=x onerror=alert(1)\\>");
  EXPECT_EQ(md_escape("*a* _b_ [c](d) ~e~ &amp; \\"),
            "\\*a\\* \\_b\\_ \\[c\\](d) \\~e\\~ \\&amp; \\\\");
  EXPECT_EQ(md_escape(std::string("bell\a!", 6)), "bell!");
  EXPECT_EQ(md_escape("plain /counter"), "plain /counter");
}

TEST(MdEscape, CutsLongTextOnACharacterBoundary) {
  const std::string text =
      "ab\xC3\xA9"
      "cd";                                // "abécd"
  EXPECT_EQ(md_escape(text, 3), "ab...");  // never half of the é
  EXPECT_EQ(md_escape(text, 4), "ab\xC3\xA9...");
  EXPECT_EQ(md_escape(text, 6), text);
}

TEST(TerminalText, ReplacesControlCharacters) {
  EXPECT_EQ(terminal_text("red \x1b[31mtext\x1b[0m\n"), "red  [31mtext [0m ");
  EXPECT_EQ(terminal_text("csi \xC2\x9B"
                          "2J"),
            "csi  2J");
  EXPECT_EQ(terminal_text("caf\xC3\xA9"), "caf\xC3\xA9");
}
