// LlmServingPool's replicas going down and held back: failures per GPU (a replica fails when the
// first of its GPUs does; its requests go back to the router, their progress lost), repairs, and
// the share of the pool reserved for another tenant, constant or on a schedule.
#include "models/serving/llm_serving_pool.hpp"
#include "models/serving/replica_failures.hpp"

namespace capsim::models {

// The replica fails when the first of its GPUs does.
void LlmServingPool::schedule_failure(std::uint32_t replica) {
  lifecycle_[replica] = port_.in(sim::from_seconds(replica_time_to_failure(*time_to_failure_, cfg_->gpus_per_replica, failure_rng_)), Kind::Failure, replica);
}

// Failures strike serving replicas only: one that falls while the replica is lent to a job is
// skipped, and the next is drawn from now (a job's own interruptions and restarts are part of the
// duration its team gives; with exponential times to failure this is the same as holding the
// replica's failure clock). A retiring replica that fails leaves at once, unrepaired.
void LlmServingPool::on_failure(std::uint32_t replica) {
  if (is_lent(replica)) {
    schedule_failure(replica);
    return;
  }
  rec_->emit(sig_.failure, 1.0);
  up_[replica] = 0;
  --replicas_up_;
  rec_->set_level(sig_.up, port_.now(), static_cast<double>(replicas_up_));
  set_available(replica);
  reroute_all(replica);
  if (life_[replica] == Life::Retiring) return;  // it left once empty, that is now (sync())
  lifecycle_[replica] = port_.in(sim::from_seconds(repair_->sample(failure_rng_)), Kind::Repair, replica);
  tell_watchers();
}

void LlmServingPool::reroute_all(std::uint32_t replica) {
  drained_.clear();
  replicas_[replica].drain(port_.now(), *this, drained_);
  sync(replica);
  for (const ContinuousBatcher::Job& job : drained_) {
    rec_->emit(sig_.requeued, 1.0);
    ContinuousBatcher::Job again = job;
    again.arrival = port_.now();
    route(job.slot, again);
  }
}

void LlmServingPool::on_repair(std::uint32_t replica) {
  up_[replica] = 1;
  ++replicas_up_;
  rec_->set_level(sig_.up, port_.now(), static_cast<double>(replicas_up_));
  set_available(replica);
  sync(replica);
  schedule_failure(replica);
  tell_watchers();
  tell_lender_listeners();
}

void LlmServingPool::on_reservation(std::uint32_t entry) {
  const auto& entries = reserved_.entries();
  set_reserved(entries[entry].value);
  if (entry + 1 < entries.size()) port_.at(sim::from_seconds(entries[entry + 1].from), Kind::Reservation, entry + 1);
  tell_watchers();
  tell_lender_listeners();
}

// The last installed replicas are the reserved ones: floor(share x installed), as in
// FixedServicePool. A reserved replica finishes what it holds.
void LlmServingPool::set_reserved(double share) {
  share_ = share;
  const auto serving = unreserved_replicas(share, installed_);
  std::int64_t seen = 0;
  for (std::uint32_t r = 0; r < replicas_.size(); ++r) {
    const bool installed = life_[r] == Life::InService || life_[r] == Life::Retiring;
    reserved_flag_[r] = installed && seen++ >= serving ? 1 : 0;
    set_available(r);
  }
}

}  // namespace capsim::models
