#include "report/markdown.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "report/format.hpp"
#include "report/histogram_stats.hpp"
#include "result_fixture.hpp"

using namespace liveload;
using namespace liveload::report;
using report::testing::SampleRun;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The cells of a table row, split on the pipes that are not escaped.
std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::string cell;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size()) {
      cell += row.substr(i, 2);
      ++i;
    } else if (row[i] == '|') {
      out.push_back(cell);
      cell.clear();
    } else {
      cell += row[i];
    }
  }
  out.push_back(cell);
  for (auto& c : out) {
    const auto first = c.find_first_not_of(' ');
    c = first == std::string::npos ? "" : c.substr(first, c.find_last_not_of(' ') - first + 1);
  }
  // A row "| a | b |" splits into "", "a", "b", "".
  if (!out.empty() && out.front().empty()) out.erase(out.begin());
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

// The row of the table under `heading` whose first cells are `key`.
std::vector<std::string> row(const std::string& md, const std::string& heading,
                             const std::vector<std::string>& key) {
  bool in_section = false;
  for (const auto& line : lines_of(md)) {
    if (line.rfind("## ", 0) == 0) in_section = line == "## " + heading;
    if (!in_section || line.empty() || line[0] != '|') continue;
    auto c = cells(line);
    if (c.size() >= key.size() && std::equal(key.begin(), key.end(), c.begin())) return c;
  }
  ADD_FAILURE() << "no row starting with " << key[0] << " under " << heading << " in\n" << md;
  return {};
}

}  // namespace

TEST(Markdown, HeaderHasTheRunFacts) {
  SampleRun run;
  const std::string md = render_markdown(run.result());
  EXPECT_NE(md.find("# LiveLoad report: counter\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- **Target:** http://127.0.0.1:4000\n"), std::string::npos);
  EXPECT_NE(md.find("- **Started:** 2026-11-01T12:00:00.000Z; **duration** 9.0 s\n"),
            std::string::npos);
  EXPECT_NE(md.find("- **Status:** completed (exit code 1)\n"), std::string::npos);
  EXPECT_NE(md.find("- **Users started:** 5\n"), std::string::npos);
  EXPECT_NE(md.find("- **Iterations:** 90 ok, 10 failed (failure rate 10.0%)\n"),
            std::string::npos);
  EXPECT_NE(md.find("- **Nodes:** 1; **bucket width** 5s\n"), std::string::npos);
  EXPECT_NE(md.find("on bench-1 (2 cores, 24.0 GiB, Linux 6.1.0 x86\\_64)"), std::string::npos);
}

TEST(Markdown, HistogramTableShowsTheDocumentsFiguresInHumanUnits) {
  SampleRun run;
  const auto doc = run.result();
  const std::string md = render_markdown(doc);

  auto it = row(md, "Timings and sizes", {"iteration.duration"});
  ASSERT_EQ(it.size(), 9u);
  EXPECT_EQ(it[1], "");     // no tags
  EXPECT_EQ(it[2], "100");  // count
  // p50 is the sample of rank 49.5, 500 ms, within 1%.
  ASSERT_EQ(it[3].substr(it[3].size() - 3), " ms");
  const double p50 = std::stod(it[3]);
  EXPECT_GE(p50, 495);
  EXPECT_LE(p50, 505);
  EXPECT_EQ(it[6], "1.00 s");  // max, exact
  EXPECT_EQ(it[7], "505 ms");  // mean, exact
  // p95, p99 and the tail ratio are those stored in the document.
  const auto& total = doc.at("metrics").get_array()[1].at("total").get_object();
  ASSERT_EQ(doc.at("metrics").get_array()[1].at("name"), "iteration.duration");
  EXPECT_EQ(it[4], format_value(number_at(total, "p95"), "us"));
  EXPECT_EQ(it[5], format_value(number_at(total, "p99"), "us"));
  EXPECT_EQ(it[8], fmt::format("{:.2f}", number_at(total, "p99") / number_at(total, "p50")));

  EXPECT_EQ(row(md, "LiveView", {"liveview.join"}),
            (std::vector<std::string>{"liveview.join", "page=/counter", "10", "250 ms", "250 ms",
                                      "250 ms", "250 ms", "250 ms", "1.00"}));
  EXPECT_EQ(row(md, "WebSocket", {"ws.frame\\_received.bytes"}),
            (std::vector<std::string>{"ws.frame\\_received.bytes", "", "4", "2.00 KiB", "2.00 KiB",
                                      "2.00 KiB", "2.00 KiB", "2.00 KiB", "1.00"}));
}

TEST(Markdown, SeveralTagSetsGetAMergedRowAndOneRowEach) {
  SampleRun run;
  const std::string md = render_markdown(run.result());
  auto all = row(md, "Timings and sizes", {"step.duration", "all"});
  ASSERT_EQ(all.size(), 9u);
  EXPECT_EQ(all[2], "20");
  EXPECT_EQ(all[6], "12.0 s");  // max
  EXPECT_EQ(all[7], "7.00 s");  // mean of ten 2 s and ten 12 s
  auto b = row(md, "Timings and sizes", {"step.duration", "step=b"});
  EXPECT_EQ(b, (std::vector<std::string>{"step.duration", "step=b", "10", "12.0 s", "12.0 s",
                                         "12.0 s", "12.0 s", "12.0 s", "1.00"}));
  EXPECT_EQ(row(md, "Timings and sizes", {"step.duration", "step=a"})[3], "2.00 s");
}

TEST(Markdown, CountersGaugesAndFailures) {
  SampleRun run;
  const std::string md = render_markdown(run.result());
  EXPECT_EQ(row(md, "Counters", {"iterations", "result=ok"}),
            (std::vector<std::string>{"iterations", "result=ok", "90"}));
  EXPECT_EQ(row(md, "Counters", {"iterations", "result=failed"})[2], "10");
  EXPECT_EQ(row(md, "Gauges", {"users.active"}),
            (std::vector<std::string>{"users.active", "", "8", "5", "8"}));
  EXPECT_EQ(row(md, "Failures", {"click"}),
            (std::vector<std::string>{"click", "\\#inc\\|x\\`y", "timeout", "3",
                                      "line1 line2 \\| \\`code\\` \\<b\\>"}));
}

TEST(Markdown, OverTimeTableHasEachBucket) {
  SampleRun run;
  const std::string md = render_markdown(run.result());
  auto first = row(md, "Over time", {"+0s"});
  ASSERT_EQ(first.size(), 10u) << md;
  EXPECT_EQ(first[1], "5");   // peak users
  EXPECT_EQ(first[2], "40");  // iterations in bucket 0
  EXPECT_EQ(first[6], "5");   // joins in bucket 0
  EXPECT_EQ(first[7], "250 ms");
  auto second = row(md, "Over time", {"+5s"});
  ASSERT_EQ(second.size(), 10u);
  EXPECT_EQ(second[1], "8");
  EXPECT_EQ(second[2], "60");
  const double p50 = std::stod(second[3]);  // rank 29.5 of 410..1000 ms: 700 ms
  EXPECT_GE(p50, 693);
  EXPECT_LE(p50, 707);
}

TEST(Markdown, EveryTableRowHasAsManyCellsAsItsHeader) {
  SampleRun run;
  const std::string md = render_markdown(run.result());
  size_t header_cells = 0;
  bool in_table = false;
  for (const auto& line : lines_of(md)) {
    if (line.empty() || line[0] != '|') {
      in_table = false;
      continue;
    }
    if (!in_table) {
      header_cells = cells(line).size();
      in_table = true;
      continue;
    }
    // Empty cells at the ends are dropped by cells(), so count the pipes instead.
    size_t pipes = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') {
        ++i;
      } else if (line[i] == '|') {
        ++pipes;
      }
    }
    EXPECT_EQ(pipes, header_cells + 1) << line;
  }
}

TEST(Markdown, LongRunsMergeBucketsIntoAtMostSixtyRows) {
  using namespace std::chrono_literals;
  Micros now{0};
  telemetry::Registry registry("n", 5s, [&now] { return now; });
  for (int b = 0; b < 600; ++b) {  // 50 minutes
    now = Micros(static_cast<int64_t>(b) * 5'000'000);
    registry.observe("iteration.duration", {}, 1000);
  }
  auto meta = report::testing::sample_meta();
  meta.duration_us = 3'000'000'000;
  const std::string md = render_markdown(build_result(meta, {registry.snapshot()}));
  EXPECT_NE(md.find("Each row merges 10 buckets of 5s."), std::string::npos) << md;
  auto first = row(md, "Over time", {"+0s"});
  EXPECT_EQ(first[1], "10");
  auto last = row(md, "Over time", {"+45m"});
  EXPECT_EQ(last[1], "10");
}

TEST(Markdown, RendersAnEmptyOrForeignDocumentWithoutCrashing) {
  EXPECT_NE(render_markdown(boost::json::object{}).find("# LiveLoad report"), std::string::npos);
  EXPECT_NE(render_markdown(boost::json::value(42)).find("No failures."), std::string::npos);
  boost::json::object odd = {{"metrics", {1, "x", {{"name", "m"}, {"kind", "histogram"}}}}};
  EXPECT_NE(render_markdown(odd).find("| m |"), std::string::npos);
  EXPECT_FALSE(render_summary(odd).empty());
}

TEST(Summary, HasTheSameFiguresInAFewLines) {
  SampleRun run;
  const std::string text = render_summary(run.result());
  const auto lines = lines_of(text);
  EXPECT_LE(lines.size(), 10u) << text;
  EXPECT_EQ(lines[0],
            "LiveLoad: counter completed in 9.0 s against http://127.0.0.1:4000 (exit code 1)");
  EXPECT_EQ(lines[1], "  users started 5; iterations 90 ok, 10 failed (failure rate 10.0%)");
  EXPECT_NE(
      text.find("  liveview.join       n=10  p50 250 ms  p95 250 ms  p99 250 ms  max 250 ms\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("  step.duration       n=20  "), std::string::npos) << text;
  EXPECT_NE(text.find("  failures: 3 in 1 kind:\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    x3 click #inc|x`y: timeout - line1 line2 | `code` <b>\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST(Summary, NeutralisesTerminalEscapesFromTheTarget) {
  Micros now{0};
  using namespace std::chrono_literals;
  telemetry::Registry registry("n", 5s, [&now] { return now; });
  registry.failure("click", "\x1b[2J", "timeout", "\x1b]0;owned\x07 done");
  const std::string text =
      render_summary(build_result(report::testing::sample_meta(), {registry.snapshot()}));
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_EQ(text.find('\x07'), std::string::npos) << text;
}
