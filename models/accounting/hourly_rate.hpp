// A rate that is constant over each hour and repeats with a period of whole hours: a site's PUE,
// its grid's carbon intensity, an electricity price. Constant rates are the one-hour case.
//
// What the energy ledger needs of it is the integral of the rate over an interval of simulated
// time, in O(1): a table of the cumulative sums over one period, plus whole periods. The
// product of two such rates (PUE x intensity) is again constant on the hour grid, with a
// period of the least common multiple of theirs; it is tabulated once, at construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace capsim::models {

class HourlyRate {
 public:
  static constexpr sim::SimTime kHour = 3600 * sim::kTicksPerSecond;
  // Longest period a product may have (hours); longer ones are refused by the loader.
  static constexpr std::size_t kMaxHours = 1'000'000;

  HourlyRate() : HourlyRate(0.0) {}
  explicit HourlyRate(double constant) : HourlyRate(std::vector<double>{constant}) {}
  // values[h] holds over hour h of each period (hour 0 starts at time 0); not empty.
  explicit HourlyRate(std::vector<double> values);

  bool constant() const { return values_.size() == 1; }
  std::size_t hours() const { return values_.size(); }
  double at(sim::SimTime t) const { return values_[static_cast<std::size_t>((t / kHour) % static_cast<sim::SimTime>(values_.size()))]; }
  // The integral of the rate over [a, b] (a <= b), in rate x seconds.
  double integral(sim::SimTime a, sim::SimTime b) const;
  // The pointwise product; its period is the least common multiple of the two (<= kMaxHours).
  HourlyRate times(const HourlyRate& other) const;
  // The product's period in hours, to check before calling times().
  static std::uint64_t product_hours(const HourlyRate& a, const HourlyRate& b);
  // The mean over one period.
  double mean() const;

 private:
  // The integral from 0 to the start of hour `cell` (counted from time 0), in rate x hours.
  double hours_before(sim::SimTime cell) const;

  std::vector<double> values_;
  std::vector<double> cumulative_;  // cumulative_[h]: sum of values_[0..h), h = 0..n
};

}  // namespace capsim::models
