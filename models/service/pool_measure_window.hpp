// A serving pool's measure over a feedback window, for `feedback` admission on ttft_p99,
// utilization or queue_length. At each round it samples the pool's running totals (PoolWindowTotals)
// and keeps the last `rounds` samples in a ring allocated once; the window's value is the
// difference between the newest sample and the one `rounds` rounds back (time 0, where every
// total is 0, until the ring is full), exactly as the policy windows the service's own measures:
//
//   utilization   (busy-share integral difference) / span: time-mean busy share of the replicas
//   queue_length  (queued-request integral difference) / span: time-mean waiting requests
//   ttft_p99      the nearest-rank p99 of the histogram difference: the first tokens in the
//                 window, within 3.1% (pool_window_totals.hpp); with no first token in the window the
//                 previous value stands (no news is not good news when a queue has stalled)
//
// Sampling, not recording per event: the pool does O(1) per change, this O(histogram) per round.
// Memory: rounds + 1 samples; for ttft_p99 each holds a 3 KB histogram (a window of 60 rounds:
// 180 KB). A ring of recent TTFTs would instead grow with the request rate or drop requests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/serving/pool_window_totals.hpp"
#include "models/waitlist/waitlist_config.hpp"
#include "sim/time.hpp"

namespace capsim::models {

class PoolMeasureWindow {
 public:
  // Starts watching (enables the pool's totals); `rounds`: samples the window spans.
  void watch(PoolWindowTotals& load, FeedbackMeasure measure, std::size_t rounds);
  bool watching() const { return load_ != nullptr; }
  // Samples the pool now (a round) and returns the measure over the window.
  double at_round(sim::SimTime now);

 private:
  struct Sample {
    sim::SimTime at = 0;
    double busy = 0, queued = 0;
  };
  double ttft_p99(std::size_t oldest, std::size_t newest);

  PoolWindowTotals* load_ = nullptr;
  FeedbackMeasure measure_ = FeedbackMeasure::Utilization;
  std::vector<Sample> samples_;        // a ring of rounds + 1 samples
  std::vector<std::uint64_t> counts_;  // ttft_p99: each sample's histogram, TtftHistogram::kBuckets apiece
  std::size_t newest_ = 0, filled_ = 1;
  double last_p99_ = 0;
};

}  // namespace capsim::models
