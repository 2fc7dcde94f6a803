// A pool's electrical power from the states of its replicas: counts of replicas per state (and,
// for decode, the sum of min(batch, decode_full_batch)), so the pool's power is recomputed from
// whole numbers at each change, never accumulated by differences. The owner reports each
// replica's change of state; the power goes to the pool's EnergyLedger account.
//
// Per GPU: idle, prefill, decode (growing with the batch, accounting_config.hpp), busy (fixed
// pools), training (lent to a job), down (failed); plus `overhead` per GPU of each replica that
// is up.
#pragma once

#include <array>
#include <cstdint>

#include "models/accounting/accounting_config.hpp"
#include "models/accounting/energy_ledger.hpp"
#include "sim/time.hpp"

namespace capsim::models {

enum class PowerState : std::uint8_t { Idle, Prefill, Decode, Busy, Down, Training };

class PoolPower {
 public:
  // All `replicas` idle from time 0.
  PoolPower(EnergyLedger& ledger, std::uint32_t account, const GpuPower& power, std::int64_t gpus_per_replica, std::int64_t replicas);

  // One replica goes from (from, batch) to (to, batch); batches count only in Decode.
  void change(sim::SimTime now, PowerState from, std::int64_t from_batch, PowerState to, std::int64_t to_batch) {
    --count_[static_cast<std::size_t>(from)];
    ++count_[static_cast<std::size_t>(to)];
    if (from == PowerState::Decode) decode_units_ -= units(from_batch);
    if (to == PowerState::Decode) decode_units_ += units(to_batch);
    ledger_->set_power(account_, now, watts());
  }
  // Replicas installed (+) or removed (-) in `state`.
  void add(sim::SimTime now, PowerState state, std::int64_t replicas);
  double watts() const;

 private:
  std::int64_t units(std::int64_t batch) const { return batch < power_.decode_full_batch ? batch : power_.decode_full_batch; }

  EnergyLedger* ledger_;
  std::uint32_t account_;
  GpuPower power_;
  double gpus_;
  std::array<std::int64_t, 6> count_{};
  std::int64_t decode_units_ = 0;
};

}  // namespace capsim::models
