#pragma once
// The logarithmic index mapping of a DDSketch: it cuts the positive numbers into bins
// (gamma^(i-1), gamma^i] with gamma = (1 + alpha) / (1 - alpha), so that any value in bin i is
// within a relative distance alpha of the bin's representative value. That is the whole accuracy
// guarantee of the sketch; the store and the sketch only count per bin.
#include <cstdint>

#include "util/result.hpp"

namespace liveload::telemetry {

class IndexMapping {
 public:
  static constexpr double kDefaultRelativeAccuracy = 0.01;
  // Below this, 2^32 bins of 1 + 2 alpha no longer span the doubles from the smallest normal to
  // the largest (about 1416 in natural log), and the sketch would need millions of bins anyway.
  static constexpr double kMinRelativeAccuracy = 1e-6;

  // Fails (reason "invalid accuracy") when alpha is not strictly between 0 and 1, or is below
  // kMinRelativeAccuracy.
  static Result<IndexMapping> create(double relative_accuracy = kDefaultRelativeAccuracy);

  // The default mapping (alpha = 1%), which always exists.
  IndexMapping();

  double relative_accuracy() const { return alpha_; }
  double gamma() const { return gamma_; }

  // Values in [min_indexable, max_indexable] get a bin; the sketch counts smaller ones as zero
  // and clamps larger ones into the top bin. The bounds keep every index within int32_t and keep
  // value(index) finite.
  double min_indexable() const { return min_indexable_; }
  double max_indexable() const { return max_indexable_; }

  // Index of the bin holding `value`, for value in [min_indexable, max_indexable].
  int32_t index(double value) const;

  // The value that represents bin `index`: relatively equidistant from both ends of the bin.
  double value(int32_t index) const;

  // Lower (exclusive) bound of bin `index`.
  double lower_bound(int32_t index) const;

  friend bool operator==(const IndexMapping& a, const IndexMapping& b) {
    return a.alpha_ == b.alpha_;
  }

 private:
  explicit IndexMapping(double relative_accuracy);

  double alpha_;
  double gamma_;
  double multiplier_;  // 1 / ln(gamma)
  double min_indexable_;
  double max_indexable_;
};

}  // namespace liveload::telemetry
