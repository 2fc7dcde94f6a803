#include "models/accounting/pool_power.hpp"

namespace capsim::models {

PoolPower::PoolPower(EnergyLedger& ledger, std::uint32_t account, const GpuPower& power, std::int64_t gpus_per_replica, std::int64_t replicas)
    : ledger_(&ledger), account_(account), power_(power), gpus_(static_cast<double>(gpus_per_replica)) {
  count_[static_cast<std::size_t>(PowerState::Idle)] = replicas;
  ledger_->set_power(account_, 0, watts());
}

void PoolPower::add(sim::SimTime now, PowerState state, std::int64_t replicas) {
  count_[static_cast<std::size_t>(state)] += replicas;
  ledger_->set_power(account_, now, watts());
}

double PoolPower::watts() const {
  auto n = [this](PowerState s) { return static_cast<double>(count_[static_cast<std::size_t>(s)]); };
  const double share = power_.decode_share_batch_1;
  const double decode = power_.decode_w * (share * n(PowerState::Decode) +
                                           (1 - share) * static_cast<double>(decode_units_) / static_cast<double>(power_.decode_full_batch));
  const double up = n(PowerState::Idle) + n(PowerState::Prefill) + n(PowerState::Decode) + n(PowerState::Busy) + n(PowerState::Training);
  return gpus_ * (n(PowerState::Idle) * power_.idle_w + n(PowerState::Prefill) * power_.prefill_w + decode + n(PowerState::Busy) * power_.busy_w +
                  n(PowerState::Training) * power_.training_w + n(PowerState::Down) * power_.down_w + up * power_.overhead_w);
}

}  // namespace capsim::models
