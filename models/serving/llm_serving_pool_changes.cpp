// LlmServingPool over time: replicas installed and retired by `fleet.pools[].changes`
// (fleet_changes.hpp gives the order and schedules them). An added replica takes the next unused
// index, joins the router at once and draws its first failure if GPUs fail. A retirement takes
// idle replicas at once, then replicas down for repair (their repair is dropped), then busy ones,
// which leave the router at once, finish what they hold (running and queued) and then leave;
// each time from the highest index down. A replica lent to the job queue is taken last: it leaves
// when given back. With energy accounting an installed replica draws idle power from its
// installation and one that leaves draws nothing more; its GPUs accrue capex and embodied carbon
// while installed.
#include <cstdint>

#include "models/serving/fleet_changes.hpp"
#include "models/serving/llm_serving_pool.hpp"

namespace capsim::models {

void LlmServingPool::on_install(std::uint32_t entry) {
  const std::int64_t add = cfg_->changes[entry].add;
  for (std::int64_t i = 0; i < add; ++i) {
    const std::uint32_t r = added_++;  // within the tables sized for max_replicas()
    life_[r] = Life::InService;
    up_[r] = 1;
    ++installed_;
    ++replicas_up_;
    if (time_to_failure_) schedule_failure(r);
  }
  if (power_) {  // idle from now, and their GPUs accrue embodied carbon and capex
    power_->add(port_.now(), PowerState::Idle, add);
    ledger_->set_gpus(account_, port_.now(), static_cast<double>(installed_ * cfg_->gpus_per_replica));
  }
  set_reserved(share_);  // the new ones join the router (unless the reserved share takes them)
  set_levels();
  tell_watchers();
  tell_lender_listeners();
}

void LlmServingPool::on_retire(std::uint32_t entry) {
  std::int64_t left = cfg_->changes[entry].retire;
  const auto take = [&](auto&& pick) {
    for (std::uint32_t r = added_; left > 0 && r-- > 0;) {
      if (life_[r] != Life::InService || !pick(r)) continue;
      life_[r] = Life::Retiring;
      set_available(r);
      --left;
    }
  };
  take([&](std::uint32_t r) { return up_[r] && !is_lent(r) && empty(r); });  // idle
  take([&](std::uint32_t r) { return !up_[r]; });                            // down for repair
  take([&](std::uint32_t r) { return up_[r] && !is_lent(r); });              // busy
  take([&](std::uint32_t) { return true; });                                 // lent
  // Those that hold nothing leave now; the others when they are empty and back (sync(), give_back()).
  for (std::uint32_t r = 0; r < added_; ++r)
    if (life_[r] == Life::Retiring) leave_if_done(r);
  tell_watchers();
}

void LlmServingPool::leave_if_done(std::uint32_t replica) {
  if (life_[replica] == Life::Retiring && !is_lent(replica) && (!up_[replica] || empty(replica))) leave(replica);
}

// Out of the pool: its pending failure or repair is dropped.
void LlmServingPool::leave(std::uint32_t replica) {
  if (time_to_failure_) port_.cancel(lifecycle_[replica]);
  if (power_) {  // empty (idle) or down: it draws nothing more, and its GPUs leave the books
    power_->add(port_.now(), recorded_[replica].power, -1);
    ledger_->set_gpus(account_, port_.now(), static_cast<double>((installed_ - 1) * cfg_->gpus_per_replica));
  }
  life_[replica] = Life::Retired;
  if (up_[replica]) --replicas_up_;
  up_[replica] = 0;
  --installed_;
  set_reserved(share_);
  set_levels();
  tell_watchers();
}

}  // namespace capsim::models
