#include "telemetry/tag_limiter.hpp"

namespace liveload::telemetry {

TagLimiter::TagLimiter(size_t max_values_per_key) : max_values_(max_values_per_key) {}

bool TagLimiter::admit(std::string_view metric, Tags& tags) {
  bool folded = false;
  std::string slot;
  for (auto& [key, value] : tags) {
    slot.assign(metric);
    slot += '\0';
    slot += key;
    auto& values = seen_[slot];
    if (values.contains(value)) continue;
    // "other" itself never takes a place, so a real value can still be admitted after it.
    if (value == kOther) continue;
    if (values.size() < max_values_) {
      values.insert(value);
      continue;
    }
    value = kOther;
    folded = true;
  }
  return folded;
}

}  // namespace liveload::telemetry
