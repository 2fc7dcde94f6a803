// LlmServingPool as a ReplicaLender: whole replicas lent to the job queue and given back. What may
// be lent is what the router may use: replicas in service, up, not reserved and not lent. A free
// one holds no request; a preempted one is drained and its requests go back to the router with
// their progress lost (tokens already out stay out), as after a failure -- so preemption never
// loses a request, though one may be turned away if no replica is left to take it. Replicas are
// lent from the highest index down and given back the last lent first. A lent replica is out of
// the router: serving_replicas() and the capacity watchers see it gone. The free ones are counted
// as they change (refresh_free()); the busy ones are the rest of those in the router.
#include <stdexcept>

#include "models/serving/llm_serving_pool.hpp"

namespace capsim::models {

std::int64_t LlmServingPool::free_replicas() const { return free_; }

std::int64_t LlmServingPool::preemptible_replicas() const { return static_cast<std::int64_t>(router_.available()) - free_; }

std::int64_t LlmServingPool::lend(std::int64_t n, bool preempt) {
  if (n < 0 || n > free_replicas() + (preempt ? preemptible_replicas() : 0))
    throw std::logic_error("LlmServingPool::lend: more replicas than may be lent");
  const std::size_t first = lent_.size();
  const auto take = [&](bool busy) {
    for (std::uint32_t r = added_; n > 0 && r-- > 0;) {
      if (!router_.is_available(r) || empty(r) == busy) continue;
      lent_flag_[r] = 1;
      set_available(r);
      lent_.push_back(r);
      --n;
    }
  };
  take(false);
  if (preempt) take(true);
  // Out of the router first, then drained: their requests go to the replicas still serving.
  std::int64_t preempted = 0;
  for (std::size_t i = first; i < lent_.size(); ++i) {
    record_power(lent_[i]);  // a busy one trains once drained (reroute_all records it again)
    if (empty(lent_[i])) continue;
    ++preempted;
    reroute_all(lent_[i]);
  }
  tell_watchers();
  return preempted;
}

void LlmServingPool::give_back(std::int64_t n) {
  if (n < 0 || n > static_cast<std::int64_t>(lent_.size())) throw std::logic_error("LlmServingPool::give_back: more replicas than were lent");
  for (; n > 0; --n) {
    const std::uint32_t r = lent_.back();
    lent_.pop_back();
    lent_flag_[r] = 0;
    set_available(r);      // back in the router, unless reserved meanwhile
    record_power(r);
    leave_if_done(r);      // retired while lent: it leaves now
  }
  tell_watchers();
}

}  // namespace capsim::models
