#include "util/duration.hpp"

#include <charconv>
#include <cmath>

namespace liveload {

namespace {

std::optional<double> unit_micros(std::string_view unit) {
  if (unit == "us") return 1.0;
  if (unit == "ms") return 1e3;
  if (unit == "s" || unit.empty()) return 1e6;
  if (unit == "m") return 60e6;
  if (unit == "h") return 3600e6;
  return std::nullopt;
}

}  // namespace

std::optional<Micros> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;

  double total = 0;
  bool bare_number_seen = false;
  while (!text.empty()) {
    double number = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc{} || number < 0 || !std::isfinite(number)) return std::nullopt;
    text.remove_prefix(static_cast<size_t>(end - text.data()));

    size_t unit_len = 0;
    while (unit_len < text.size() && text[unit_len] >= 'a' && text[unit_len] <= 'z') ++unit_len;
    auto scale = unit_micros(text.substr(0, unit_len));
    if (!scale) return std::nullopt;
    // A bare number is only allowed alone: "1m30" is ambiguous.
    if (unit_len == 0 && (bare_number_seen || total > 0 || !text.empty())) return std::nullopt;
    if (unit_len == 0) bare_number_seen = true;
    text.remove_prefix(unit_len);
    total += number * *scale;
  }
  if (total > 1e15) return std::nullopt;
  return Micros(static_cast<long long>(std::llround(total)));
}

std::string format_duration(Micros d) {
  long long us = d.count();
  if (us == 0) return "0s";
  if (us % 1000 != 0) return std::to_string(us) + "us";
  long long ms = us / 1000;
  if (ms % 1000 != 0) return std::to_string(ms) + "ms";
  long long s = ms / 1000;
  std::string out;
  if (s >= 3600) {
    out += std::to_string(s / 3600) + "h";
    s %= 3600;
  }
  if (s >= 60) {
    out += std::to_string(s / 60) + "m";
    s %= 60;
  }
  if (s > 0) out += std::to_string(s) + "s";
  return out;
}

}  // namespace liveload
