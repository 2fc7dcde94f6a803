// What summary.csv reports, in memory: each metric over replications (mean, sd, n and a 95%
// t-interval), and quantiles pooled over replications from their sketches. Sweeps and capacity
// planning call these directly; `capsim run` writes the first as summary.csv.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/run/replication.hpp"

namespace capsim::models {

struct MetricSummary {
  std::string scope;
  std::string metric;
  std::string unit;
  double mean = 0;
  double sd = 0;     // sample standard deviation over replications; 0 when n < 2
  std::size_t n = 0;  // replications that report the metric
  double ci95_lo = 0;  // 95% Student-t interval of the mean; NaN when n < 2
  double ci95_hi = 0;
};

// One entry per (scope, metric, unit), in first-seen order (the runs in the order given, each
// run's metrics in its order); values are taken in run order. A NaN value makes the entry NaN.
// summary.csv is exactly these rows.
std::vector<MetricSummary> summarize(const std::vector<RunResult>& runs);

struct PooledQuantiles {
  std::string scope;
  std::string signal;   // the recorder's signal name ("wait")
  std::uint64_t n = 0;  // values pooled over all runs
  double p50 = 0, p90 = 0, p99 = 0;  // nearest-rank, within QuantileSketch::kRelativeError
};

// Quantiles of the pooled sample of every run's RunResult::sketches, one entry per (scope,
// signal) in first-seen order. Exact merges: the same as one sketch fed every run's values.
// Runs without sketches (see RunResult::sketches) contribute nothing.
std::vector<PooledQuantiles> pooled_quantiles(const std::vector<RunResult>& runs);

}  // namespace capsim::models
