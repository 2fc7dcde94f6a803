// When work that can wait for cleaner electricity may go: a waitlist's wave or an approved
// training job due while the grid is dirty waits for the next clean hour of the site's grid
// intensity profile (one value, or one per hour repeated; hour 0 at time 0, as HourlyRate).
//
// An hour is clean when its intensity is at or below `threshold` (gCO2e/kWh), or when it is
// among the `cleanest_hours` N cleanest of its day: at or below the day's N-th lowest value, so
// that ties all qualify (a flat profile makes every hour clean; 24 makes every hour clean). A
// profile whose length is not a multiple of 24 is repeated to a whole number of days first.
// `max_delay` bounds the wait: work goes at the earlier of the next clean hour and due +
// max_delay. The next clean hour is looked up in O(1) from a table of "hours until the next
// clean hour", one entry per hour of the period, built once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.hpp"

namespace capsim::models {

struct CleanHoursRule {
  std::optional<double> threshold_g_per_kwh;  // one of threshold and cleanest_hours
  std::optional<int> cleanest_hours;          // 1..24
  std::optional<double> max_delay_s;          // absent: wait as long as it takes
  std::vector<double> grid_g_per_kwh{0.0};    // the site's profile, resolved by the loader
};

class CleanHours {
 public:
  explicit CleanHours(const CleanHoursRule& rule);

  // Empty if the rule is usable; otherwise why not (no clean hour and no max_delay, or a
  // period too long to tabulate), for the loader to report at the rule.
  static std::string problem(const CleanHoursRule& rule);

  // Whether some hour of the period is clean.
  bool any_clean() const { return any_clean_; }
  std::size_t period_hours() const { return hours_to_clean_.size(); }
  bool clean_at(sim::SimTime t) const { return hours_to_clean_[hour_of(t)] == 0; }
  // When work due at `due` may go: `due` itself in a clean hour, otherwise the start of the
  // next clean hour, and never later than due + max_delay.
  sim::SimTime release_at(sim::SimTime due) const;

 private:
  static constexpr std::uint32_t kNever = UINT32_MAX;
  std::size_t hour_of(sim::SimTime t) const;

  std::vector<std::uint32_t> hours_to_clean_;  // per hour of the period: 0 if clean, kNever if none is
  bool any_clean_ = false;
  std::optional<sim::SimTime> max_delay_;
};

}  // namespace capsim::models
