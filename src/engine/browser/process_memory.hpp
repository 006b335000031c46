#pragma once
// How much memory a browser holds: the resident set of its process and of every process below
// it (zygotes, renderers, GPU and utility processes), read from /proc. Linux only.
#include <sys/types.h>

#include <optional>
#include <string>

namespace liveload::engine {

// Sum of VmRSS over `root` and its descendants, in bytes; nullopt when `root` is not running.
// Descendants are found by the parent pid in each /proc/<pid>/stat, so it works without
// CONFIG_PROC_CHILDREN. `proc` is the procfs mount, replaceable for tests.
std::optional<double> process_tree_rss_bytes(pid_t root, const std::string& proc = "/proc");

}  // namespace liveload::engine
