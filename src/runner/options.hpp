#pragma once
// Run options as given (command line, environment) and as resolved against the scenario's
// defaults and the machine. resolve() is the one validation path: every message names the option.
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "runner/machine.hpp"
#include "scenario/scenario.hpp"
#include "util/duration.hpp"
#include "util/result.hpp"

namespace liveload::runner {

// Exactly what the user typed; durations stay text so that errors can quote them.
struct RunOptions {
  std::string scenario_path;
  std::optional<std::string> target;
  std::optional<long long> users;
  std::optional<std::string> duration;
  std::optional<long long> iterations;
  std::optional<std::string> ramp_up;
  std::optional<std::string> bucket;
  std::optional<std::string> grace;
  std::optional<std::string> timeout;
  std::optional<std::string> iteration_timeout;
  std::optional<std::string> out_dir;
  std::optional<long long> browsers;
  std::optional<long long> users_per_browser;
  std::optional<std::string> chromium;
  std::optional<long long> seed;
  std::optional<long long> max_tag_values;
  bool quiet = false;
};

struct RunPlan {
  std::string scenario_path;
  std::string scenario_name;
  std::string target;
  int users = 1;
  std::optional<Micros> duration;
  std::optional<long long> iterations;
  Micros ramp_up{0};
  Micros bucket{5'000'000};
  Micros grace{30'000'000};
  Micros op_timeout{30'000'000};
  Micros iteration_timeout{120'000'000};
  std::string out_dir;
  int browsers = 1;
  int users_per_browser = 1;
  std::string chromium;
  std::uint64_t seed = 0;
  // Distinct values each tag of a metric keeps; the rest are folded into "other".
  int max_tag_values = 100;
  bool quiet = false;

  // The options as resolved, for the result's metadata.
  boost::json::object to_json() const;
};

// Failure reason is "option"; the detail names the option ("--users: must be at least 1, got 0").
Result<RunPlan> resolve(const RunOptions& options, const scenario::ScenarioInfo& scenario,
                        const Machine& machine, const char* chromium_env);

}  // namespace liveload::runner
