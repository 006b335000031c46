#include "telemetry/base64.hpp"

#include <array>

namespace liveload::telemetry {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> make_reverse() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}

constexpr std::array<int8_t, 256> kReverse = make_reverse();

}  // namespace

std::string base64_encode(const uint8_t* data, size_t size) {
  std::string out;
  out.reserve((size + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const uint32_t n = uint32_t{data[i]} << 16 | uint32_t{data[i + 1]} << 8 | data[i + 2];
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += kAlphabet[n >> 6 & 63];
    out += kAlphabet[n & 63];
  }
  if (const size_t rest = size - i; rest > 0) {
    const uint32_t n = uint32_t{data[i]} << 16 | (rest == 2 ? uint32_t{data[i + 1]} << 8 : 0);
    out += kAlphabet[n >> 18 & 63];
    out += kAlphabet[n >> 12 & 63];
    out += rest == 2 ? kAlphabet[n >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::vector<uint8_t>> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;

  std::vector<uint8_t> out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const size_t symbols = last ? 4 - padding : 4;
    uint32_t n = 0;
    for (size_t k = 0; k < 4; ++k) {
      uint32_t sextet = 0;
      if (k < symbols) {
        const int8_t v = kReverse[static_cast<uint8_t>(text[i + k])];
        if (v < 0) return std::nullopt;
        sextet = static_cast<uint32_t>(v);
      } else if (text[i + k] != '=') {
        return std::nullopt;
      }
      n = n << 6 | sextet;
    }
    // Leftover bits must be zero, so that each byte string has exactly one encoding.
    if ((symbols == 2 && (n & 0xFFFF) != 0) || (symbols == 3 && (n & 0xFF) != 0)) {
      return std::nullopt;
    }
    out.push_back(static_cast<uint8_t>(n >> 16));
    if (symbols >= 3) out.push_back(static_cast<uint8_t>(n >> 8));
    if (symbols == 4) out.push_back(static_cast<uint8_t>(n));
  }
  return out;
}

}  // namespace liveload::telemetry
