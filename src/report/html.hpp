#pragma once
// report.html: one self-contained page (scripts and styles inlined, no network requests) that
// draws a result document: over-time charts, tables per group, distributions, failures and
// nodes; and compare.html, several runs side by side. The page is the template built from
// report/web/ and embedded in the binary; the C++ side only inserts the data, as gzip and
// base64, which the page inflates with the browser's DecompressionStream. Base64 is the only
// text inserted into the template, so nothing taken from the target can become markup.
#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "report/html_data.hpp"
#include "util/result.hpp"

namespace liveload::report {

// The page of one run. Fails (reason "bad result file") when `result` is not a document that
// validate_result accepts, and (reason "report failed") when the data cannot be compressed.
Result<std::string> render_html_report(const boost::json::value& result);

// The page comparing two or more runs; the first is the baseline that changes are measured
// against. Fails like render_html_report, naming the run's label.
Result<std::string> render_compare_report(const std::vector<ReportRun>& runs);

// render_html_report, written to `path` through a temporary file and a rename, so a failed
// write never leaves half a page. Failure reason "write failed" names the path.
Result<Unit> write_html_report(const boost::json::value& result, const std::string& path);

Result<Unit> write_compare_report(const std::vector<ReportRun>& runs, const std::string& path);

}  // namespace liveload::report
