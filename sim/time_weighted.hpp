// Time-weighted mean and maximum of a piecewise-constant level, integrated exactly at each
// change (never sampled).
#pragma once

#include "sim/time.hpp"

namespace capsim::sim {

class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = 0, double level = 0) : start_(start), last_(start), level_(level), max_(level) {}

  // The level changes at t (t never decreases).
  void set(SimTime t, double level) {
    integral_ += static_cast<long double>(level_) * static_cast<long double>(t - last_);
    last_ = t;
    level_ = level;
    if (level > max_) max_ = level;
  }
  // Forgets the history before t (end of a warm-up); the level carries on.
  void restart(SimTime t) {
    start_ = last_ = t;
    integral_ = 0;
    max_ = level_;
  }
  double mean(SimTime now) const {
    if (now <= start_) return level_;
    const long double total = integral_ + static_cast<long double>(level_) * static_cast<long double>(now - last_);
    return static_cast<double>(total / static_cast<long double>(now - start_));
  }
  double max() const { return max_; }
  double level() const { return level_; }

 private:
  SimTime start_, last_;
  double level_, max_;
  long double integral_ = 0;  // level x ticks
};

}  // namespace capsim::sim
