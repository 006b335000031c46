#pragma once
// The runner's one place for deciding when a virtual user starts and whether it may begin another
// iteration. Pure functions of time, so load shapes are tested in simulated time; an open model
// (arrival rate) and named throttles slot in as further implementations and decorators.
#include <optional>

#include "util/duration.hpp"

namespace liveload::runner {

class LoadShape {
 public:
  virtual ~LoadShape() = default;

  virtual int users() const = 0;
  // When user `index` (0-based) starts, as time since the run's start.
  virtual Micros start_offset(int index) const = 0;
  // Whether a user that has completed `completed` iterations may begin another at `now`.
  virtual bool may_start_iteration(long long completed, Micros now) const = 0;
  // When no new iteration may begin any more, if the shape is time-bound.
  virtual std::optional<Micros> end() const = 0;
};

// Closed model: a fixed number of users started evenly over the ramp-up, each looping until the
// duration ends or it has done its iterations (whichever is set; both may be).
class ClosedModel final : public LoadShape {
 public:
  ClosedModel(int users, Micros ramp_up, std::optional<Micros> duration,
              std::optional<long long> iterations);

  int users() const override { return users_; }
  Micros start_offset(int index) const override;
  bool may_start_iteration(long long completed, Micros now) const override;
  std::optional<Micros> end() const override { return duration_; }

 private:
  int users_;
  Micros ramp_up_;
  std::optional<Micros> duration_;
  std::optional<long long> iterations_;
};

}  // namespace liveload::runner
