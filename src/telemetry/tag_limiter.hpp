#pragma once
// Bounds the distinct values each tag key takes per metric, so that a target with thousands of
// URLs or generated ids cannot blow up memory and result.json: values past the limit are all
// counted under "other". The first values seen keep their own series. Not thread safe; the
// registry calls it under its lock.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "telemetry/recorder.hpp"

namespace liveload::telemetry {

class TagLimiter {
 public:
  static constexpr size_t kDefaultMaxValues = 100;
  static constexpr std::string_view kOther = "other";

  explicit TagLimiter(size_t max_values_per_key = kDefaultMaxValues);

  // Replaces, in `tags`, each value that would exceed its key's limit for `metric` with "other",
  // and admits the others. Returns whether any value was replaced.
  bool admit(std::string_view metric, Tags& tags);

 private:
  size_t max_values_;
  // Keyed by metric name and tag key, separated by a NUL byte.
  std::unordered_map<std::string, std::unordered_set<std::string>> seen_;
};

}  // namespace liveload::telemetry
