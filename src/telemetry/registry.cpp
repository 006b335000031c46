#include "telemetry/registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <tuple>

namespace liveload::telemetry {

namespace {

using TagPtrs = std::vector<const std::pair<std::string, std::string>*>;

TagPtrs sorted_view(const Tags& tags) {
  TagPtrs view;
  view.reserve(tags.size());
  for (const auto& tag : tags) view.push_back(&tag);
  std::sort(view.begin(), view.end(), [](const auto* a, const auto* b) { return *a < *b; });
  return view;
}

void append_field(std::string& key, std::string_view field) {
  // Length-prefixed, so no tag value, whatever bytes it holds, can make two keys collide.
  const auto size = static_cast<uint32_t>(field.size());
  char prefix[sizeof size];
  std::memcpy(prefix, &size, sizeof size);
  key.append(prefix, sizeof prefix);
  key.append(field);
}

std::string make_key(std::string_view metric, Kind kind, const TagPtrs& tags) {
  std::string key;
  key.reserve(metric.size() + 8 + tags.size() * 24);
  key += static_cast<char>('0' + static_cast<int>(kind));
  append_field(key, metric);
  for (const auto* tag : tags) {
    append_field(key, tag->first);
    append_field(key, tag->second);
  }
  return key;
}

std::string make_key(std::string_view metric, Kind kind, const Tags& tags) {
  return make_key(metric, kind, sorted_view(tags));
}

bool holds_all(const Tags& tags, const Tags& filter) {
  return std::all_of(filter.begin(), filter.end(), [&tags](const auto& pair) {
    return std::find(tags.begin(), tags.end(), pair) != tags.end();
  });
}

void fill_gauge_gaps(SeriesSnapshot& series, int64_t up_to) {
  if (series.buckets.empty()) return;
  int64_t index = series.buckets.begin()->first;
  GaugeValue held = series.buckets.begin()->second.gauge;
  for (; index <= std::max(up_to, series.buckets.rbegin()->first); ++index) {
    auto [it, inserted] = series.buckets.try_emplace(index);
    if (inserted) {
      it->second.gauge = {held.last, held.last, held.last};
    } else {
      held = it->second.gauge;
    }
  }
}

}  // namespace

struct Registry::Series {
  SeriesSnapshot data;
  int64_t cached_index = std::numeric_limits<int64_t>::min();
  MetricValue* cached = nullptr;
  bool has_value = false;
};

Registry::Clock Registry::steady_clock_from_now() {
  const auto start = std::chrono::steady_clock::now();
  return [start] {
    return std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - start);
  };
}

Registry::Registry(std::string node_id, Micros bucket_width, Clock clock, RegistryOptions options)
    : node_id_(std::move(node_id)),
      bucket_width_(bucket_width),
      clock_(std::move(clock)),
      limiter_(options.max_tag_values) {
  if (bucket_width_.count() <= 0) {
    throw std::invalid_argument(
        fmt::format("bucket width must be positive, got {} us", bucket_width_.count()));
  }
  if (!clock_) throw std::invalid_argument("the registry needs a clock");
}

Registry::~Registry() = default;

int64_t Registry::bucket_index(Micros t) const {
  const int64_t width = bucket_width_.count();
  const int64_t ticks = t.count();
  // Floor division, so that a time just before the start lands in bucket -1, not 0.
  return ticks >= 0 ? ticks / width : -((-ticks + width - 1) / width);
}

Registry::Series& Registry::series_for(const std::string& key, std::string_view metric, Kind kind,
                                       const Tags& tags) {
  if (auto it = by_key_.find(key); it != by_key_.end()) return *it->second;

  Tags sorted = tags;
  std::sort(sorted.begin(), sorted.end());
  const bool folded = limiter_.admit(metric, sorted);
  std::string kept_key = key;
  if (folded) {
    std::sort(sorted.begin(), sorted.end());
    kept_key = make_key(metric, kind, sorted);
    if (auto it = by_key_.find(kept_key); it != by_key_.end()) return *it->second;
  }

  auto series = std::make_unique<Series>();
  series->data.name = std::string(metric);
  series->data.kind = kind;
  series->data.unit = unit_of(metric, kind);
  series->data.tags = std::move(sorted);
  Series& created = *series;
  series_.push_back(std::move(series));
  by_key_.emplace(std::move(kept_key), &created);
  return created;
}

MetricValue& Registry::bucket_of(Series& series, int64_t index) {
  if (series.cached != nullptr && series.cached_index == index) return *series.cached;
  auto [it, inserted] = series.data.buckets.try_emplace(index);
  if (inserted && series.data.kind == Kind::gauge && series.has_value) {
    // The gauge held its last value when this bucket began.
    const double held = series.data.total.gauge.last;
    it->second.gauge = {held, held, held};
  } else if (inserted && series.data.kind == Kind::gauge) {
    it->second.gauge = {std::numeric_limits<double>::quiet_NaN(), 0, 0};
  }
  series.cached_index = index;
  series.cached = &it->second;
  return it->second;
}

void Registry::observe(std::string_view metric, const Tags& tags, double value) {
  if (!std::isfinite(value)) return;
  const std::string key = make_key(metric, Kind::histogram, tags);
  std::lock_guard lock(mutex_);
  Series& series = series_for(key, metric, Kind::histogram, tags);
  bucket_of(series, bucket_index(clock_())).sketch.add(value);
  series.data.total.sketch.add(value);
}

void Registry::add(std::string_view metric, const Tags& tags, double amount) {
  if (!std::isfinite(amount)) return;
  const std::string key = make_key(metric, Kind::counter, tags);
  std::lock_guard lock(mutex_);
  Series& series = series_for(key, metric, Kind::counter, tags);
  bucket_of(series, bucket_index(clock_())).sum += amount;
  series.data.total.sum += amount;
}

void Registry::gauge(std::string_view metric, const Tags& tags, double value) {
  if (!std::isfinite(value)) return;
  const std::string key = make_key(metric, Kind::gauge, tags);
  std::lock_guard lock(mutex_);
  Series& series = series_for(key, metric, Kind::gauge, tags);
  GaugeValue& cell = bucket_of(series, bucket_index(clock_())).gauge;
  if (std::isnan(cell.last)) cell = {value, value, value};
  cell = {value, std::min(cell.min, value), std::max(cell.max, value)};

  GaugeValue& total = series.data.total.gauge;
  if (!series.has_value) total = {value, value, value};
  total = {value, std::min(total.min, value), std::max(total.max, value)};
  series.has_value = true;
}

void Registry::failure(std::string_view step, std::string_view target, std::string_view reason,
                       std::string_view message) {
  const Tags tags = {{"reason", std::string(reason)},
                     {"step", std::string(step)},
                     {"target", std::string(target)}};
  const std::string key = make_key(metric::failures, Kind::counter, tags);
  std::lock_guard lock(mutex_);
  const Micros now = clock_();
  Series& series = series_for(key, metric::failures, Kind::counter, tags);
  bucket_of(series, bucket_index(now)).sum += 1;
  series.data.total.sum += 1;
  if (series.data.samples.size() < kFailureSamplesKept) {
    // A scenario can fail with a message of any size; the sample keeps enough to read.
    std::string kept(message.substr(0, kFailureSampleBytes));
    if (message.size() > kFailureSampleBytes) {
      kept += fmt::format("... ({} bytes in all)", message.size());
    }
    series.data.samples.push_back({now, node_id_, std::move(kept)});
  }
}

template <class Visit>
void Registry::for_each_matching(std::string_view metric, Kind kind, const Tags& filter,
                                 Visit&& visit) const {
  for (const auto& series : series_) {
    const SeriesSnapshot& data = series->data;
    if (data.name == metric && data.kind == kind && holds_all(data.tags, filter)) visit(data);
  }
}

double Registry::total_quantile(std::string_view metric, double q) const {
  std::lock_guard lock(mutex_);
  DDSketch merged;
  for_each_matching(metric, Kind::histogram, {}, [&merged](const SeriesSnapshot& data) {
    // Every sketch of a registry has the default mapping, so this merge cannot fail.
    (void)merged.merge(data.total.sketch);
  });
  return merged.quantile(q);
}

double Registry::counter_total(std::string_view metric, const Tags& filter) const {
  std::lock_guard lock(mutex_);
  double total = 0;
  for_each_matching(metric, Kind::counter, filter,
                    [&total](const SeriesSnapshot& data) { total += data.total.sum; });
  return total;
}

double Registry::gauge_value(std::string_view metric, const Tags& filter) const {
  std::lock_guard lock(mutex_);
  double total = 0;
  for_each_matching(metric, Kind::gauge, filter,
                    [&total](const SeriesSnapshot& data) { total += data.total.gauge.last; });
  return total;
}

NodeSnapshot Registry::snapshot() const {
  NodeSnapshot node;
  node.node_id = node_id_;
  node.bucket_width = bucket_width_;
  {
    std::lock_guard lock(mutex_);
    node.taken_at = clock_();
    node.series.reserve(series_.size());
    for (const auto& series : series_) node.series.push_back(series->data);
  }

  const int64_t current = bucket_index(node.taken_at);
  for (auto& series : node.series) {
    if (series.kind == Kind::gauge) fill_gauge_gaps(series, current);
  }
  std::sort(node.series.begin(), node.series.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.kind, a.tags) < std::tie(b.name, b.kind, b.tags);
  });
  return node;
}

}  // namespace liveload::telemetry
