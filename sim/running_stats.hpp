// Streaming count, mean, variance, sum, minimum and maximum in O(1) memory.
//
// Mean and variance use Welford's update, which stays accurate when the values sit far from
// zero (1e9 plus millisecond noise, say), where the textbook sum-of-squares formula loses every
// significant digit to cancellation. add() does no allocation.
#pragma once

#include <cmath>
#include <cstdint>

namespace capsim::sim {

class RunningStats {
 public:
  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
    sum_ += x;
    if (n_ == 1 || x < min_) min_ = x;
    if (n_ == 1 || x > max_) max_ = x;
  }

  std::uint64_t count() const { return n_; }
  // 0 when empty.
  double mean() const { return mean_; }
  // Sample variance (n - 1 denominator); 0 with fewer than two values.
  double variance() const { return n_ < 2 ? 0.0 : m2_ / static_cast<double>(n_ - 1); }
  double stddev() const { return std::sqrt(variance()); }
  double sum() const { return sum_; }
  // 0 when empty.
  double min() const { return n_ ? min_ : 0.0; }
  double max() const { return n_ ? max_ : 0.0; }

  void reset() { *this = RunningStats(); }

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0;
  double m2_ = 0;  // sum of squared deviations from the running mean
  double sum_ = 0;
  double min_ = 0;
  double max_ = 0;
};

}  // namespace capsim::sim
