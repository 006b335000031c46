#pragma once
// The last few kilobytes a browser wrote to stderr, kept to explain why it failed. Chromium on a
// machine without D-Bus logs a stream of harmless "dbus/..." errors; those lines are dropped so
// that the lines that matter survive in the small buffer.
#include <cstddef>
#include <string>
#include <string_view>

namespace liveload::engine {

class StderrTail {
 public:
  explicit StderrTail(std::size_t capacity = 4096) : capacity_(capacity) {}

  void append(std::string_view bytes);

  // The kept lines, oldest first, without a trailing newline; "" when nothing was kept.
  std::string text() const;
  // The last `n` lines joined by " | ", for one-line error messages.
  std::string last_lines(std::size_t n) const;

 private:
  void keep_line(std::string_view line);

  std::size_t capacity_;
  std::string kept_;     // complete lines, each ending in '\n'
  std::string partial_;  // a line whose newline has not arrived yet
};

}  // namespace liveload::engine
