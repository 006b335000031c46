#pragma once
// A DDSketch (Masson, Rim, Lee, VLDB 2019): a quantile sketch whose answers are within a relative
// error alpha of the exact quantile, for any quantile, and that merges exactly. LiveLoad records
// durations and sizes, which are never negative, so there is no store for negative values: a
// negative sample is counted as zero (see add()).
#include <cstdint>
#include <string>
#include <vector>

#include "telemetry/bin_store.hpp"
#include "telemetry/index_mapping.hpp"
#include "util/result.hpp"

namespace liveload::telemetry {

class DDSketch {
 public:
  // alpha = 1%, at most 2048 bins.
  DDSketch();
  explicit DDSketch(IndexMapping mapping, size_t max_bins = BinStore::kDefaultMaxBins);

  // Adds one sample. Negative values are clamped to 0 (and count as 0 in min and sum): a negative
  // duration is a clock step, not a measurement, and dropping it would hide that it happened.
  // NaN and infinities are refused (returns false) because one would poison sum and mean.
  // Values below mapping().min_indexable() count as zero; values above max_indexable() go into
  // the top bin while max stays exact.
  bool add(double value);

  // Adds every sample of `other`. Fails (reason "incompatible sketches") when the two use
  // different mappings, since their bins then cover different ranges.
  Result<Unit> merge(const DDSketch& other);

  // The value at quantile q in [0, 1]: that of the sample of rank q * (count - 1) in ascending
  // order, within relative error alpha, and always within [min, max]. NaN when empty or q is
  // outside [0, 1].
  double quantile(double q) const;

  bool empty() const { return count_ == 0; }
  uint64_t count() const { return count_; }
  uint64_t zero_count() const { return zero_count_; }
  double sum() const { return sum_; }
  double min() const;   // NaN when empty
  double max() const;   // NaN when empty
  double mean() const;  // NaN when empty

  const IndexMapping& mapping() const { return mapping_; }
  const BinStore& store() const { return store_; }

  // Compact binary form (sketch_codec.cpp) holding the mapping's alpha, the bin limit, count, zero
  // count, sum, min, max and the bins; decode() rebuilds an equal sketch.
  std::vector<uint8_t> encode() const;
  static Result<DDSketch> decode(const uint8_t* data, size_t size);
  static Result<DDSketch> decode(const std::vector<uint8_t>& bytes) {
    return decode(bytes.data(), bytes.size());
  }

  // encode() as base64 (RFC 4648, with padding), the form stored in result.json.
  std::string to_base64() const;
  static Result<DDSketch> from_base64(std::string_view text);

  friend bool operator==(const DDSketch& a, const DDSketch& b);

 private:
  IndexMapping mapping_;
  BinStore store_;
  uint64_t zero_count_ = 0;
  uint64_t count_ = 0;
  double sum_ = 0;
  double min_ = 0;
  double max_ = 0;
};

}  // namespace liveload::telemetry
