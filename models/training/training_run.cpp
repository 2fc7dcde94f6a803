#include "models/training/training_run.hpp"

namespace capsim::models {

TrainingRun::TrainingRun(const TrainingRunConfig& config, sim::EventPort port, EnergyLedger& ledger, std::uint32_t site)
    : cfg_(&config),
      port_(port),
      ledger_(&ledger),
      account_(ledger.open("training/" + config.name, config.costs, 0, site)),
      start_(sim::from_seconds(config.start_s)),
      end_(sim::from_seconds(config.start_s + config.duration_s)) {}

void TrainingRun::handle(const sim::Event& e) {
  const sim::SimTime now = port_.now();
  switch (static_cast<Kind>(e.kind)) {
    case Kind::Start:
      ledger_->set_gpus(account_, now, cfg_->gpus);
      ledger_->set_power(account_, now, cfg_->gpus * cfg_->watts_per_gpu);
      port_.at(end_, Kind::End);
      return;
    case Kind::End:
      ledger_->set_power(account_, now, 0);
      ledger_->set_gpus(account_, now, 0);
      return;
  }
  sim::unknown_event(e, "TrainingRun");
}

sim::Measurement TrainingRun::gpu_hours(sim::SimTime now) const {
  return {"training/" + cfg_->name, "gpu_hours", "GPU-h", ledger_->gpu_seconds(account_, now) / 3600.0};
}

}  // namespace capsim::models
