// One training run as a component: it holds `gpus` accelerators from `start` for `duration`,
// drawing gpus x watts_per_gpu, in its own EnergyLedger account (scope training/NAME, at its own
// site or the datacenter's). Two events, its start and its end; the ledger integrates the
// constant draw between them exactly (IT energy = gpus x watts x duration; facility, carbon and
// cost through the site's PUE, intensity and price), and charges embodied carbon and capex for
// the GPU-seconds held. The run adds `gpu_hours` to the ledger's metrics of its scope.
#pragma once

#include <cstdint>

#include "models/accounting/energy_ledger.hpp"
#include "models/training/training_config.hpp"
#include "sim/event.hpp"
#include "sim/recorder.hpp"

namespace capsim::models {

class TrainingRun {
 public:
  enum class Kind : std::uint8_t { Start, End };

  // `site`: the ledger's index of the run's site (0: the datacenter's).
  TrainingRun(const TrainingRunConfig& config, sim::EventPort port, EnergyLedger& ledger, std::uint32_t site);

  void start() { port_.at(start_, Kind::Start); }
  void handle(const sim::Event& e);
  // gpu_hours under the run's scope, up to `now` (since the warm-up).
  sim::Measurement gpu_hours(sim::SimTime now) const;

 private:
  const TrainingRunConfig* cfg_;
  sim::EventPort port_;
  EnergyLedger* ledger_;
  std::uint32_t account_;
  sim::SimTime start_, end_;
};

}  // namespace capsim::models
