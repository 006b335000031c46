#pragma once
// A TCP connect to the target before any load: a typo or a server that is down is one clear
// message, not thousands of failed iterations.
#include <string>

#include "util/duration.hpp"
#include "util/result.hpp"

namespace liveload::runner {

Result<Unit> check_target_reachable(const std::string& target_url, Micros timeout);

}  // namespace liveload::runner
