// What a pool tells of its load to whatever follows it over time windows (a service's `feedback`
// admission on ttft_p99, utilization or queue_length): running totals since time 0 that a
// watcher samples at its own decisions and differences over its window.
//
//   busy_share_seconds      integral of the busy share of the replicas (the pool's `utilization`
//                           level) over time: its difference over a window / the window's length
//                           is the time-mean utilization there
//   queued_request_seconds  integral of the requests waiting for a replica (queue_len): likewise
//   ttft                    a cumulative histogram of the time to first token of the requests
//                           answered (fixed pools: the finish), so a window's histogram is the
//                           difference of two samples and its p99 is read from that
//
// Cost: nothing unless a watcher enabled it (enable()); then O(1) per level change or first
// token, no allocation (the per-part table is sized once). The histogram is log-linear with 16
// buckets an octave over [2^-10 s, 2^14 s) (~1 ms to 4.5 h): a quantile read at a bucket's
// midpoint is within 1/32 (3.1%) of the true sample quantile (the proof of sim/quantile_sketch.hpp
// with 4 mantissa bits); faster answers read as 0, slower ones land in the top bucket. 386
// counters (3 KB) keep a window snapshot small, where the run-wide 9,472-counter sketch would not.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace capsim::models {

class TtftHistogram {
 public:
  static constexpr int kMantissaBits = 4;
  static constexpr int kMinExponent = -10;
  static constexpr int kMaxExponent = 13;
  // Bucket 0: below 2^-10 s; then 16 per octave; the last: 2^14 s and more.
  static constexpr std::size_t kBuckets = 2 + (std::size_t{kMaxExponent - kMinExponent + 1} << kMantissaBits);
  static constexpr double kRelativeError = 1.0 / (2 << kMantissaBits);

  void add(double seconds) { ++counts_[bucket(seconds)]; }
  const std::array<std::uint64_t, kBuckets>& counts() const { return counts_; }

  static std::size_t bucket(double x) {
    if (!(x >= 0x1p-10)) return 0;
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const int e = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
    if (e > kMaxExponent) return kBuckets - 1;
    return 1 + ((static_cast<std::size_t>(e - kMinExponent) << kMantissaBits) |
                static_cast<std::size_t>((bits >> (52 - kMantissaBits)) & ((1u << kMantissaBits) - 1)));
  }
  // What a bucket reports: 0 below the range, the midpoint inside, the lower edge of the top one.
  static double value(std::size_t bucket) {
    if (bucket == 0) return 0;
    if (bucket == kBuckets - 1) return 0x1p14;
    const std::size_t i = bucket - 1;
    const int e = kMinExponent + static_cast<int>(i >> kMantissaBits);
    const auto m = static_cast<double>(i & ((1u << kMantissaBits) - 1));
    return std::ldexp(1 + (m + 0.5) / (1 << kMantissaBits), e);
  }

 private:
  std::array<std::uint64_t, kBuckets> counts_{};
};

class PoolWindowTotals {
 public:
  // `parts`: how many separate queues add up to the pool's waiting requests (one per replica
  // for continuous batching, one for a fixed pool's shared queue).
  explicit PoolWindowTotals(std::size_t parts = 1) : queued_parts_(parts, 0) {}

  void enable() { on_ = true; }
  bool on() const { return on_; }

  void set_busy_share(sim::SimTime now, double share) { busy_.set(now, share); }
  void set_queued(sim::SimTime now, std::int64_t waiting) { set_queued_part(0, now, waiting); }
  void set_queued_part(std::size_t part, sim::SimTime now, std::int64_t waiting) {
    queued_total_ += waiting - queued_parts_[part];
    queued_parts_[part] = waiting;
    queued_.set(now, static_cast<double>(queued_total_));
  }
  void add_ttft(sim::SimTime ttft) { ttft_.add(sim::to_seconds(ttft)); }

  double busy_share_seconds(sim::SimTime now) const { return busy_.integral(now); }
  double queued_request_seconds(sim::SimTime now) const { return queued_.integral(now); }
  const TtftHistogram& ttft() const { return ttft_; }

 private:
  // The integral of a piecewise-constant level, exact at each change.
  struct Integral {
    double area = 0, level = 0;
    sim::SimTime since = 0;
    void set(sim::SimTime now, double next) {
      area += level * sim::to_seconds(now - since);
      since = now;
      level = next;
    }
    double integral(sim::SimTime now) const { return area + level * sim::to_seconds(now - since); }
  };

  bool on_ = false;
  Integral busy_, queued_;
  std::vector<std::int64_t> queued_parts_;
  std::int64_t queued_total_ = 0;
  TtftHistogram ttft_;
};

}  // namespace capsim::models
