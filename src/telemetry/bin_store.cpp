#include "telemetry/bin_store.hpp"

#include <algorithm>
#include <numeric>

namespace liveload::telemetry {

BinStore::BinStore(size_t max_bins) : max_bins_(std::max<size_t>(max_bins, 1)) {}

uint64_t BinStore::count(int32_t index) const {
  if (bins_.empty() || index < min_index() || index > max_index()) return 0;
  return bins_[static_cast<size_t>(index - offset_)];
}

void BinStore::add(int32_t index, uint64_t count) {
  if (count == 0) return;
  bins_[slot_for(index)] += count;
  total_ += count;
}

void BinStore::merge(const BinStore& other) {
  if (other.empty()) return;
  // One pass into a vector sized for the final span: adding bin by bin would shift the vector
  // once per new lowest bin.
  int64_t hi = other.max_index();
  int64_t lo = other.min_index();
  if (!empty()) {
    hi = std::max<int64_t>(hi, max_index());
    lo = std::min<int64_t>(lo, min_index());
  }
  lo = std::max(lo, hi - static_cast<int64_t>(max_bins_) + 1);

  std::vector<uint64_t> merged(static_cast<size_t>(hi - lo + 1), 0);
  bool folded = false;
  for (const BinStore* store : {static_cast<const BinStore*>(this), &other}) {
    for (size_t k = 0; k < store->bins_.size(); ++k) {
      const int64_t index = store->offset_ + static_cast<int64_t>(k);
      if (index < lo && store->bins_[k] != 0) folded = true;
      merged[static_cast<size_t>(std::max(index, lo) - lo)] += store->bins_[k];
    }
  }
  bins_ = std::move(merged);
  offset_ = static_cast<int32_t>(lo);
  total_ += other.total_;
  collapsed_ = collapsed_ || other.collapsed_ || folded;
}

size_t BinStore::slot_for(int32_t index) {
  const auto limit = static_cast<int64_t>(max_bins_);
  if (bins_.empty()) {
    offset_ = index;
    bins_.assign(1, 0);
    return 0;
  }

  const int64_t lo = offset_;
  const int64_t hi = max_index();
  if (index >= lo && index <= hi) return static_cast<size_t>(index - lo);

  if (index > hi) {
    const int64_t new_lo = std::max(lo, int64_t{index} - limit + 1);
    if (new_lo == lo) {
      bins_.resize(static_cast<size_t>(index - lo + 1), 0);
      return bins_.size() - 1;
    }
    // The top moves up past the limit: everything below new_lo folds into new_lo.
    std::vector<uint64_t> moved(static_cast<size_t>(index - new_lo + 1), 0);
    for (int64_t i = lo; i <= hi; ++i) {
      const uint64_t c = bins_[static_cast<size_t>(i - lo)];
      moved[static_cast<size_t>(std::max(i, new_lo) - new_lo)] += c;
    }
    bins_ = std::move(moved);
    offset_ = static_cast<int32_t>(new_lo);
    collapsed_ = true;
    return bins_.size() - 1;
  }

  // Below the span: grow downwards as far as the limit allows; what lies lower is counted in the
  // lowest bin kept.
  const int64_t new_lo = std::max(int64_t{index}, hi - limit + 1);
  if (new_lo > index) collapsed_ = true;
  if (new_lo < lo) {
    bins_.insert(bins_.begin(), static_cast<size_t>(lo - new_lo), 0);
    offset_ = static_cast<int32_t>(new_lo);
  }
  return 0;
}

int32_t BinStore::index_at_rank(double rank) const {
  uint64_t cumulative = 0;
  for (size_t k = 0; k < bins_.size(); ++k) {
    cumulative += bins_[k];
    if (static_cast<double>(cumulative) > rank) return offset_ + static_cast<int32_t>(k);
  }
  return max_index();
}

void BinStore::for_each(const std::function<void(int32_t, uint64_t)>& visit) const {
  for (size_t k = 0; k < bins_.size(); ++k) visit(offset_ + static_cast<int32_t>(k), bins_[k]);
}

BinStore BinStore::from_parts(size_t max_bins, int32_t offset, std::vector<uint64_t> bins,
                              bool collapsed) {
  BinStore store(max_bins);
  store.offset_ = offset;
  store.bins_ = std::move(bins);
  store.total_ = std::accumulate(store.bins_.begin(), store.bins_.end(), uint64_t{0});
  store.collapsed_ = collapsed;
  store.trim();
  return store;
}

void BinStore::trim() {
  const auto first = std::find_if(bins_.begin(), bins_.end(), [](uint64_t c) { return c != 0; });
  if (first == bins_.end()) {
    bins_.clear();
    offset_ = 0;
    return;
  }
  const auto last = std::find_if(bins_.rbegin(), bins_.rend(), [](uint64_t c) { return c != 0; });
  bins_.erase(last.base(), bins_.end());
  offset_ += static_cast<int32_t>(first - bins_.begin());
  bins_.erase(bins_.begin(), first);
}

bool operator==(const BinStore& a, const BinStore& b) {
  return a.max_bins_ == b.max_bins_ && a.total_ == b.total_ && a.collapsed_ == b.collapsed_ &&
         (a.bins_.empty() ? b.bins_.empty() : a.offset_ == b.offset_ && a.bins_ == b.bins_);
}

}  // namespace liveload::telemetry
