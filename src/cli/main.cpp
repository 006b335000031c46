// The `liveload` command: parses the command line and hands over to the runner. Every problem
// with the command line is exit code 2 with a message naming the option.
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/report_commands.hpp"
#include "runner/run.hpp"

namespace {

constexpr const char* kExitCodes = R"(Exit codes:
  0    the run completed and no iteration failed
  1    the run completed and some iterations failed
  2    bad input: an unknown or invalid option, a scenario that does not load, a failed setup
  3    the target refused the connection or did not answer before any load was sent
  4    Chromium could not be started (install it with `apt-get install chromium`)
  5    the results could not be written
  6    nothing failed, but no iteration completed, or users still busy at the end of the grace
       period were stopped
  130  stopped by Ctrl-C or SIGTERM; the results measured so far were written)";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "LiveLoad: load tests for Phoenix LiveView applications, measured in real "
      "browsers.",
      "liveload"};
  app.footer(kExitCodes);
  app.set_version_flag("--version", std::string("liveload ") + LIVELOAD_VERSION);
  app.require_subcommand(1);
  app.failure_message(CLI::FailureMessage::help);

  liveload::runner::RunOptions o;
  bool verbose = false;
  auto* run = app.add_subcommand("run", "Run a scenario against a target");
  run->add_option("scenario", o.scenario_path, "Lua scenario file")->required();
  run->add_option("--target,-t", o.target, "Base URL of the application (overrides the scenario)");
  run->add_option("--users,-u", o.users, "Concurrent virtual users (default: scenario, else 1)");
  auto* duration = run->add_option("--duration,-d", o.duration,
                                   "How long users start new iterations, e.g. 30s, 5m");
  run->add_option("--iterations,-i", o.iterations, "Iterations per user")->excludes(duration);
  run->add_option("--ramp-up", o.ramp_up, "Start users evenly over this long (default 0)");
  run->add_option("--bucket", o.bucket, "Width of the time buckets (default 5s)");
  run->add_option("--grace", o.grace,
                  "At the end, how long users may finish their iteration (default 30s)");
  run->add_option("--timeout", o.timeout, "Default timeout of each operation (default 30s)");
  run->add_option("--iteration-timeout", o.iteration_timeout,
                  "Timeout of one iteration (default 2m)");
  run->add_option("--out,-o", o.out_dir,
                  "Folder for result.json and report.md (default liveload-results/NAME-TIME)");
  run->add_option("--browsers", o.browsers,
                  "Chromium processes, one per worker thread (default: cores, at most users)");
  run->add_option("--users-per-browser", o.users_per_browser,
                  "Most users one browser may carry (default: from free memory, at most 200)");
  run->add_option("--chromium", o.chromium,
                  "Chromium executable (default $LIVELOAD_CHROMIUM, else /usr/bin/chromium)");
  run->add_option("--seed", o.seed, "Seed for think times and other randomness");
  run->add_option("--max-tag-values", o.max_tag_values,
                  "Distinct values per tag of a metric; the rest count as \"other\" (default 100)");
  run->add_flag("--quiet,-q", o.quiet, "No status line and no summary");
  run->add_flag("--verbose,-v", verbose, "Debug logging on stderr");

  liveload::cli::add_report_commands(app);

  app.add_subcommand("version", "Print the version")->callback([] {
    std::cout << "liveload " << LIVELOAD_VERSION << "\n";
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    // Raised by the report commands with their own exit code and a complete message.
    std::cerr << "liveload: " << e.what() << "\n";
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    std::cerr << "liveload: " << e.what() << "\nRun `liveload --help` for the options.\n";
    return liveload::runner::kExitBadInput;
  }

  // Logs go to stderr: stdout carries the status line and the summary.
  spdlog::set_default_logger(spdlog::stderr_color_mt("liveload"));
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  spdlog::set_pattern("%H:%M:%S.%e %^%l%$ %v");
  if (run->parsed()) return liveload::runner::run(o, std::cout, std::cerr);
  return 0;
}
