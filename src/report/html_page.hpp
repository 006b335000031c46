#pragma once
// How the data gets into the page template: compressed with gzip, which the browser's
// DecompressionStream reads, then base64, whose alphabet can close no tag.
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace liveload::report {

// Where the template holds the data: the text of its one data <script> element.
inline constexpr std::string_view kHtmlDataMarker = "@@LIVELOAD_REPORT_DATA@@";

// The report page template, built from report/web/ and embedded at build time.
std::string_view html_template();

// gzip (RFC 1952) of `bytes`; fails (reason "report failed") only when zlib does.
Result<std::string> gzip(std::string_view bytes);

// `page_template` with its one marker replaced by `base64`, which must hold base64 only. Fails
// (reason "report failed") when the template does not hold the marker exactly once, or
// `base64` holds a character outside the base64 alphabet.
Result<std::string> insert_data(std::string_view page_template, std::string_view base64);

}  // namespace liveload::report
