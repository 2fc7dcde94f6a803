// FixedServicePool as a ReplicaLender: whole replicas lent to the job queue and given back.
// Kept apart from fixed_service_pool.cpp, which touches lending only through lent() (lent
// replicas count against the unreserved share) and tell_lender_listeners() (a replica went idle,
// a reservation changed). A lent replica is up and idle to the rest of the pool's logic except
// that it is in neither idle_ nor a batch: a retirement (fleet changes) takes it last and it
// leaves when given back, and a failure that falls while it is lent is skipped (on_failure()).
#include <algorithm>
#include <stdexcept>

#include "models/serving/fixed_service_pool.hpp"

namespace capsim::models {

std::int64_t FixedServicePool::free_replicas() const {
  return std::max<std::int64_t>(0, std::min(static_cast<std::int64_t>(idle_.size()), limit_ - busy_ - lent()));
}

// Busy replicas not about to retire (busy_ counts retiring ones too: a conservative bound is
// enough here, lend() skips them and takes what it finds).
std::int64_t FixedServicePool::preemptible_replicas() const {
  std::int64_t retiring = 0;
  for (const Replica& r : replicas_) retiring += r.count > 0 && r.retiring && !r.retired;
  return std::min(busy_ - retiring, std::max<std::int64_t>(0, limit_ - lent() - free_replicas()));
}

std::int64_t FixedServicePool::lend(std::int64_t n, bool preempt) {
  if (n < 0 || n > free_replicas() + (preempt ? preemptible_replicas() : 0))
    throw std::logic_error("FixedServicePool::lend: more replicas than may be lent");
  for (; n > 0 && free_replicas() > 0; --n) {
    lent_.push_back(idle_.back());
    idle_.pop_back();
    set_power(lent_.back(), PowerState::Training);
  }
  std::int64_t preempted = 0;
  // Busy replicas from the last one down (not those about to retire); each one's batch starts
  // over, first in line, and is answered later (its wait counts again from its arrival), as
  // after a failure.
  for (std::size_t r = replicas_.size(); n > 0 && r-- > 0;) {
    Replica& replica = replicas_[r];
    if (replica.count == 0 || replica.retiring || replica.retired) continue;
    requeue_batch(replica, static_cast<std::uint32_t>(r));
    lent_.push_back(static_cast<std::uint32_t>(r));
    set_power(static_cast<std::uint32_t>(r), PowerState::Training);
    ++preempted;
    --n;
  }
  set_levels();
  tell_watchers();
  return preempted;
}

void FixedServicePool::give_back(std::int64_t n) {
  if (n < 0 || n > lent()) throw std::logic_error("FixedServicePool::give_back: more replicas than were lent");
  for (; n > 0; --n) {
    const std::uint32_t replica = lent_.back();
    lent_.pop_back();
    if (replicas_[replica].retiring) {  // retired while lent: it leaves now
      remove(replica);
      set_reserved(share_);
      continue;
    }
    free_replica(replica);  // takes a waiting request, or goes idle
  }
  set_levels();
  tell_watchers();
}

void FixedServicePool::tell_lender_listeners() {
  for (LenderListener* l : lender_listeners_) l->on_replicas_freed();
}

}  // namespace capsim::models
