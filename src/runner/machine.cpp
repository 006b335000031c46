#include "runner/machine.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

namespace liveload::runner {

namespace {

// Reads one "Key:   123 kB" line of /proc/meminfo, in bytes; 0 when absent.
std::uint64_t meminfo_bytes(const std::string& key) {
  std::ifstream in("/proc/meminfo");
  std::string name;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> name >> kib >> unit) {
    if (name == key + ":") return kib * 1024;
  }
  return 0;
}

}  // namespace

Machine probe_machine() {
  Machine m;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) m.hostname = host;
  utsname u{};
  if (uname(&u) == 0) m.os = std::string(u.sysname) + " " + u.release + " " + u.machine;
  m.cores = static_cast<int>(std::thread::hardware_concurrency());
  if (m.cores <= 0) m.cores = 1;
  m.memory_bytes = meminfo_bytes("MemTotal");
  m.available_memory_bytes = meminfo_bytes("MemAvailable");
  return m;
}

}  // namespace liveload::runner
