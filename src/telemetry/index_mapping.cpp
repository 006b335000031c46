#include "telemetry/index_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace liveload::telemetry {

namespace {

// ln(gamma) through log1p: for a small alpha, gamma is 1 + 2 alpha + ..., and log(gamma) would
// lose most of alpha's digits to the rounding of gamma itself.
double log_gamma(double alpha) {
  return std::log1p(2 * alpha / (1 - alpha));
}

}  // namespace

Result<IndexMapping> IndexMapping::create(double relative_accuracy) {
  if (!(relative_accuracy > 0 && relative_accuracy < 1)) {
    return Failure{"invalid accuracy",
                   fmt::format("relative accuracy must be strictly between 0 and 1, got {}",
                               relative_accuracy)};
  }
  if (relative_accuracy < kMinRelativeAccuracy) {
    return Failure{"invalid accuracy",
                   fmt::format("relative accuracy {} is too small: below {}, int32 bin indexes "
                               "no longer cover the range of doubles",
                               relative_accuracy, kMinRelativeAccuracy)};
  }
  return IndexMapping(relative_accuracy);
}

IndexMapping::IndexMapping() : IndexMapping(kDefaultRelativeAccuracy) {}

IndexMapping::IndexMapping(double relative_accuracy)
    : alpha_(relative_accuracy),
      gamma_((1 + relative_accuracy) / (1 - relative_accuracy)),
      multiplier_(1 / log_gamma(relative_accuracy)) {
  // Two bins of margin on each side of the int32_t range absorb the rounding of log().
  constexpr double kLowestIndex = std::numeric_limits<int32_t>::min() + 2.0;
  constexpr double kHighestIndex = std::numeric_limits<int32_t>::max() - 2.0;
  min_indexable_ =
      std::max(std::exp(kLowestIndex / multiplier_), std::numeric_limits<double>::min() * gamma_);
  // value(index) multiplies gamma^index, which is below gamma * value, by less than 1.
  max_indexable_ =
      std::min(std::exp(kHighestIndex / multiplier_), std::numeric_limits<double>::max() / gamma_);
}

int32_t IndexMapping::index(double value) const {
  return static_cast<int32_t>(std::ceil(std::log(value) * multiplier_));
}

double IndexMapping::lower_bound(int32_t index) const {
  return std::exp((static_cast<double>(index) - 1) / multiplier_);
}

double IndexMapping::value(int32_t index) const {
  // 2 gamma^i / (1 + gamma) is alpha away, relatively, from gamma^(i-1) and from gamma^i. One
  // exp() of the whole, because gamma^i alone can overflow where the representative does not.
  return std::exp(static_cast<double>(index) / multiplier_ + std::log(2 / (1 + gamma_)));
}

}  // namespace liveload::telemetry
