// Time-weighted mean and maximum of a piecewise-constant level, integrated exactly at each
// change (never sampled).
#pragma once

#include <cmath>

#include "sim/time.hpp"

namespace capsim::sim {

class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = 0, double level = 0) : start_(start), last_(start), level_(level), max_(level) {}

  // The level changes at t (t never decreases).
  void set(SimTime t, double level) {
    add(level_ * static_cast<double>(t - last_));
    last_ = t;
    level_ = level;
    if (level > max_) max_ = level;
  }
  // Forgets the history before t (end of a warm-up); the level carries on.
  void restart(SimTime t) {
    start_ = last_ = t;
    integral_ = compensation_ = 0;
    max_ = level_;
  }
  double mean(SimTime now) const {
    if (now <= start_) return level_;
    const double total = integral_ + compensation_ + level_ * static_cast<double>(now - last_);
    return total / static_cast<double>(now - start_);
  }
  double max() const { return max_; }
  double level() const { return level_; }

 private:
  // Neumaier (compensated) summation: the integral keeps full double precision however many
  // changes a long horizon brings, at the cost of a few additions (no x87 long double).
  void add(double x) {
    const double t = integral_ + x;
    compensation_ += std::abs(integral_) >= std::abs(x) ? (integral_ - t) + x : (x - t) + integral_;
    integral_ = t;
  }

  SimTime start_, last_;
  double level_, max_;
  double integral_ = 0;      // level x ticks
  double compensation_ = 0;  // the low-order part lost by integral_
};

}  // namespace capsim::sim
