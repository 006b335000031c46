#include "engine/browser/process_memory.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace liveload::engine {

namespace fs = std::filesystem;

namespace {

std::optional<pid_t> pid_named(const std::string& name) {
  pid_t pid = 0;
  const auto* end = name.data() + name.size();
  auto [p, ec] = std::from_chars(name.data(), end, pid);
  if (ec != std::errc() || p != end || pid <= 0) return std::nullopt;
  return pid;
}

// The parent pid from /proc/<pid>/stat: "pid (comm) state ppid ...", where comm may hold spaces
// and parentheses, so the fields are read after the last ')'.
std::optional<pid_t> parent_of(const fs::path& dir) {
  std::ifstream in(dir / "stat");
  std::string stat;
  if (!std::getline(in, stat)) return std::nullopt;
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(close + 1));
  std::string state;
  pid_t ppid = 0;
  if (!(fields >> state >> ppid)) return std::nullopt;
  return ppid;
}

// VmRSS from /proc/<pid>/status ("VmRSS:\t  123456 kB"); kernel threads have none.
std::optional<double> rss_of(const fs::path& dir) {
  std::ifstream in(dir / "status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    double kb = 0;
    if (!(fields >> kb)) return std::nullopt;
    return kb * 1024;
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> process_tree_rss_bytes(pid_t root, const std::string& proc) {
  std::error_code ec;
  std::multimap<pid_t, pid_t> children;
  for (const auto& entry : fs::directory_iterator(proc, ec)) {
    auto pid = pid_named(entry.path().filename().string());
    if (!pid) continue;
    if (auto ppid = parent_of(entry.path())) children.emplace(*ppid, *pid);
  }
  const auto root_rss = rss_of(fs::path(proc) / std::to_string(root));
  if (!root_rss) return std::nullopt;
  double total = *root_rss;
  std::vector<pid_t> todo{root};
  // A process whose pid was reused meanwhile could only close a loop if the tree changed while
  // being read; the step bound keeps that from spinning.
  for (std::size_t steps = 0; !todo.empty() && steps < 100000; ++steps) {
    const pid_t parent = todo.back();
    todo.pop_back();
    auto [first, last] = children.equal_range(parent);
    for (auto it = first; it != last; ++it) {
      total += rss_of(fs::path(proc) / std::to_string(it->second)).value_or(0);
      todo.push_back(it->second);
    }
  }
  return total;
}

}  // namespace liveload::engine
