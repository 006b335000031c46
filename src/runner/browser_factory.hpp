#pragma once
// The browser engine the runner uses: Chromium over CDP, one process per worker.
#include <string>

#include "runner/worker.hpp"

namespace liveload::runner {

BrowserFactory make_browser_factory(const std::string& chromium_path);

}  // namespace liveload::runner
