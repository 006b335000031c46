#include "runner/options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cctype>
#include <chrono>
#include <ctime>

namespace liveload::runner {

namespace {

constexpr int kMaxUsers = 100000;
// A headless page of a small LiveView app holds about 30-60 MB in Chromium's renderer; 96 MiB
// leaves room for heavier pages and for the browser process itself.
constexpr std::uint64_t kMemoryPerUser = 96ull << 20;
constexpr int kMaxUsersPerBrowser = 200;

Failure option_error(std::string detail) {
  return Failure{"option", std::move(detail)};
}

Result<Micros> duration_option(const char* name, const std::string& text, bool allow_zero) {
  auto d = parse_duration(text);
  if (!d) {
    return option_error(
        fmt::format("{}: \"{}\" is not a duration (write e.g. 250ms, 5s, 2m, 1h)", name, text));
  }
  if (!allow_zero && d->count() == 0) return option_error(fmt::format("{}: must be above 0", name));
  return *d;
}

std::string default_out_dir(const std::string& scenario_name) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  std::string safe;
  for (char c : scenario_name) safe += (std::isalnum(static_cast<unsigned char>(c)) ? c : '-');
  return fmt::format("liveload-results/{}-{}", safe.empty() ? "run" : safe, stamp);
}

}  // namespace

Result<RunPlan> resolve(const RunOptions& o, const scenario::ScenarioInfo& s, const Machine& m,
                        const char* chromium_env) {
  RunPlan plan;
  plan.scenario_path = s.path;
  plan.scenario_name = s.name;
  const scenario::Defaults& d = s.defaults;

  // Target: required, http(s) only, since every relative URL in the scenario resolves against it.
  std::optional<std::string> target = o.target ? o.target : d.target;
  if (!target || target->empty()) {
    return option_error(
        "--target: no target URL: give --target http://HOST:PORT or set "
        "defaults.target in the scenario");
  }
  auto url = boost::urls::parse_absolute_uri(*target);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty()) {
    return option_error(
        fmt::format("--target: \"{}\" is not an http:// or https:// URL with a host", *target));
  }
  plan.target = *target;
  while (plan.target.size() > 1 && plan.target.back() == '/' && url->path().size() <= 1) {
    plan.target.pop_back();
  }

  long long users = o.users.value_or(d.users.value_or(1));
  if (users < 1 || users > kMaxUsers) {
    return option_error(fmt::format("--users: must be between 1 and {}, got {}", kMaxUsers, users));
  }
  plan.users = static_cast<int>(users);

  // --duration and --iterations given on the command line replace both scenario defaults, so that
  // `--iterations 3` on a scenario whose default is a duration runs exactly three iterations.
  if (o.duration && o.iterations) {
    return option_error("--duration and --iterations: give one of them, not both");
  }
  if (o.duration) {
    auto v = duration_option("--duration", *o.duration, false);
    if (!v) return v.failure();
    plan.duration = v.value();
  } else if (o.iterations) {
    if (*o.iterations < 1) {
      return option_error(fmt::format("--iterations: must be at least 1, got {}", *o.iterations));
    }
    plan.iterations = *o.iterations;
  } else {
    plan.duration = d.duration;
    plan.iterations = d.iterations;
    if (!plan.duration && !plan.iterations) plan.iterations = 1;
  }

  struct DurationOption {
    const char* name;
    const std::optional<std::string>& given;
    std::optional<Micros> fallback;
    Micros& into;
    bool allow_zero;
  };
  DurationOption durations[] = {
      {"--ramp-up", o.ramp_up, d.ramp_up, plan.ramp_up, true},
      {"--bucket", o.bucket, std::nullopt, plan.bucket, false},
      {"--grace", o.grace, std::nullopt, plan.grace, true},
      {"--timeout", o.timeout, d.op_timeout, plan.op_timeout, false},
      {"--iteration-timeout", o.iteration_timeout, d.iteration_timeout, plan.iteration_timeout,
       false},
  };
  for (auto& opt : durations) {
    if (opt.given) {
      auto v = duration_option(opt.name, *opt.given, opt.allow_zero);
      if (!v) return v.failure();
      opt.into = v.value();
    } else if (opt.fallback) {
      opt.into = *opt.fallback;
    }
  }
  if (plan.bucket < Micros(std::chrono::milliseconds(100))) {
    return option_error("--bucket: must be at least 100ms");
  }
  if (plan.duration && plan.ramp_up > *plan.duration) {
    return option_error(fmt::format("--ramp-up: {} is longer than the duration {}",
                                    format_duration(plan.ramp_up),
                                    format_duration(*plan.duration)));
  }

  // One browser process per worker thread; by default as many as cores, never more than users.
  long long browsers = o.browsers.value_or(std::min<long long>(m.cores, users));
  if (browsers < 1 || browsers > 256) {
    return option_error(fmt::format("--browsers: must be between 1 and 256, got {}", browsers));
  }
  plan.browsers = static_cast<int>(std::min<long long>(browsers, users));

  long long per_browser_default = kMaxUsersPerBrowser;
  if (m.available_memory_bytes > 0) {
    auto by_memory =
        static_cast<long long>(m.available_memory_bytes / kMemoryPerUser / plan.browsers);
    per_browser_default = std::clamp<long long>(by_memory, 1, kMaxUsersPerBrowser);
  }
  long long per_browser = o.users_per_browser.value_or(per_browser_default);
  if (per_browser < 1) {
    return option_error(
        fmt::format("--users-per-browser: must be at least 1, got {}", per_browser));
  }
  plan.users_per_browser = static_cast<int>(per_browser);
  if (users > per_browser * plan.browsers && o.users_per_browser) {
    return option_error(
        fmt::format("--users: {} users do not fit in {} browser(s) of at most {} "
                    "users each; raise --browsers or --users-per-browser",
                    users, plan.browsers, per_browser));
  }
  if (users > per_browser * plan.browsers) {
    return option_error(fmt::format(
        "--users: {} users do not fit in {} browser(s) of at most {} users each; raise --browsers "
        "or --users-per-browser (the default of {} per browser comes from {} MiB of free memory)",
        users, plan.browsers, per_browser, per_browser_default, m.available_memory_bytes >> 20));
  }

  plan.chromium = o.chromium ? *o.chromium
                             : (chromium_env && *chromium_env ? chromium_env : "/usr/bin/chromium");
  plan.out_dir = o.out_dir ? *o.out_dir : default_out_dir(s.name);
  if (plan.out_dir.empty()) return option_error("--out: must not be empty");
  plan.seed =
      o.seed
          ? static_cast<std::uint64_t>(*o.seed)
          : static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  if (o.max_tag_values) {
    if (*o.max_tag_values < 1 || *o.max_tag_values > 100000) {
      return option_error(
          fmt::format("--max-tag-values: must be between 1 and 100000, got {}", *o.max_tag_values));
    }
    plan.max_tag_values = static_cast<int>(*o.max_tag_values);
  }
  plan.quiet = o.quiet;
  return plan;
}

boost::json::object RunPlan::to_json() const {
  boost::json::object o;
  o["target"] = target;
  o["users"] = users;
  if (duration) o["duration"] = format_duration(*duration);
  if (iterations) o["iterations"] = *iterations;
  o["ramp_up"] = format_duration(ramp_up);
  o["bucket"] = format_duration(bucket);
  o["grace"] = format_duration(grace);
  o["timeout"] = format_duration(op_timeout);
  o["iteration_timeout"] = format_duration(iteration_timeout);
  o["browsers"] = browsers;
  o["users_per_browser"] = users_per_browser;
  o["chromium"] = chromium;
  o["seed"] = seed;
  o["max_tag_values"] = max_tag_values;
  return o;
}

}  // namespace liveload::runner
