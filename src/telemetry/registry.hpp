#pragma once
// The node's metrics: every sample filed under its metric name and sorted tags, into the time
// bucket of "now" and into a running total. The one Recorder implementation; the live progress
// line reads totals from it, and the report takes snapshots of it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "telemetry/recorder.hpp"
#include "telemetry/snapshot.hpp"
#include "telemetry/tag_limiter.hpp"
#include "util/duration.hpp"

namespace liveload::telemetry {

struct RegistryOptions {
  // Distinct values each tag key may take per metric; the rest are counted under "other".
  size_t max_tag_values = TagLimiter::kDefaultMaxValues;
};

class Registry final : public Recorder {
 public:
  // Time since the run started. Injected so that tests place samples in buckets exactly.
  using Clock = std::function<Micros()>;

  // A steady clock that reads zero now.
  static Clock steady_clock_from_now();

  // `bucket_width` must be positive (the CLI rejects other values of --bucket); a non-positive
  // width is a programming error and throws std::invalid_argument.
  explicit Registry(std::string node_id, Micros bucket_width = std::chrono::seconds(5),
                    Clock clock = steady_clock_from_now(), RegistryOptions options = {});
  ~Registry() override;

  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  void observe(std::string_view metric, const Tags& tags, double value) override;
  void add(std::string_view metric, const Tags& tags, double amount = 1) override;
  void gauge(std::string_view metric, const Tags& tags, double value) override;
  void failure(std::string_view step, std::string_view target, std::string_view reason,
               std::string_view message) override;

  // Quantile q of the histogram `metric` over the whole run, all tag sets merged; NaN when
  // nothing was observed.
  double total_quantile(std::string_view metric, double q) const;

  // The counter `metric` over the whole run, summed over every tag set that holds all the pairs
  // of `filter`; 0 when none does.
  double counter_total(std::string_view metric, const Tags& filter = {}) const;

  // The current value of the gauge `metric`, summed over every tag set holding `filter`.
  double gauge_value(std::string_view metric, const Tags& filter = {}) const;

  NodeSnapshot snapshot() const;

  const std::string& node_id() const { return node_id_; }
  Micros bucket_width() const { return bucket_width_; }
  // The bucket that time `t` since the start falls in.
  int64_t bucket_index(Micros t) const;

 private:
  struct Series;

  // Find or create a series and a bucket's value; called under the lock. `key` is made from the
  // recorded tags before taking the lock, to keep the locked part short.
  Series& series_for(const std::string& key, std::string_view metric, Kind kind, const Tags& tags);
  MetricValue& bucket_of(Series& series, int64_t index);

  template <class Visit>
  void for_each_matching(std::string_view metric, Kind kind, const Tags& filter,
                         Visit&& visit) const;

  const std::string node_id_;
  const Micros bucket_width_;
  const Clock clock_;

  mutable std::mutex mutex_;
  TagLimiter limiter_;
  std::vector<std::unique_ptr<Series>> series_;
  // Series by the key of their recorded tags. Tags folded into "other" are not entered, so the
  // map stays as bounded as the series themselves; such samples take the slower path.
  std::unordered_map<std::string, Series*> by_key_;
};

}  // namespace liveload::telemetry
