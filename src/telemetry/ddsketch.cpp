#include "telemetry/ddsketch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace liveload::telemetry {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

DDSketch::DDSketch() : DDSketch(IndexMapping()) {}

DDSketch::DDSketch(IndexMapping mapping, size_t max_bins) : mapping_(mapping), store_(max_bins) {}

bool DDSketch::add(double value) {
  if (!std::isfinite(value)) return false;
  value = std::max(value, 0.0);

  if (value < mapping_.min_indexable()) {
    ++zero_count_;
  } else {
    store_.add(mapping_.index(std::min(value, mapping_.max_indexable())));
  }

  if (count_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  ++count_;
  sum_ += value;
  return true;
}

Result<Unit> DDSketch::merge(const DDSketch& other) {
  if (!(mapping_ == other.mapping_)) {
    return Failure{"incompatible sketches",
                   fmt::format("cannot merge a sketch of relative accuracy {} into one of {}",
                               other.mapping_.relative_accuracy(), mapping_.relative_accuracy())};
  }
  if (other.empty()) return ok();

  store_.merge(other.store_);
  zero_count_ += other.zero_count_;
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
  sum_ += other.sum_;
  return ok();
}

double DDSketch::quantile(double q) const {
  if (count_ == 0 || !(q >= 0 && q <= 1)) return kNaN;
  // The ends are known exactly; no need to read them off a bin.
  if (q == 0) return min_;
  if (q == 1) return max_;

  const double rank = q * static_cast<double>(count_ - 1);
  if (rank < static_cast<double>(zero_count_)) return std::clamp(0.0, min_, max_);
  const double estimate =
      mapping_.value(store_.index_at_rank(rank - static_cast<double>(zero_count_)));
  // The exact quantile lies in [min, max], so clamping can only bring the estimate closer.
  return std::clamp(estimate, min_, max_);
}

double DDSketch::min() const {
  return count_ == 0 ? kNaN : min_;
}
double DDSketch::max() const {
  return count_ == 0 ? kNaN : max_;
}
double DDSketch::mean() const {
  return count_ == 0 ? kNaN : sum_ / static_cast<double>(count_);
}

bool operator==(const DDSketch& a, const DDSketch& b) {
  return a.mapping_ == b.mapping_ && a.store_ == b.store_ && a.zero_count_ == b.zero_count_ &&
         a.count_ == b.count_ && a.sum_ == b.sum_ && a.min_ == b.min_ && a.max_ == b.max_;
}

}  // namespace liveload::telemetry
