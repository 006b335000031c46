#include "report/format.hpp"

#include <fmt/format.h>

#include <cmath>

#include "util/duration.hpp"

namespace liveload::report {

namespace {

std::string three_digits(double v) {
  if (v >= 100) return fmt::format("{:.0f}", v);
  if (v >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.2f}", v);
}

std::string format_micros(double us) {
  if (us < 1000) return fmt::format("{:.0f} us", us);
  const double ms = us / 1000;
  if (ms < 1000) return three_digits(ms) + " ms";
  const double s = ms / 1000;
  if (s < 10) return fmt::format("{:.2f} s", s);
  if (s < 100) return fmt::format("{:.1f} s", s);
  return fmt::format("{:.0f} s", s);
}

std::string format_count(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.2f}", v);
}

// Cuts `text` to at most `max_bytes`, never inside a UTF-8 sequence.
std::string_view cut(std::string_view text, size_t max_bytes, bool& was_cut) {
  was_cut = text.size() > max_bytes;
  if (!was_cut) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

std::string format_bytes(double bytes) {
  if (bytes < 1024) return fmt::format("{:.0f} B", bytes);
  if (bytes < 1024.0 * 1024) return three_digits(bytes / 1024) + " KiB";
  if (bytes < 1024.0 * 1024 * 1024) return three_digits(bytes / (1024.0 * 1024)) + " MiB";
  return three_digits(bytes / (1024.0 * 1024 * 1024)) + " GiB";
}

std::string format_value(double value, std::string_view unit) {
  if (!std::isfinite(value)) return "-";
  if (unit == "us") return format_micros(value);
  if (unit == "bytes") return format_bytes(value);
  if (unit == "ratio") return fmt::format("{:.3f}", value);
  return format_count(value);
}

std::string format_run_duration(int64_t us) {
  const double s = static_cast<double>(us) / 1e6;
  if (s < 60) return fmt::format("{:.1f} s", s);
  const auto total = static_cast<int64_t>(std::llround(s));
  const int64_t h = total / 3600;
  const int64_t m = total / 60 % 60;
  const int64_t sec = total % 60;
  if (h > 0) return fmt::format("{}h {:02}m {:02}s", h, m, sec);
  return fmt::format("{}m {:02}s", m, sec);
}

std::string format_offset(int64_t us) {
  if (us < 0) return "-" + format_duration(Micros(-us));
  return "+" + format_duration(Micros(us));
}

std::string format_percent(double part, double whole) {
  if (!(whole > 0)) return "-";
  return fmt::format("{:.1f}%", 100 * part / whole);
}

std::string md_escape(std::string_view text, size_t max_bytes) {
  bool was_cut = false;
  const std::string_view kept = cut(text, max_bytes, was_cut);
  std::string out;
  out.reserve(kept.size() + 8);
  for (size_t i = 0; i < kept.size(); ++i) {
    const char c = kept[i];
    if (c == '\r' && i + 1 < kept.size() && kept[i + 1] == '\n') continue;
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      continue;
    } else if (std::string_view("|`*_[]<>&\\~#").find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  if (was_cut) out += "...";
  return out;
}

std::string terminal_text(std::string_view text, size_t max_bytes) {
  bool was_cut = false;
  const std::string_view kept = cut(text, max_bytes, was_cut);
  std::string out(kept);
  for (size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c < 0x20 || c == 0x7F) out[i] = ' ';
    // U+0080..U+009F, the C1 controls, include CSI, which some terminals obey.
    const bool c1 = c == 0xC2 && i + 1 < out.size() &&
                    static_cast<unsigned char>(out[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(out[i + 1]) <= 0x9F;
    if (c1) out.replace(i, 2, " ");
  }
  if (was_cut) out += "...";
  return out;
}

}  // namespace liveload::report
