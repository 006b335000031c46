#include "runner/load_shape.hpp"

namespace liveload::runner {

ClosedModel::ClosedModel(int users, Micros ramp_up, std::optional<Micros> duration,
                         std::optional<long long> iterations)
    : users_(users), ramp_up_(ramp_up), duration_(duration), iterations_(iterations) {}

Micros ClosedModel::start_offset(int index) const {
  // Evenly spaced with the first user at 0 and none at the very end of the ramp, so that N users
  // over ramp R arrive R/N apart, as a steady arrival would.
  if (users_ <= 1 || ramp_up_.count() == 0) return Micros(0);
  return Micros(ramp_up_.count() * index / users_);
}

bool ClosedModel::may_start_iteration(long long completed, Micros now) const {
  if (iterations_ && completed >= *iterations_) return false;
  if (duration_ && now >= *duration_) return false;
  return true;
}

}  // namespace liveload::runner
