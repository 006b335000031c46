#pragma once
// The telemetry block of the helper script (injected_script.hpp): what a LiveView user feels,
// measured in the page and reported through the binding. Kept apart so that a benchmark can
// install the helper without it and measure what it costs.
#include <string_view>

namespace liveload::engine {

// JavaScript statements that define `const telemetry = {flush()}` inside the helper's IIFE.
std::string_view telemetry_script();
// The same name with nothing measured.
std::string_view telemetry_script_disabled();

}  // namespace liveload::engine
