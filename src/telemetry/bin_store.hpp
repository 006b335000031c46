#pragma once
// Counts per bin index for a DDSketch, dense between the lowest and highest bin in use. When the
// span would exceed the bin limit, the lowest bins are folded into the lowest kept one: for
// durations and sizes the high quantiles are what a load test reads, so those keep their accuracy
// and only the smallest values lose it.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace liveload::telemetry {

class BinStore {
 public:
  // 2048 bins at 1% accuracy span a factor of about 1e17, from 1 us to beyond a year and from 1
  // byte to far beyond any real payload, so in practice nothing collapses.
  static constexpr size_t kDefaultMaxBins = 2048;

  explicit BinStore(size_t max_bins = kDefaultMaxBins);

  void add(int32_t index, uint64_t count = 1);
  void merge(const BinStore& other);

  bool empty() const { return total_ == 0; }
  uint64_t total() const { return total_; }
  size_t max_bins() const { return max_bins_; }
  // Whether bins were ever folded, so the lowest quantiles may be off by more than alpha.
  bool collapsed() const { return collapsed_; }

  // Lowest and highest index in use; only meaningful when not empty.
  int32_t min_index() const { return offset_; }
  int32_t max_index() const { return offset_ + static_cast<int32_t>(bins_.size()) - 1; }

  // Count of one bin (0 outside the span in use).
  uint64_t count(int32_t index) const;

  // The index of the bin holding the element of 0-based `rank` in ascending order: the first bin
  // whose cumulative count exceeds `rank`. Past the end, the highest bin.
  int32_t index_at_rank(double rank) const;

  // Visits the bins in use in ascending order, empty ones included.
  void for_each(const std::function<void(int32_t index, uint64_t count)>& visit) const;

  // Rebuilds a store from decoded parts; the caller has checked that `bins` fits `max_bins`.
  static BinStore from_parts(size_t max_bins, int32_t offset, std::vector<uint64_t> bins,
                             bool collapsed);

  friend bool operator==(const BinStore& a, const BinStore& b);

 private:
  // Makes room for `index` and returns the slot that must count it, which is the lowest kept bin
  // when `index` falls below the span the limit allows.
  size_t slot_for(int32_t index);
  void trim();

  size_t max_bins_;
  int32_t offset_ = 0;          // index of bins_[0]
  std::vector<uint64_t> bins_;  // dense; the first and last are non-zero unless empty
  uint64_t total_ = 0;
  bool collapsed_ = false;
};

}  // namespace liveload::telemetry
