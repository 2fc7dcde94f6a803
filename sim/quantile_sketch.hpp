// Streaming quantiles of non-negative values in fixed memory (a log-linear histogram, as HDR
// histograms do).
//
// A positive x = 2^e * (1 + f) falls in the bucket of its binary exponent e and the top 7 bits
// of f, i.e. [2^e (1 + m/128), 2^e (1 + (m+1)/128)). The bucket reports its arithmetic midpoint,
// which is at most half a bucket width, 2^e / 256, from any x in it, while x >= 2^e: the
// relative error of a reported quantile is at most 1/256 (0.39%) of the exact nearest-rank
// quantile. Exponents cover [2^-30, 2^44) (about 1 ns to 5.6 simulated centuries in seconds);
// smaller values (and negatives or NaN) count as 0, larger ones as the top bucket.
// add() is a few bit operations: no logarithm, no allocation.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace capsim::sim {

class QuantileSketch {
 public:
  static constexpr int kMantissaBits = 7;
  static constexpr int kMinExponent = -30;
  static constexpr int kMaxExponent = 43;
  static constexpr double kRelativeError = 1.0 / 256;

  QuantileSketch() : counts_(kBuckets, 0) {}

  void add(double x) {
    ++n_;
    if (!(x >= kSmallest)) {  // zero, tiny, negative or NaN
      ++zeros_;
      return;
    }
    const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
    int e = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
    std::uint64_t m = (bits >> (52 - kMantissaBits)) & ((1u << kMantissaBits) - 1);
    if (e > kMaxExponent) {
      e = kMaxExponent;
      m = (1u << kMantissaBits) - 1;
    }
    ++counts_[static_cast<std::size_t>(e - kMinExponent) << kMantissaBits | m];
  }

  std::uint64_t count() const { return n_; }

  // Nearest rank: the smallest recorded value with at least ceil(q n) values at or below it.
  double quantile(double q) const {
    if (n_ == 0) return 0;
    const double want = std::ceil(q * static_cast<double>(n_));
    const std::uint64_t rank = want < 1 ? 1 : static_cast<std::uint64_t>(want);
    std::uint64_t seen = zeros_;
    if (seen >= rank) return 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) {
        const int e = static_cast<int>(i >> kMantissaBits) + kMinExponent;
        const double m = static_cast<double>(i & ((1u << kMantissaBits) - 1));
        return std::ldexp(1.0 + (m + 0.5) / (1 << kMantissaBits), e);
      }
    }
    return 0;  // not reached
  }

  void reset() {
    std::fill(counts_.begin(), counts_.end(), 0);
    n_ = zeros_ = 0;
  }

 private:
  static constexpr std::size_t kBuckets = static_cast<std::size_t>(kMaxExponent - kMinExponent + 1) << kMantissaBits;
  static constexpr double kSmallest = 0x1p-30;
  std::vector<std::uint64_t> counts_;
  std::uint64_t n_ = 0, zeros_ = 0;
};

}  // namespace capsim::sim
