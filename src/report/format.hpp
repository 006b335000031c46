#pragma once
// How the views print numbers and strings: durations and sizes in units people read at a
// glance, and text from the target (selectors, URLs, messages) made harmless for Markdown tables
// and terminals.
#include <cstdint>
#include <string>
#include <string_view>

namespace liveload::report {

// A value in the metric unit `unit` ("us", "bytes", "count", "ratio"): "850 us" below a
// millisecond, "12.3 ms", "1.50 s", "12 s" above ten seconds; "512 B", "1.5 KiB", "2.0 MiB";
// counts as integers when whole. "-" for NaN.
std::string format_value(double value, std::string_view unit);

// A run's length for people: "42.5 s", "3m 20s", "1h 02m 05s".
std::string format_run_duration(int64_t us);

// An offset since the start, as bucket labels: "+0s", "+15s", "+2m30s".
std::string format_offset(int64_t us);

// "12.5%", or "-" when the whole is 0.
std::string format_percent(double part, double whole);

// Byte sizes of machines: "23.4 GiB".
std::string format_bytes(double bytes);

// Text from the target, safe inside a Markdown table cell: newlines and tabs become spaces,
// other control characters are dropped, Markdown punctuation (| ` * _ [ ] < > & \ ~ #) is
// backslash-escaped, and the result is cut to `max_bytes` (on a UTF-8 boundary, with "...").
std::string md_escape(std::string_view text, size_t max_bytes = 200);

// Text from the target, safe for a terminal: control characters, C0 and C1 (escape sequences
// included), become spaces; cut to `max_bytes` like md_escape.
std::string terminal_text(std::string_view text, size_t max_bytes = 120);

}  // namespace liveload::report
