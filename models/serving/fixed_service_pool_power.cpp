// FixedServicePool's replicas in the energy books (a `datacenter` set): each replica reports its
// power state where the pool already changes it -- busy when its batch begins, idle when it joins
// the idle stack, training when lent to a job, down when it fails -- so the books add no event
// and a state that does not change costs one comparison. Installed replicas enter idle; one that
// leaves (retired, or failed while retiring) leaves from the state it was in, and its GPUs stop
// accruing capex and embodied carbon then.
#include "models/serving/fixed_service_pool.hpp"

namespace capsim::models {

void FixedServicePool::set_power(std::uint32_t replica, PowerState state) {
  if (!power_) return;
  Replica& r = replicas_[replica];
  if (r.power == state) return;
  power_->change(port_.now(), r.power, 0, state, 0);
  r.power = state;
}

void FixedServicePool::install_power(std::int64_t replicas) {
  if (!power_) return;
  power_->add(port_.now(), PowerState::Idle, replicas);
  ledger_->set_gpus(account_, port_.now(), static_cast<double>(installed_ * cfg_->gpus_per_replica));
}

// Before installed_ drops: the replica is still counted.
void FixedServicePool::remove_power(std::uint32_t replica) {
  if (!power_) return;
  power_->add(port_.now(), replicas_[replica].power, -1);
  ledger_->set_gpus(account_, port_.now(), static_cast<double>((installed_ - 1) * cfg_->gpus_per_replica));
}

}  // namespace capsim::models
