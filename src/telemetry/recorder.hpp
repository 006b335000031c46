#pragma once
// What the engines, the scenario layer and the runner record into. The implementation
// (telemetry/registry.hpp) files each sample into the time bucket of "now" for this node.
// Recorder methods are thread safe: several worker threads record into one node.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace liveload::telemetry {

// Tag pairs; order does not matter, the registry sorts them by key.
using Tags = std::vector<std::pair<std::string, std::string>>;

class Recorder {
 public:
  virtual ~Recorder() = default;

  // One sample into the histogram `metric{tags}`. Durations are in microseconds, sizes in bytes.
  virtual void observe(std::string_view metric, const Tags& tags, double value) = 0;

  // Adds to the counter `metric{tags}`.
  virtual void add(std::string_view metric, const Tags& tags, double amount = 1) = 0;

  // Sets the gauge `metric{tags}` for the current bucket; a bucket keeps the last, min and max.
  virtual void gauge(std::string_view metric, const Tags& tags, double value) = 0;

  // Counts a failure as `failures{step,target,reason}` and keeps the first few messages of each
  // as samples. `step` is the action or named step that failed ("click", "checkout"), `target`
  // its argument ("#inc", a URL, or empty), `reason` the short stable cause ("timeout").
  virtual void failure(std::string_view step, std::string_view target, std::string_view reason,
                       std::string_view message) = 0;
};

}  // namespace liveload::telemetry
