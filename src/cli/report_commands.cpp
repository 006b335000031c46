#include "cli/report_commands.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "report/html.hpp"
#include "report/result.hpp"
#include "runner/run.hpp"

namespace liveload::cli {

namespace {

struct ReportArgs {
  std::string result;
  std::string out;
};

struct CompareArgs {
  std::vector<std::string> results;
  std::string out = "compare.html";
};

[[noreturn]] void fail(const Failure& failure) {
  const int code =
      failure.reason == "write failed" ? runner::kExitResultsNotWritten : runner::kExitBadInput;
  throw CLI::RuntimeError(failure.detail, code);
}

void report(const ReportArgs& args) {
  auto doc = report::read_result_file(args.result);
  if (!doc) fail(doc.failure());
  const std::string out =
      args.out.empty() ? (std::filesystem::path(args.result).parent_path() / "report.html").string()
                       : args.out;
  if (auto written = report::write_html_report(doc.value(), out); !written) {
    fail(written.failure());
  }
  std::cout << out << "\n";
}

void compare(const CompareArgs& args) {
  // Every file is read before any page is written, so one bad file writes nothing.
  std::vector<boost::json::value> docs;
  docs.reserve(args.results.size());
  for (const auto& path : args.results) {
    auto doc = report::read_result_file(path);
    if (!doc) fail(doc.failure());
    docs.push_back(std::move(doc.value()));
  }
  std::vector<report::ReportRun> runs;
  for (size_t i = 0; i < docs.size(); ++i) runs.push_back({args.results[i], &docs[i]});
  if (auto written = report::write_compare_report(runs, args.out); !written) {
    fail(written.failure());
  }
  std::cout << args.out << "\n";
}

}  // namespace

void add_report_commands(CLI::App& app) {
  auto report_args = std::make_shared<ReportArgs>();
  auto* r = app.add_subcommand("report", "Write the HTML report of a saved result.json");
  r->add_option("result", report_args->result, "result.json of a run")->required();
  r->add_option("--out,-o", report_args->out,
                "Where to write the page (default: report.html next to the result)");
  r->callback([report_args] { report(*report_args); });

  auto compare_args = std::make_shared<CompareArgs>();
  auto* c = app.add_subcommand("compare", "Write one HTML page comparing two or more runs");
  c->add_option("results", compare_args->results, "result.json files; the first is the baseline")
      ->required()
      ->expected(2, -1);
  c->add_option("--out,-o", compare_args->out, "Where to write the page (default compare.html)");
  c->callback([compare_args] { compare(*compare_args); });
}

}  // namespace liveload::cli
