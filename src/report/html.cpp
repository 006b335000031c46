#include "report/html.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstring>

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

Failure write_failure(const std::string& path, const std::string& what) {
  return Failure{"write failed", fmt::format("cannot write {}: {}", path, what)};
}

// Through a temporary file and a rename, like result.json: a reader sees the old page or the
// whole new one.
Result<Unit> write_file(const std::string& path, const std::string& text) {
  const std::string temp = fmt::format("{}.tmp.{}", path, ::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return write_failure(path, std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return write_failure(path, why);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 || ::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return write_failure(path, why);
  }
  return ok();
}

Result<Unit> write_page(Result<std::string> page, const std::string& path) {
  if (!page) return page.failure();
  return write_file(path, page.value());
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
