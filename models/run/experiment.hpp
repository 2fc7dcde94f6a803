// All replications of a scenario, spread over worker threads. Results come back in replication
// order whatever the thread count, so output is byte-identical for any --threads.
#pragma once

#include <cstdint>
#include <atomic>
#include <functional>
#include <vector>

#include "models/run/replication.hpp"
#include "models/config/scenario.hpp"

namespace capsim::models {

struct ExperimentProgress {
  // Called from the calling thread about every `period_s` with the overall fraction of
  // simulated time done and the number of events run so far.
  std::function<void(double fraction, std::uint64_t events)> report;
  double period_s = 0.5;
};

struct ExperimentOptions {
  int threads = 1;
  std::vector<int> replications;                 // which to run; empty: all of the scenario's
  const std::atomic<bool>* stop = nullptr;       // set (e.g. by SIGINT) to stop early
  std::uint64_t max_events = 0;                  // per replication; 0: no limit
  std::function<void(const RunResult&)> on_finished;  // each completed replication, from its worker, one at a time
  const ExperimentProgress* progress = nullptr;
};

// Runs the replications; returns the completed ones in replication order. Exceptions of a
// replication are rethrown after the others have stopped.
std::vector<RunResult> run_replications(const Scenario& scenario, const ExperimentOptions& options);
// All replications, no stop, no callback.
std::vector<RunResult> run_replications(const Scenario& scenario, int threads, const ExperimentProgress* progress = nullptr);

}  // namespace capsim::models
