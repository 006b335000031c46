#pragma once
// The browser engine the runner uses: Chromium over CDP, one process per worker.
#include <string>

#include "runner/worker.hpp"
#include "telemetry/recorder.hpp"

namespace liveload::runner {

// Browsers that record their pages' telemetry and their gauges into `recorder`, the gauges
// tagged process=<worker index + 1>.
BrowserFactory make_browser_factory(const std::string& chromium_path, telemetry::Recorder& recorder,
                                    int worker_index);

}  // namespace liveload::runner
