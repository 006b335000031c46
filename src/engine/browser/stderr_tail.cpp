#include "engine/browser/stderr_tail.hpp"

#include <vector>

namespace liveload::engine {

namespace {

// Debian's /usr/bin/chromium is a shell wrapper; on machines where `findmnt` prints more than
// one line its /etc/chromium.d/dev-shm check fails with "/usr/bin/chromium: 9: [: ...: unexpected
// operator" on every start, which says nothing about why a browser died.
bool is_wrapper_noise(std::string_view line) {
  return line.find(": [: ") != std::string_view::npos &&
         line.find("unexpected operator") != std::string_view::npos;
}

bool is_noise(std::string_view line) {
  return line.find(":ERROR:dbus/") != std::string_view::npos ||
         line.find(":ERROR:dbus_") != std::string_view::npos || is_wrapper_noise(line);
}

}  // namespace

void StderrTail::append(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto newline = bytes.find('\n');
    if (newline == std::string_view::npos) {
      partial_.append(bytes);
      // A line longer than the whole buffer is cut rather than grown without bound.
      if (partial_.size() > capacity_) partial_.erase(0, partial_.size() - capacity_);
      return;
    }
    partial_.append(bytes.substr(0, newline));
    keep_line(partial_);
    partial_.clear();
    bytes.remove_prefix(newline + 1);
  }
}

void StderrTail::keep_line(std::string_view line) {
  if (line.empty() || is_noise(line)) return;
  kept_.append(line);
  kept_.push_back('\n');
  if (kept_.size() <= capacity_) return;
  // Drop whole lines from the front until the rest fits.
  auto cut = kept_.size() - capacity_;
  const auto next_line = kept_.find('\n', cut == 0 ? 0 : cut - 1);
  cut = next_line == std::string::npos ? kept_.size() : next_line + 1;
  kept_.erase(0, cut);
}

std::string StderrTail::text() const {
  std::string all = kept_;
  all.append(partial_);
  while (!all.empty() && all.back() == '\n') all.pop_back();
  return all;
}

std::string StderrTail::last_lines(std::size_t n) const {
  const std::string all = text();
  std::vector<std::string_view> lines;
  std::string_view rest(all);
  while (!rest.empty()) {
    const auto newline = rest.find('\n');
    lines.push_back(rest.substr(0, newline));
    if (newline == std::string_view::npos) break;
    rest.remove_prefix(newline + 1);
  }
  const auto first = lines.size() > n ? lines.size() - n : 0;
  std::string joined;
  for (auto i = first; i < lines.size(); ++i) {
    if (!joined.empty()) joined += " | ";
    joined += lines[i];
  }
  return joined;
}

}  // namespace liveload::engine
