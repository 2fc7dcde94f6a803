// A sweep: every replication of every arm (SweepSpec) is one run, numbered arm-major:
// index = arm * replications + replication. Arms keep the scenario's seed, so the same
// replication of different arms draws the same random streams (common random numbers; streams
// are seeded from seed, replication and stream name only).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/config/scenario.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/config/sweep_section.hpp"
#include "models/run/replication.hpp"
#include "models/run/summary.hpp"

namespace capsim::models {

struct SweepArm {
  std::vector<Override> overrides;  // the swept keys' values, in SweepSpec::keys() order
  Scenario scenario;                // the scenario with the base overrides, then these
};

struct SweepRun {
  int index = 0;
  int arm = 0;
  int replication = 0;
  std::uint64_t seed = 0;
  std::string run_id;  // "a<arm>-r<replication>": names the run's directory and its rows
};

class Sweep {
 public:
  // Loads every arm of `spec` (each validated as `capsim check` would: ScenarioError if any fails).
  Sweep(const std::string& path, const std::vector<Override>& base, SweepSpec spec);

  const SweepSpec& spec() const { return spec_; }
  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<SweepArm>& arms() const { return arms_; }
  const std::vector<SweepRun>& runs() const { return runs_; }

 private:

  SweepSpec spec_;
  std::vector<std::string> keys_;
  std::vector<SweepArm> arms_;
  std::vector<SweepRun> runs_;
};

struct SweepOptions {
  int threads = 1;
  const std::atomic<bool>* stop = nullptr;       // set (e.g. by SIGINT) to start nothing new
  std::uint64_t max_events = 0;                  // per run; 0: no limit
  std::function<void(const SweepRun&, const RunResult&)> on_finished;  // each completed run, one at a time
};

// Runs the runs of `indices` on `threads` workers; the first exception is rethrown after the
// others have stopped. Results go to on_finished only.
void run_sweep(const Sweep& sweep, const std::vector<int>& indices, const SweepOptions& options);

// summary.csv of one arm, with paired differences against a baseline arm when one is given.
struct ArmSummary {
  MetricSummary metric;
  // The arm's value minus the baseline's, replication by replication (common random numbers),
  // as a mean and 95% t-interval; absent for the baseline itself and for a metric it lacks.
  std::optional<MetricSummary> difference;
};

// `runs` are the arm's results in replication order; `baseline` the baseline arm's (same
// replications), or empty.
std::vector<ArmSummary> summarize_arm(const std::vector<RunResult>& runs, const std::vector<RunResult>& baseline);

// The baseline arm of each arm for --baseline KEY=VALUE: the arm that has VALUE for KEY and the
// same values for every other swept key; -1 where there is none. Throws std::invalid_argument if
// KEY is not swept or no arm has VALUE.
std::vector<int> baseline_arms(const Sweep& sweep, const std::string& key, const std::string& value);

}  // namespace capsim::models
