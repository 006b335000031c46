#include "engine/wire/path.hpp"

#include <algorithm>

namespace liveload::engine::wire {

namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The part of `url` from the path on: a scheme and authority ("http://host:port", or the
// protocol-relative "//host") are skipped.
std::string_view without_origin(std::string_view url) {
  std::size_t from = 0;
  const auto scheme_end = url.find("://");
  if (scheme_end != std::string_view::npos && scheme_end < url.find_first_of("/?#")) {
    from = scheme_end + 3;
  } else if (url.starts_with("//")) {
    from = 2;
  } else {
    return url;
  }
  const auto path_start = url.find_first_of("/?#", from);
  return path_start == std::string_view::npos ? std::string_view{} : url.substr(path_start);
}

// The path of `url` without its query string and fragment.
std::string_view raw_path(std::string_view url) {
  const auto path = without_origin(url);
  return path.substr(0, path.find_first_of("?#"));
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_here ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

// 16 hex digits is where hex stops being a plausible word; requiring a digit keeps words made
// only of a-f letters.
bool is_hex_id(std::string_view s) {
  return s.size() >= 16 && std::all_of(s.begin(), s.end(), is_hex) &&
         std::any_of(s.begin(), s.end(), is_digit);
}

bool is_id(std::string_view segment) {
  const bool numeric = std::all_of(segment.begin(), segment.end(), is_digit);
  return numeric || is_uuid(segment) || is_hex_id(segment);
}

// Cuts `path` to at most `limit` bytes without splitting a UTF-8 sequence or leaving a
// trailing slash.
void cut_at_boundary(std::string& path, std::size_t limit) {
  if (path.size() <= limit) return;
  std::size_t end = limit;
  while (end > 1 && (static_cast<unsigned char>(path[end]) & 0xC0) == 0x80) --end;
  while (end > 1 && path[end - 1] == '/') --end;
  path.resize(end);
}

}  // namespace

std::string normalize_path(std::string_view url_or_path) {
  const auto path = raw_path(url_or_path);
  std::string out;
  std::size_t start = 0;
  while (start <= path.size() && out.size() <= kMaxPathTagBytes) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (!segment.empty()) {
      out += '/';
      out += is_id(segment) ? std::string_view(":id") : segment;
    }
    start = end + 1;
  }
  if (out.empty()) return std::string(1, '/');
  cut_at_boundary(out, kMaxPathTagBytes);
  return out;
}

std::string socket_path(std::string_view url) {
  return normalize_path(url);
}

bool is_longpoll_url(std::string_view url) {
  auto path = raw_path(url);
  while (path.ends_with('/')) path.remove_suffix(1);
  return path.ends_with("/longpoll");
}

}  // namespace liveload::engine::wire
