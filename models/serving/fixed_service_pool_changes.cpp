// FixedServicePool over time: replicas installed and retired by `fleet.pools[].changes`
// (fleet_changes.hpp gives the order). A retirement takes idle replicas first (at once), then
// replicas down for repair (their repair is dropped), then busy ones, which finish their batch,
// take no new one and then leave, then replicas lent to the job queue, which leave when given
// back. New replicas are appended (the table is reserved for the
// most the pool may hold), start idle and up, and draw their first failure if GPUs fail.
#include <cstddef>

#include "models/serving/fixed_service_pool.hpp"
#include "models/serving/fleet_changes.hpp"

namespace capsim::models {

void FixedServicePool::on_install(std::uint32_t entry) {
  const std::int64_t add = cfg_->changes[entry].add;
  const auto first = static_cast<std::uint32_t>(replicas_.size());
  for (std::int64_t i = 0; i < add; ++i) replicas_.emplace_back();  // within the reserved capacity
  installed_ += add;
  up_ += add;
  install_power(add);
  set_reserved(share_);
  for (auto r = static_cast<std::uint32_t>(replicas_.size()); r-- > first;) {
    if (time_to_failure_) schedule_failure(r);
    free_replica(r);
  }
  set_levels();
  tell_watchers();
}

// Takes an idle or down replica out: its pending failure or repair is dropped.
void FixedServicePool::remove(std::uint32_t replica) {
  Replica& r = replicas_[replica];
  if (time_to_failure_) port_.cancel(r.lifecycle);
  remove_power(replica);
  if (r.up) --up_;
  r.up = false;
  r.retired = true;
  --installed_;
}

void FixedServicePool::on_retire(std::uint32_t entry) {
  std::int64_t left = cfg_->changes[entry].retire;
  for (; left > 0 && !idle_.empty(); --left) {
    remove(idle_.back());
    idle_.pop_back();
  }
  for (std::size_t i = 0; left > 0 && i < replicas_.size(); ++i) {
    const Replica& r = replicas_[i];
    if (!r.retired && !r.up) {
      remove(static_cast<std::uint32_t>(i));
      --left;
    }
  }
  for (std::size_t i = 0; left > 0 && i < replicas_.size(); ++i) {
    Replica& r = replicas_[i];
    if (!r.retired && r.up && r.count > 0 && !r.retiring) {
      r.retiring = true;
      --left;
    }
  }
  // Last, replicas lent to the job queue: they leave when given back (give_back()).
  for (auto it = lent_.rbegin(); left > 0 && it != lent_.rend(); ++it) {
    Replica& r = replicas_[*it];
    if (r.retiring) continue;
    r.retiring = true;
    --left;
  }
  set_reserved(share_);
  set_levels();
  tell_watchers();
}

}  // namespace capsim::models
