#pragma once
// Durations as people write them on the command line and in scenarios: "250ms", "5s", "2m",
// "1h", "1m30s", or a plain number of seconds ("1.5").
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace liveload {

using Micros = std::chrono::microseconds;

// Returns nothing when the text is not a duration; negative durations are rejected.
std::optional<Micros> parse_duration(std::string_view text);

// The shortest exact form for messages and result metadata: "250ms", "5s", "2m30s".
std::string format_duration(Micros d);

}  // namespace liveload
