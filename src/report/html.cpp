#include "report/html.hpp"

#include <fmt/format.h>

#include <boost/json/serialize.hpp>

#include "report/html_page.hpp"
#include "report/result.hpp"
#include "telemetry/base64.hpp"

namespace liveload::report {

namespace {

Result<std::string> page_of(const std::vector<ReportRun>& runs, std::string_view view) {
  for (const auto& run : runs) {
    if (run.result == nullptr) return Failure{"bad result file", run.label + ": no document"};
    if (auto valid = validate_result(*run.result, run.label); !valid) return valid.failure();
  }
  const std::string json = boost::json::serialize(html_data(runs, view));
  auto packed = gzip(json);
  if (!packed) return packed.failure();
  const auto& bytes = packed.value();
  const std::string base64 =
      telemetry::base64_encode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return insert_data(html_template(), base64);
}

Result<Unit> write_page(Result<std::string> page, const std::string& path) {
  if (!page) return page.failure();
  return write_text_file(path, page.value());
}

}  // namespace

Result<std::string> render_html_report(const boost::json::value& result) {
  return page_of({ReportRun{"result", &result}}, "report");
}

Result<std::string> render_compare_report(const std::vector<ReportRun>& runs) {
  if (runs.size() < 2) {
    return Failure{"report failed", "a comparison needs at least two results"};
  }
  return page_of(runs, "compare");
}

Result<Unit> write_html_report(const boost::json::value& result, const std::string& path) {
  return write_page(render_html_report(result), path);
}

Result<Unit> write_compare_report(const std::vector<ReportRun>& runs, const std::string& path) {
  return write_page(render_compare_report(runs), path);
}

}  // namespace liveload::report
