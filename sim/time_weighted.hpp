// Time-weighted mean and maximum of a piecewise-constant level (queue length, busy servers,
// power draw), integrated exactly at each change, never sampled.
//
// The integral (level x ticks) is kept in two parts so a year of nanosecond ticks (3e16) and
// millions of changes do not drift:
//   - whole levels (counts of people, sessions, servers; |level| < 2^53) in a 128-bit integer,
//     which is exact: |level| x span < 2^53 x 2^63 = 2^116;
//   - other levels by Neumaier (compensated) summation of the double products, which keeps the
//     sum's error at one rounding however many terms there are.
// set() does no allocation. integral() gives the exact sums, from which the integral in
// level x seconds (energy from power) and the mean between any two instants are read.
#pragma once

#include <cassert>
#include <cmath>
#include <cstdint>

#include "sim/time.hpp"

namespace capsim::sim {

class TimeWeighted {
 public:
  __extension__ using Int128 = __int128;  // GCC and Clang; __extension__ keeps -Wpedantic quiet

  // The integral of the level over time, in level x ticks, in the exact parts it is kept in.
  // Differences of two integrals (over the span between them) stay exact for whole levels;
  // rounding happens once, when a value is read.
  struct Integral {
    Int128 whole = 0;          // whole levels x ticks, exact
    double sum = 0;            // other levels x ticks (Neumaier sum)
    double compensation = 0;   // its lost low-order part

    friend Integral operator-(const Integral& a, const Integral& b) {
      return Integral{a.whole - b.whole, a.sum - b.sum, a.compensation - b.compensation};
    }
    // In level x ticks.
    long double ticks() const {
      return static_cast<long double>(whole) + (static_cast<long double>(sum) + static_cast<long double>(compensation));
    }
    // In level x seconds. The whole part is split into seconds and leftover ticks by integer
    // division first, so its only rounding is that of the final sum.
    double seconds() const {
      constexpr Int128 kTicks = kTicksPerSecond;
      const long double whole_s = static_cast<long double>(whole / kTicks) +  // NOLINT(bugprone-integer-division): whole seconds, by design (above)
                                  static_cast<long double>(whole % kTicks) / static_cast<long double>(kTicks);
      const long double other_s = (static_cast<long double>(sum) + static_cast<long double>(compensation)) /
                                  static_cast<long double>(kTicks);
      return static_cast<double>(whole_s + other_s);
    }
  };

  explicit TimeWeighted(SimTime start = 0, double level = 0) : start_(start), last_(start), max_(level) { assign(level); }

  // The level becomes `level` at t; t never decreases.
  void set(SimTime t, double level) {
    assert(t >= last_);
    accumulate(t);
    assign(level);
    if (level > max_) max_ = level;
  }

  // The level becomes the whole number `level` at t, as set(t, level) but without the test for a
  // whole level (counts of people, sessions, jobs: the hot path). |level| < 2^53.
  void set_count(SimTime t, std::int64_t level) {
    assert(t >= last_);
    assert(level < (std::int64_t{1} << 53) && level > -(std::int64_t{1} << 53));
    accumulate(t);
    level_ = static_cast<double>(level);
    whole_level_ = true;
    level_whole_ = level;
    if (level_ > max_) max_ = level_;
  }

  // Forgets the history before t (the end of a warm-up): the average restarts at t with the
  // current level, and the maximum becomes the current level.
  void restart(SimTime t) {
    assert(t >= last_);
    start_ = last_ = t;
    whole_ = 0;
    integral_ = 0;
    compensation_ = 0;
    max_ = level_;
  }

  // Average over [start, now], the current level counting until now; the current level if
  // now == start. `now` is not before the last change.
  double mean(SimTime now) const {
    if (now <= start_) return level_;
    long double total = static_cast<long double>(whole_) + static_cast<long double>(integral_) +
                        static_cast<long double>(compensation_);
    total += static_cast<long double>(level_) * static_cast<long double>(now - last_);
    return static_cast<double>(total / static_cast<long double>(now - start_));
  }

  // The integral over [start, now], the current level counting until now. `now` is not before
  // the last change.
  Integral integral(SimTime now) const {
    assert(now >= last_);
    TimeWeighted upto = *this;
    upto.accumulate(now);
    return Integral{upto.whole_, upto.integral_, upto.compensation_};
  }

  double max() const { return max_; }
  double level() const { return level_; }

 private:
  static constexpr double kWholeLimit = 0x1p53;

  void accumulate(SimTime t) {
    const SimTime span = t - last_;
    last_ = t;
    if (whole_level_) {  // no test for a zero level or span: adding 0 is exact, a branch is not free
      whole_ += static_cast<Int128>(level_whole_) * span;
      return;
    }
    if (span == 0 || level_ == 0) return;
    const double x = level_ * static_cast<double>(span);
    const double sum = integral_ + x;
    compensation_ += std::abs(integral_) >= std::abs(x) ? (integral_ - sum) + x : (x - sum) + integral_;
    integral_ = sum;
  }

  void assign(double level) {
    level_ = level;
    whole_level_ = std::abs(level) < kWholeLimit && std::floor(level) == level;
    level_whole_ = whole_level_ ? static_cast<std::int64_t>(level) : 0;
  }

  SimTime start_;
  SimTime last_;  // time of the last change (or of the start)
  double level_ = 0;
  double max_;
  std::int64_t level_whole_ = 0;  // level_ when whole_level_
  bool whole_level_ = true;
  Int128 whole_ = 0;         // sum of whole levels x ticks, exact
  double integral_ = 0;      // sum of other levels x ticks
  double compensation_ = 0;  // the low-order part lost by integral_
};

}  // namespace capsim::sim
