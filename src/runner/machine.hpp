#pragma once
// Facts about the machine the run happens on: they feed defaults (browsers per core, users per
// browser by memory) and the result's metadata.
#include <cstdint>
#include <string>

namespace liveload::runner {

struct Machine {
  std::string hostname;
  std::string os;  // "Linux 6.1.0 x86_64"
  int cores = 1;
  std::uint64_t memory_bytes = 0;            // total
  std::uint64_t available_memory_bytes = 0;  // MemAvailable at start
};

Machine probe_machine();

}  // namespace liveload::runner
