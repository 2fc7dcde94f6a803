// All replications of a scenario, spread over worker threads. Results come back in replication
// order whatever the thread count, so output is byte-identical for any --threads.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "models/replication.hpp"
#include "models/scenario.hpp"

namespace capsim::models {

struct ExperimentProgress {
  // Called from the calling thread about every `period_s` with the overall fraction of
  // simulated time done and the number of events run so far.
  std::function<void(double fraction, std::uint64_t events)> report;
  double period_s = 0.5;
};

std::vector<RunResult> run_replications(const Scenario& scenario, int threads, const ExperimentProgress* progress = nullptr);

}  // namespace capsim::models
