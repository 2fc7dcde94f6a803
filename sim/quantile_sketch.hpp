// Streaming quantiles of non-negative values in fixed memory: a log-linear histogram, as HDR
// histograms are.
//
// Buckets. A positive double x = 2^e (1 + f), 0 <= f < 1, falls in the bucket of its binary
// exponent e and the top 7 bits m of its mantissa f, read straight from the IEEE-754 bits:
//   bucket(e, m) = [L, L + w)  with  L = 2^e (1 + m/128),  w = 2^e / 128.
// Exponents cover [kMinExponent, kMaxExponent], i.e. values in [2^-30, 2^44) ~ [9.3e-10, 1.8e13]
// (1 ns to 5.6 centuries when the unit is seconds): 74 x 128 = 9472 counters, allocated once
// in the constructor. add() is a compare, a shift, a mask and an increment: no logarithm, no
// allocation.
//
// Clamping (documented behaviour, not errors):
//   - 0, values below 2^-30, negative values and NaN count in a separate zero bucket and are
//     reported as 0 (so a value below 2^-30 is reported with an absolute error under 1e-9);
//   - values at or above 2^44 (and +inf) count in the top bucket.
//
// Quantile definition (nearest rank): quantile(q) estimates the ceil(q n)-th smallest recorded
// value (the first one for q = 0), i.e. the smallest recorded v with at least ceil(q n) values
// <= v. The sketch walks the buckets in increasing order until the cumulative count reaches
// that rank, and returns the bucket's arithmetic midpoint L + w/2 (0 for the zero bucket).
//
// Error bound (kRelativeError = 1/256 ~ 0.39%). Bucket boundaries are increasing in value, so
// the bucket where the cumulative count first reaches rank r is exactly the bucket holding the
// r-th smallest value x (ties included). Both x and the midpoint lie in [L, L + w), so
//   |midpoint - x| <= w/2 = 2^e / 256,  and  x >= L >= 2^e,  hence  |midpoint - x| / x <= 1/256.
// The midpoint 2^e (1 + (m + 1/2)/128) is computed exactly (ldexp of a dyadic rational), so no
// rounding adds to this. The bound is attained for x = L (e.g. x = 1 reports 1 + 1/256). It holds
// for every value in [2^-30, 2^44); outside that range the clamping above applies.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace capsim::sim {

class QuantileSketch {
 public:
  static constexpr int kMantissaBits = 7;
  static constexpr int kMinExponent = -30;
  static constexpr int kMaxExponent = 43;
  // Proven bound on |quantile(q) - exact| / exact, see the header comment.
  static constexpr double kRelativeError = 1.0 / (2 << kMantissaBits);

  QuantileSketch() : counts_(kBuckets, 0) {}

  // x < 2^-30, negative or NaN: counted as 0. x >= 2^44: counted in the top bucket.
  void add(double x) {
    ++n_;
    if (!(x >= kSmallest)) {  // also catches NaN
      ++zeros_;
      return;
    }
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const int e = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
    std::size_t index = kBuckets - 1;  // x >= 2^44 or +inf
    if (e <= kMaxExponent)
      index = (static_cast<std::size_t>(e - kMinExponent) << kMantissaBits) |
              static_cast<std::size_t>((bits >> (52 - kMantissaBits)) & kMantissaMask);
    ++counts_[index];
  }

  std::uint64_t count() const { return n_; }

  // Adds the values counted in `other`. Exact: every value lands in the same bucket whichever
  // sketch it was added to, so the merged counts equal those of one sketch fed the pooled sample
  // (in any order), and so do the quantiles. O(buckets); merging a sketch into itself doubles it.
  void merge(const QuantileSketch& other) {
    for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
    n_ += other.n_;
    zeros_ += other.zeros_;
  }

  // The counts, for saving a sketch: values counted as 0, and the non-empty buckets as
  // (index, count) in increasing index order (the index is opaque: only from_counts reads it).
  std::uint64_t zero_count() const { return zeros_; }
  std::vector<std::pair<std::size_t, std::uint64_t>> nonzero_buckets() const {
    std::vector<std::pair<std::size_t, std::uint64_t>> out;
    for (std::size_t i = 0; i < kBuckets; ++i)
      if (counts_[i] != 0) out.emplace_back(i, counts_[i]);
    return out;
  }
  // The sketch with these counts (the inverse of the two above); nothing if an index is out of
  // range or a count overflows.
  static std::optional<QuantileSketch> from_counts(std::uint64_t zeros,
                                                   const std::vector<std::pair<std::size_t, std::uint64_t>>& buckets) {
    QuantileSketch s;
    s.zeros_ = s.n_ = zeros;
    for (const auto& [index, count] : buckets) {
      if (index >= kBuckets || s.n_ + count < s.n_) return std::nullopt;
      s.counts_[index] += count;
      s.n_ += count;
    }
    return s;
  }

  // Same counts in every bucket (hence the same quantiles).
  bool operator==(const QuantileSketch& other) const = default;

  // Nearest-rank quantile, q in [0, 1] (clamped); 0 when empty. Within kRelativeError of the
  // exact nearest-rank value for values in [2^-30, 2^44).
  double quantile(double q) const {
    if (n_ == 0) return 0;
    const double want = std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(n_));
    std::uint64_t rank = want >= 1 ? static_cast<std::uint64_t>(want) : 1;  // NaN q: rank 1
    if (rank > n_) rank = n_;
    std::uint64_t seen = zeros_;
    if (seen >= rank) return 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= rank) return midpoint(i);
    }
    return midpoint(kBuckets - 1);  // not reached: the counts add up to n_
  }

  void reset() {
    std::fill(counts_.begin(), counts_.end(), std::uint64_t{0});
    n_ = 0;
    zeros_ = 0;
  }

 private:
  static constexpr std::size_t kBuckets = static_cast<std::size_t>(kMaxExponent - kMinExponent + 1) << kMantissaBits;
  static constexpr std::uint64_t kMantissaMask = (std::uint64_t{1} << kMantissaBits) - 1;
  static constexpr double kSmallest = 0x1p-30;
  static_assert(kSmallest == 1.0 / (1 << -kMinExponent));

  static double midpoint(std::size_t i) {
    const int e = static_cast<int>(i >> kMantissaBits) + kMinExponent;
    const auto m = static_cast<double>(i & kMantissaMask);
    return std::ldexp(1.0 + (m + 0.5) / (1 << kMantissaBits), e);
  }

  std::vector<std::uint64_t> counts_;  // kBuckets counters, sized once
  std::uint64_t n_ = 0;
  std::uint64_t zeros_ = 0;
};

}  // namespace capsim::sim
