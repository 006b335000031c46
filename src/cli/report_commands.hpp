#pragma once
// `liveload report` and `liveload compare`: the HTML views of saved result files.
#include <CLI/CLI.hpp>

namespace liveload::cli {

// Registers on `app`:
//   liveload report RESULT.json [-o report.html]   (default: report.html next to RESULT.json)
//   liveload compare A.json B.json [...] [-o compare.html]
// Each prints the path it wrote. A missing, truncated or corrupt result file throws
// CLI::RuntimeError with exit code 2 and a message naming the file and what is wrong; a page
// that cannot be written, exit code 5 and the path.
void add_report_commands(CLI::App& app);

}  // namespace liveload::cli
