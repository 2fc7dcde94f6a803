#include "models/serving/fixed_service_pool.hpp"

#include "models/serving/replica_failures.hpp"

#include <algorithm>
#include <cmath>

#include "models/serving/fleet_changes.hpp"

namespace capsim::models {

FixedServicePool::FixedServicePool(const PoolConfig& config, sim::EventPort port, sim::Recorder& recorder,
                                   const sim::RandomStreams& streams, EnergyLedger* ledger)
    : cfg_(&config),
      port_(port),
      rec_(&recorder),
      service_time_(config.service_time_s),
      rng_(streams.stream("pool/" + config.name + "/service")),
      replicas_(static_cast<std::size_t>(config.replicas)),
      batch_(static_cast<std::uint32_t>(config.batch_max)),
      up_(config.replicas),
      installed_(config.replicas),
      reserved_(config.reserved, config.reserved_schedule),
      failure_rng_(streams.stream("pool/" + config.name + "/failures")) {
  const auto most = static_cast<std::size_t>(max_replicas(config));
  replicas_.reserve(most);
  idle_.reserve(most);
  held_.resize(most * batch_);
  done_.reserve(batch_);
  set_reserved(config.reserved);
  if (config.failures) {
    time_to_failure_ = config.failures->time_to_failure_s;
    repair_ = config.failures->repair_s;
  }
  for (std::int64_t r = config.replicas; r-- > 0;) idle_.push_back(static_cast<std::uint32_t>(r));  // replica 0 first
  if (ledger && config.accounting) {
    ledger_ = ledger;
    const std::uint32_t site = config.site ? ledger->add_site(*config.site) : 0;
    account_ = ledger->open(config.name, *config.accounting, static_cast<double>(config.replicas * config.gpus_per_replica), site);
    power_.emplace(*ledger, account_, config.accounting->power, config.gpus_per_replica, config.replicas);
  }
  const std::string& scope = config.name;
  using sim::SeriesMode;
  using sim::Statistic;
  sig_.submitted = recorder.observation(scope, "submitted");
  sig_.rejected = recorder.observation(scope, "rejected");
  sig_.queue_wait = recorder.observation(scope, "queue_wait");
  sig_.e2e = recorder.observation(scope, "e2e");
  sig_.busy = recorder.level(scope, "busy_share");
  sig_.queued = recorder.level(scope, "queued");
  sig_.up = recorder.level(scope, "replicas_up", static_cast<double>(config.replicas));
  sig_.failure = recorder.observation(scope, "failure");
  sig_.requeued = recorder.observation(scope, "requeued");
  sig_.timed_out = recorder.observation(scope, "timed_out");
  sig_.retried = recorder.observation(scope, "retried");
  sig_.installed = recorder.level(scope, "replicas_installed", static_cast<double>(config.replicas));
  sig_.batch = recorder.observation(scope, "batch");
  // The recording table: signal, statistic, metric name, unit.
  recorder.keep(sig_.submitted, Statistic::Count, "requests", "requests");
  recorder.keep(sig_.rejected, Statistic::Count, "rejected", "requests");
  recorder.keep(sig_.e2e, Statistic::Count, "completed", "requests");
  recorder.keep(sig_.timed_out, Statistic::Count, "timed_out", "requests");
  recorder.keep(sig_.retried, Statistic::Count, "retried", "requests");
  recorder.keep(sig_.queue_wait, Statistic::Mean, "queue_wait_mean_s", "s");
  recorder.keep(sig_.queue_wait, Statistic::P99, "queue_wait_p99_s", "s");
  recorder.keep(sig_.queue_wait, Statistic::FractionPositive, "p_queue", "1");
  recorder.keep(sig_.e2e, Statistic::Mean, "e2e_mean_s", "s");
  recorder.keep(sig_.e2e, Statistic::P99, "e2e_p99_s", "s");
  recorder.keep(sig_.busy, Statistic::TimeMean, "utilization", "1");
  recorder.keep(sig_.queued, Statistic::TimeMean, "queue_len_mean", "requests");
  recorder.keep(sig_.queued, Statistic::Max, "queue_len_max", "requests");
  if (config.failures || !config.changes.empty()) {
    recorder.keep(sig_.up, Statistic::TimeMean, "replicas_up_mean", "replicas");
    recorder.series(sig_.up, SeriesMode::TimeMeanPerStep, "replicas_up");
  }
  if (config.failures) {
    recorder.keep(sig_.failure, Statistic::Count, "failures", "replicas");
    recorder.keep(sig_.requeued, Statistic::Count, "requeued", "requests");
  }
  if (!config.changes.empty()) {
    recorder.keep(sig_.installed, Statistic::TimeMean, "replicas_installed_mean", "replicas");
    recorder.keep(sig_.installed, Statistic::Max, "replicas_installed_max", "replicas");
    recorder.series(sig_.installed, SeriesMode::Level, "replicas_installed");
  }
  if (batch_ > 1) recorder.keep(sig_.batch, Statistic::Mean, "batch_size_mean", "requests");
  recorder.series(sig_.busy, SeriesMode::TimeMeanPerStep, "utilization");
  recorder.series(sig_.queued, SeriesMode::Level, "queue_len");
  recorder.series(sig_.e2e, SeriesMode::CountPerStep, "completed");
  recorder.series(sig_.rejected, SeriesMode::CountPerStep, "rejected");
}

void FixedServicePool::handle(const sim::Event& e) {
  switch (static_cast<Kind>(e.kind)) {
    case Kind::Completion: on_completion(e.entity); return;
    case Kind::Failure: on_failure(e.entity); return;
    case Kind::Repair: on_repair(e.entity); return;
    case Kind::Reservation: on_reservation(e.entity); return;
    case Kind::GiveUp: on_give_up(e.entity); return;
    case Kind::Install: on_install(e.entity); return;
    case Kind::Retire: on_retire(e.entity); return;
  }
  sim::unknown_event(e, "FixedServicePool");
}

void FixedServicePool::set_reserved(double share) {
  share_ = share;
  limit_ = unreserved_replicas(share, installed_);
}

void FixedServicePool::on_reservation(std::uint32_t entry) {
  const auto& entries = reserved_.entries();
  set_reserved(entries[entry].value);
  if (entry + 1 < entries.size()) port_.at(sim::from_seconds(entries[entry + 1].from), Kind::Reservation, entry + 1);
  // A smaller reservation frees idle replicas to take waiting requests; a larger one waits for
  // busy replicas to finish.
  while (busy_ + lent() < limit_ && queued_ > 0 && !idle_.empty()) {
    const std::uint32_t replica = idle_.back();
    idle_.pop_back();
    free_replica(replica);
  }
  set_levels();
  tell_watchers();
  tell_lender_listeners();
}

void FixedServicePool::tell_watchers() {
  for (CapacityWatcher* w : watchers_) w->on_serving_replicas_changed();
}

void FixedServicePool::start() {
  if (!reserved_.empty()) port_.at(sim::from_seconds(reserved_.entries().front().from), Kind::Reservation, 0);
  schedule_changes(*cfg_, port_, Kind::Install, Kind::Retire);
  if (!time_to_failure_) return;
  for (std::uint32_t r = 0; r < replicas_.size(); ++r) schedule_failure(r);
}

// The replica fails when the first of its GPUs does.
void FixedServicePool::schedule_failure(std::uint32_t replica) {
  const double first = replica_time_to_failure(*time_to_failure_, cfg_->gpus_per_replica, failure_rng_);
  replicas_[replica].lifecycle = port_.in(sim::from_seconds(first), Kind::Failure, replica);
}

// Busy share of the replicas installed (down ones count as not busy), queue length, replicas up
// and installed.
void FixedServicePool::set_levels() {
  const sim::SimTime now = port_.now();
  rec_->set_level(sig_.busy, now, installed_ > 0 ? static_cast<double>(busy_) / static_cast<double>(installed_) : 0.0);
  rec_->set_level(sig_.queued, now, static_cast<double>(queued_));
  rec_->set_level(sig_.up, now, static_cast<double>(up_));
  if (!cfg_->changes.empty()) rec_->set_level(sig_.installed, now, static_cast<double>(installed_));
  if (window_totals_.on()) {
    window_totals_.set_busy_share(now, installed_ > 0 ? static_cast<double>(busy_) / static_cast<double>(installed_) : 0.0);
    window_totals_.set_queued(now, queued_);
  }
}

void FixedServicePool::submit(const Request& request, RequestListener& listener) {
  rec_->emit(sig_.submitted, 1.0);
  if (request.attempt > 0) rec_->emit(sig_.retried, 1.0);
  if (!idle_.empty() && busy_ + lent() < limit_) {
    const std::uint32_t replica = idle_.back();
    idle_.pop_back();
    take(replica, Held{request, &listener});  // the queue is empty: a batch of one
    begin(replica);
  } else if (cfg_->queue_limit && queued_ >= *cfg_->queue_limit) {
    rec_->emit(sig_.rejected, 1.0);
    listener.on_outcome(answer(request, RequestStatus::Rejected, port_.now(), port_.now()));
    return;
  } else {
    enqueue(Held{request, &listener}, false);
  }
  set_levels();
}

void FixedServicePool::take(std::uint32_t replica, const Held& held) {
  rec_->emit(sig_.queue_wait, sim::to_seconds(port_.now() - held.request.time));
  Replica& r = replicas_[replica];
  held_[std::size_t{replica} * batch_ + r.count++] = held;
  ++in_service_;
}

void FixedServicePool::begin(std::uint32_t replica) {
  Replica& r = replicas_[replica];
  ++busy_;
  r.began = port_.now();
  set_power(replica, PowerState::Busy);
  if (batch_ > 1) rec_->emit(sig_.batch, static_cast<double>(r.count));
  r.completion = port_.in(sim::from_seconds(service_time_.sample(rng_)), Kind::Completion, replica);
}

void FixedServicePool::enqueue(const Held& held, bool first) {
  const std::uint32_t slot = waiting_.acquire().index;
  Waiting& w = waiting_.at(slot);
  w.held = held;
  if (held.request.give_up_at != sim::kTimeNever) w.give_up = port_.at(held.request.give_up_at, Kind::GiveUp, slot);
  if (first) {
    queue_.push_front(slot);
  } else {
    queue_.push(slot);
  }
  ++queued_;
}

FixedServicePool::Held FixedServicePool::dequeue() {
  for (;;) {
    const std::uint32_t slot = queue_.pop();
    const Waiting w = waiting_.at(slot);
    waiting_.release(waiting_.handle(slot));
    if (w.gone) continue;
    port_.cancel(w.give_up);
    --queued_;
    return w.held;
  }
}

// The user gave up before service started: the request leaves the queue (lazily: its slot stays
// in the ring until it reaches the front) and is answered TimedOut; its wait counts.
void FixedServicePool::on_give_up(std::uint32_t slot) {
  Waiting& w = waiting_.at(slot);
  w.gone = true;
  --queued_;
  const sim::SimTime now = port_.now();
  rec_->emit(sig_.queue_wait, sim::to_seconds(now - w.held.request.time));
  rec_->emit(sig_.timed_out, 1.0);
  set_levels();
  w.held.listener->on_outcome(answer(w.held.request, RequestStatus::TimedOut, now, now));
}

void FixedServicePool::free_replica(std::uint32_t replica) {
  if (queued_ > 0 && busy_ + lent() < limit_) {
    while (replicas_[replica].count < batch_ && queued_ > 0) take(replica, dequeue());
    begin(replica);
  } else {
    idle_.push_back(replica);
    set_power(replica, PowerState::Idle);
    tell_lender_listeners();
  }
}

// A batch ends: its requests are answered (after the replica has taken its next batch, or left).
void FixedServicePool::on_completion(std::uint32_t replica) {
  Replica& r = replicas_[replica];
  const Held* batch = &held_[std::size_t{replica} * batch_];
  done_.assign(batch, batch + r.count);
  // With accounting: the batch's GPU time, shared evenly by its requests, for the split by
  // service (before the replica begins its next batch).
  const double gpu_s = ledger_ ? static_cast<double>(cfg_->gpus_per_replica) * sim::to_seconds(port_.now() - r.began) / static_cast<double>(r.count) : 0;
  in_service_ -= r.count;
  r.count = 0;
  --busy_;
  const bool leaves = r.retiring;
  if (leaves) {
    remove(replica);
    set_reserved(share_);
  } else {
    free_replica(replica);
  }
  set_levels();
  if (leaves) tell_watchers();
  const sim::SimTime now = port_.now();
  for (const Held& done : done_) {
    if (ledger_) {
      ledger_->add_completed(account_, 0);  // a fixed service time says nothing of tokens
      ledger_->add_service_time(account_, done.request.service, gpu_s);
    }
    rec_->emit(sig_.e2e, sim::to_seconds(now - done.request.time));
    if (window_totals_.on()) window_totals_.add_ttft(now - done.request.time);  // the first token is the finish
    done.listener->on_outcome(answer(done.request, RequestStatus::Completed, now, now));
  }
}

// The replica's requests start over, first in line and in their order; each one's wait counts
// again from its arrival, and its user waits it out (its service had started).
void FixedServicePool::requeue_batch(Replica& r, std::uint32_t replica) {
  port_.cancel(r.completion);
  --busy_;
  const Held* batch = &held_[std::size_t{replica} * batch_];
  for (std::uint32_t i = r.count; i-- > 0;) {
    rec_->emit(sig_.requeued, 1.0);
    Held again = batch[i];
    again.request.give_up_at = sim::kTimeNever;
    enqueue(again, true);
  }
  in_service_ -= r.count;
  r.count = 0;
}

// Failures strike serving replicas only: one that falls while the replica is lent to a job is
// skipped and the next is drawn from now (as LlmServingPool::on_failure explains).
void FixedServicePool::on_failure(std::uint32_t replica) {
  if (std::find(lent_.begin(), lent_.end(), replica) != lent_.end()) {  // O(lent): failures are rare
    schedule_failure(replica);
    return;
  }
  Replica& r = replicas_[replica];
  rec_->emit(sig_.failure, 1.0);
  r.up = false;
  --up_;
  if (r.count > 0) {
    requeue_batch(r, replica);
  } else {
    idle_.erase(std::find(idle_.begin(), idle_.end(), replica));  // O(idle): failures are rare
  }
  set_power(replica, PowerState::Down);
  if (r.retiring) {  // it was to leave after its batch: it leaves now, unrepaired
    remove_power(replica);
    r.retired = true;
    --installed_;
    set_reserved(share_);
    set_levels();
    tell_watchers();
    return;
  }
  set_levels();
  r.lifecycle = port_.in(sim::from_seconds(repair_->sample(failure_rng_)), Kind::Repair, replica);
  tell_watchers();
}

void FixedServicePool::on_repair(std::uint32_t replica) {
  replicas_[replica].up = true;
  ++up_;
  free_replica(replica);
  set_levels();
  schedule_failure(replica);
  tell_watchers();
}

}  // namespace capsim::models
