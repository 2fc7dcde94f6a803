// Diurnal and weekly modulation of an arrival process by a change of clock.
//
// Hourly factors g (24 for a day, 168 for a week) define operational time tau(t) = integral of
// g from 0 to t. A process that runs in operational time and is mapped back by t = tau^-1
// has its intensity multiplied by g(t) -- exactly, for any process (a Poisson process becomes
// the non-homogeneous one with rate lambda g(t), sampled by inversion, not by thinning).
// Factors are normalised to mean 1, so a modulated process keeps its mean rate.
#pragma once

#include <vector>

namespace capsim::models {

class Modulation {
 public:
  Modulation() = default;  // no modulation: tau(t) = t
  // `diurnal`: 24 factors or empty; `weekly`: 168 factors or empty. Throws std::invalid_argument
  // on wrong lengths or all-zero factors.
  Modulation(const std::vector<double>& diurnal, const std::vector<double>& weekly);

  bool active() const { return !factor_.empty(); }
  double factor_at(double t) const;   // g(t)
  double to_operational(double t) const;
  double to_real(double tau) const;

 private:
  std::vector<double> factor_;      // per hour of the period
  std::vector<double> cumulative_;  // operational seconds at the start of each hour
  double period_ = 0;               // seconds
};

}  // namespace capsim::models
