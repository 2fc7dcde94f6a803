// Time-weighted mean and maximum of a piecewise-constant level, integrated exactly at each
// change (never sampled).
#pragma once

#include <cmath>
#include <cstdint>

#include "sim/time.hpp"

namespace capsim::sim {

class TimeWeighted {
 public:
  explicit TimeWeighted(SimTime start = 0, double level = 0) : start_(start), last_(start), max_(level) { assign(level); }

  // The level changes at t (t never decreases).
  void set(SimTime t, double level) {
    if (whole_level_) whole_ += static_cast<Int128>(level_whole_) * (t - last_);  // exact: one multiply
    else add(level_ * static_cast<double>(t - last_));
    last_ = t;
    assign(level);
    if (level > max_) max_ = level;
  }
  // Forgets the history before t (end of a warm-up); the level carries on.
  void restart(SimTime t) {
    start_ = last_ = t;
    integral_ = compensation_ = 0;
    whole_ = 0;
    max_ = level_;
  }
  double mean(SimTime now) const {
    if (now <= start_) return level_;
    const double total = static_cast<double>(whole_) + integral_ + compensation_ + level_ * static_cast<double>(now - last_);
    return total / static_cast<double>(now - start_);
  }
  double max() const { return max_; }
  double level() const { return level_; }

 private:
  __extension__ using Int128 = __int128;

  // Whole levels (counts of people, sessions) are integrated exactly in 128-bit integers; others
  // by Neumaier (compensated) summation, which keeps full double precision however many
  // changes a long horizon brings.
  void assign(double level) {
    level_ = level;
    whole_level_ = std::abs(level) < 9.0e15 && std::floor(level) == level;
    level_whole_ = whole_level_ ? static_cast<std::int64_t>(level) : 0;
  }
  void add(double x) {
    const double t = integral_ + x;
    compensation_ += std::abs(integral_) >= std::abs(x) ? (integral_ - t) + x : (x - t) + integral_;
    integral_ = t;
  }

  SimTime start_, last_;
  double level_ = 0, max_;
  std::int64_t level_whole_ = 0;
  bool whole_level_ = true;
  Int128 whole_ = 0;         // whole levels x ticks
  double integral_ = 0;      // other levels x ticks
  double compensation_ = 0;  // the low-order part lost by integral_
};

}  // namespace capsim::sim
