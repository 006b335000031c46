#pragma once
// `liveload run`: checks everything that can be checked before any load is sent (scenario,
// options, target, output folder, setup, browsers), runs the load, and always writes what it
// measured, however the run ends.
#include <iosfwd>

#include "runner/options.hpp"

namespace liveload::runner {

// Exit codes, documented in `liveload --help`.
enum ExitCode : int {
  kExitOk = 0,                  // the run completed and no iteration failed
  kExitIterationsFailed = 1,    // the run completed, some iterations failed
  kExitBadInput = 2,            // bad option, scenario file or setup
  kExitTargetUnreachable = 3,   // the target refused or did not answer before the load
  kExitBrowserUnavailable = 4,  // Chromium could not be started
  kExitResultsNotWritten = 5,   // results could not be written
  kExitIncomplete = 6,          // nothing failed, but no iteration completed or the grace ran out
  kExitInterrupted = 130,       // stopped by Ctrl-C / SIGTERM (results still written)
};

int run(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace liveload::runner
