#pragma once
// A Recorder that keeps everything it is given, for tests to read back by metric and tags.
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "telemetry/recorder.hpp"

namespace liveload::engine::wire::testing {

class FakeRecorder : public telemetry::Recorder {
 public:
  void observe(std::string_view metric, const telemetry::Tags& tags, double value) override {
    samples_.push_back({std::string(metric), sorted(tags), value});
  }
  void add(std::string_view metric, const telemetry::Tags& tags, double amount) override {
    counters_[{std::string(metric), sorted(tags)}] += amount;
  }
  void gauge(std::string_view, const telemetry::Tags&, double) override {}
  void failure(std::string_view step, std::string_view target, std::string_view reason,
               std::string_view message) override {
    failures_.push_back(
        {std::string(step), std::string(target), std::string(reason), std::string(message)});
  }

  struct Failure {
    std::string step, target, reason, message;
  };
  const std::vector<Failure>& failures() const { return failures_; }

  // The counter `metric` with exactly these tags; 0 when never added to.
  double count(std::string_view metric, const telemetry::Tags& tags = {}) const {
    auto it = counters_.find({std::string(metric), sorted(tags)});
    return it == counters_.end() ? 0 : it->second;
  }

  // The counter `metric` summed over all its tag sets.
  double total(std::string_view metric) const {
    double sum = 0;
    for (const auto& [key, value] : counters_) {
      if (key.first == metric) sum += value;
    }
    return sum;
  }

  // The samples of histogram `metric` with exactly these tags, in the order observed.
  std::vector<double> values(std::string_view metric, const telemetry::Tags& tags) const {
    std::vector<double> out;
    const auto want = sorted(tags);
    for (const auto& s : samples_) {
      if (s.metric == metric && s.tags == want) out.push_back(s.value);
    }
    return out;
  }

  // The samples of histogram `metric` under any tags.
  std::vector<double> all_values(std::string_view metric) const {
    std::vector<double> out;
    for (const auto& s : samples_) {
      if (s.metric == metric) out.push_back(s.value);
    }
    return out;
  }

  // Every tag set histogram `metric` was observed with.
  std::vector<telemetry::Tags> tag_sets(std::string_view metric) const {
    std::vector<telemetry::Tags> out;
    for (const auto& s : samples_) {
      if (s.metric == metric && std::find(out.begin(), out.end(), s.tags) == out.end()) {
        out.push_back(s.tags);
      }
    }
    return out;
  }

  bool empty() const { return samples_.empty() && counters_.empty(); }

 private:
  struct Sample {
    std::string metric;
    telemetry::Tags tags;
    double value;
  };

  static telemetry::Tags sorted(telemetry::Tags tags) {
    std::sort(tags.begin(), tags.end());
    return tags;
  }

  std::vector<Sample> samples_;
  std::vector<Failure> failures_;
  std::map<std::pair<std::string, telemetry::Tags>, double> counters_;
};

}  // namespace liveload::engine::wire::testing
