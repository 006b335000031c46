#include "report/document.hpp"

#include <algorithm>
#include <cmath>

#include "telemetry/catalogue.hpp"

namespace liveload::report {

namespace {

const boost::json::object kEmptyObject;
const boost::json::array kEmptyArray;

std::optional<telemetry::DDSketch> sketch_of(const boost::json::object& stats) {
  const std::string_view text = string_at(stats, "sketch");
  if (text.empty()) return std::nullopt;
  auto sketch = telemetry::DDSketch::from_base64(text);
  if (!sketch) return std::nullopt;
  return std::move(sketch.value());
}

int64_t start_of(const boost::json::object& bucket) {
  const double start = number_at(bucket, "start_us");
  return std::isfinite(start) ? static_cast<int64_t>(start) : 0;
}

}  // namespace

const boost::json::object* object_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

const boost::json::array* array_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->get_array() : nullptr;
}

std::string_view string_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return {};
  return {v->get_string().data(), v->get_string().size()};
}

const boost::json::object& run_of(const boost::json::value& doc) {
  if (!doc.is_object()) return kEmptyObject;
  const auto* run = object_at(doc.get_object(), "run");
  return run ? *run : kEmptyObject;
}

std::vector<MetricView> metric_views(const boost::json::value& doc) {
  std::vector<MetricView> out;
  if (!doc.is_object()) return out;
  const auto* metrics = array_at(doc.get_object(), "metrics");
  if (metrics == nullptr) return out;
  for (const auto& entry : *metrics) {
    if (!entry.is_object()) continue;
    const auto& m = entry.get_object();
    MetricView view;
    view.name = string_at(m, "name");
    view.kind = string_at(m, "kind");
    view.unit = string_at(m, "unit");
    const auto* tags = object_at(m, "tags");
    const auto* total = object_at(m, "total");
    const auto* buckets = array_at(m, "buckets");
    view.tags = tags ? tags : &kEmptyObject;
    view.total = total ? total : &kEmptyObject;
    view.buckets = buckets ? buckets : &kEmptyArray;
    if (!view.name.empty()) out.push_back(view);
  }
  return out;
}

std::vector<const MetricView*> views_named(const std::vector<MetricView>& views,
                                           std::string_view name, std::string_view kind) {
  std::vector<const MetricView*> out;
  for (const auto& view : views) {
    if (view.name == name && view.kind == kind) out.push_back(&view);
  }
  return out;
}

std::vector<std::string_view> ordered_names(const std::vector<MetricView>& views,
                                            std::string_view kind) {
  const auto known = telemetry::known_metrics();
  auto rank = [&known](std::string_view name) {
    for (size_t i = 0; i < known.size(); ++i) {
      if (known[i].name == name) return i;
    }
    return known.size();
  };
  std::vector<std::string_view> names;
  for (const auto& view : views) {
    if (view.kind == kind && std::find(names.begin(), names.end(), view.name) == names.end()) {
      names.push_back(view.name);
    }
  }
  std::sort(names.begin(), names.end(), [&rank](std::string_view a, std::string_view b) {
    return std::pair(rank(a), a) < std::pair(rank(b), b);
  });
  return names;
}

std::string tags_text(const boost::json::object& tags) {
  std::string out;
  for (const auto& [key, value] : tags) {
    if (!out.empty()) out += ", ";
    out.append(key.data(), key.size());
    out += '=';
    if (value.is_string()) out.append(value.get_string().data(), value.get_string().size());
  }
  return out;
}

std::optional<HistogramStats> merged_total(const std::vector<const MetricView*>& views) {
  if (views.empty()) return std::nullopt;
  if (views.size() == 1) return read_histogram(*views.front()->total);
  telemetry::DDSketch merged;
  for (const auto* view : views) {
    auto sketch = sketch_of(*view->total);
    if (!sketch || !merged.merge(*sketch)) return std::nullopt;
  }
  return summarize(merged);
}

std::map<int64_t, telemetry::DDSketch> bucket_sketches(
    const std::vector<const MetricView*>& views) {
  std::map<int64_t, telemetry::DDSketch> sketches;
  std::map<int64_t, bool> broken;
  for (const auto* view : views) {
    for (const auto& bucket : *view->buckets) {
      if (!bucket.is_object()) continue;
      const int64_t start = start_of(bucket.get_object());
      auto sketch = sketch_of(bucket.get_object());
      if (!sketch || !sketches[start].merge(*sketch)) broken[start] = true;
    }
  }
  for (const auto& [start, is_broken] : broken) {
    if (is_broken) sketches.erase(start);
  }
  return sketches;
}

std::map<int64_t, telemetry::GaugeValue> gauge_buckets(
    const std::vector<const MetricView*>& views) {
  std::map<int64_t, telemetry::GaugeValue> out;
  for (const auto* view : views) {
    for (const auto& bucket : *view->buckets) {
      if (!bucket.is_object()) continue;
      const auto& b = bucket.get_object();
      auto& g = out[start_of(b)];
      g.last += number_at(b, "last");
      g.min += number_at(b, "min");
      g.max += number_at(b, "max");
    }
  }
  return out;
}

double counter_sum(const std::vector<const MetricView*>& views, std::string_view key,
                   std::string_view value) {
  double total = 0;
  for (const auto* view : views) {
    if (!key.empty() && string_at(*view->tags, key) != value) continue;
    const double v = number_at(*view->total, "value");
    if (std::isfinite(v)) total += v;
  }
  return total;
}

}  // namespace liveload::report
