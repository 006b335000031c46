#pragma once
// Base64 (RFC 4648, standard alphabet, padded) for the sketches stored in result.json.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace liveload::telemetry {

std::string base64_encode(const uint8_t* data, size_t size);

// Nothing when the text is not canonical padded base64 (wrong length, a character outside the
// alphabet, misplaced padding, or non-zero bits left over in the last symbol).
std::optional<std::vector<uint8_t>> base64_decode(std::string_view text);

}  // namespace liveload::telemetry
