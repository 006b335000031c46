#include "report/html_page.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <limits>

namespace liveload::report {

namespace {

Failure report_failed(const std::string& what) {
  return Failure{"report failed", "cannot build the HTML report: " + what};
}

}  // namespace

Result<std::string> gzip(std::string_view bytes) {
  if (bytes.size() > std::numeric_limits<uInt>::max()) {
    return report_failed(
        fmt::format("{} bytes of data are more than zlib takes at once", bytes.size()));
  }
  z_stream z{};
  // 15 window bits, plus 16 for a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return report_failed("zlib did not start");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) return report_failed(fmt::format("zlib failed ({})", status));
  return out;
}

Result<std::string> insert_data(std::string_view page_template, std::string_view base64) {
  const size_t at = page_template.find(kHtmlDataMarker);
  if (at == std::string_view::npos ||
      page_template.find(kHtmlDataMarker, at + 1) != std::string_view::npos) {
    return report_failed("the page template must hold its data marker exactly once");
  }
  // Base64 cannot end the <script> element that holds it; anything else might.
  const auto bad =
      base64.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
  if (bad != std::string_view::npos) {
    return report_failed(fmt::format("the data holds a byte outside base64 at {}", bad));
  }
  std::string page;
  page.reserve(page_template.size() + base64.size());
  page.append(page_template.substr(0, at));
  page.append(base64);
  page.append(page_template.substr(at + kHtmlDataMarker.size()));
  return page;
}

}  // namespace liveload::report
