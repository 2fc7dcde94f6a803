// One replication of a scenario: builds the services, runs the event loop to the horizon and
// returns what the recorder kept.
#pragma once

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "models/config/scenario.hpp"
#include "sim/quantile_sketch.hpp"
#include "sim/recorder.hpp"

namespace capsim::models {

// The quantile sketch of one signal over one replication (after the warm-up).
struct SignalSketch {
  std::string scope;
  std::string signal;  // the recorder's signal name ("wait")
  sim::QuantileSketch sketch;
};

struct RunResult {
  int replication = 0;
  bool completed = false;  // false: stopped before the horizon (its numbers are not kept)
  std::uint64_t events = 0;
  // A hash of the event trajectory (time, component, kind, entity of every event), as OMNeT++
  // keeps fingerprints: any unintended change of behaviour changes it. 0 unless asked for.
  std::uint64_t fingerprint = 0;
  double wall_s = 0;
  std::vector<sim::Measurement> metrics;
  std::vector<sim::SeriesName> series_names;
  std::vector<sim::SeriesPoint> series;
  // The sketches of the signals that keep quantiles, for quantiles pooled over replications
  // (summary.hpp).
  std::vector<SignalSketch> sketches;
};

// Read by another thread while the replication runs.
struct ReplicationProgress {
  std::atomic<double> fraction{0};        // of simulated time, 0 to 1
  std::atomic<std::uint64_t> events{0};   // events run so far
};

struct ReplicationOptions {
  ReplicationProgress* progress = nullptr;
  // Polled between slices of simulated time; when set the replication returns early with
  // completed = false.
  const std::atomic<bool>* stop = nullptr;
  // Bounds the events of the replication (0: none): past it, LimitExceeded.
  std::uint64_t max_events = 0;
  // Hash every event into RunResult::fingerprint (the fingerprint tests); off in production runs.
  bool fingerprint = false;
};

RunResult run_replication(const Scenario& scenario, int replication, const ReplicationOptions& options = {});

// A resource guard the user set (--max-events) was reached; the message says what to change.
class LimitExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace capsim::models
