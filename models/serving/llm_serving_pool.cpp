#include "models/serving/llm_serving_pool.hpp"

#include <algorithm>
#include <cmath>

#include "models/serving/fleet_changes.hpp"

namespace capsim::models {
namespace {

std::int32_t tokens(double n) { return static_cast<std::int32_t>(std::max(1.0, std::round(n))); }

}  // namespace

LlmServingPool::LlmServingPool(const PoolConfig& config, sim::EventPort port, sim::Recorder& recorder,
                               const sim::RandomStreams& streams, EnergyLedger* ledger)
    : cfg_(&config),
      port_(port),
      rec_(&recorder),
      kv_tokens_(config.llm->kv_tokens_per_replica()),
      pending_(static_cast<std::size_t>(max_replicas(config))),
      pending_at_(static_cast<std::size_t>(max_replicas(config)), sim::kTimeNever),
      recorded_(static_cast<std::size_t>(max_replicas(config))),
      router_(config.llm->router, static_cast<std::uint32_t>(max_replicas(config)), streams.stream("pool/" + config.name + "/router")),
      up_(static_cast<std::size_t>(max_replicas(config)), 1),
      reserved_flag_(static_cast<std::size_t>(max_replicas(config)), 0),
      lent_flag_(static_cast<std::size_t>(max_replicas(config)), 0),
      life_(static_cast<std::size_t>(max_replicas(config)), Life::Absent),
      lifecycle_(static_cast<std::size_t>(max_replicas(config))),
      replicas_up_(config.replicas),
      installed_(config.replicas),
      added_(static_cast<std::uint32_t>(config.replicas)),
      reserved_(config.reserved, config.reserved_schedule),
      failure_rng_(streams.stream("pool/" + config.name + "/failures")),
      window_totals_(static_cast<std::size_t>(max_replicas(config))) {
  if (config.failures) {
    time_to_failure_ = config.failures->time_to_failure_s;
    repair_ = config.failures->repair_s;
  }
  const LlmPoolConfig& llm = *config.llm;
  cost_ = llm.step_cost();
  BatchingParams batching = llm.batching;
  batching.kv_tokens = kv_tokens_;
  // Every replica the pool may ever hold; those added later are Absent (out of the router) until then.
  const auto most = static_cast<std::size_t>(max_replicas(config));
  replicas_.reserve(most);
  for (std::size_t r = 0; r < most; ++r) replicas_.emplace_back(cost_, batching);
  for (std::int64_t r = 0; r < config.replicas; ++r) life_[static_cast<std::size_t>(r)] = Life::InService;
  lent_.reserve(most);
  free_flag_.assign(most, 0);
  set_reserved(config.reserved);
  if (ledger && config.accounting) {
    ledger_ = ledger;
    const std::uint32_t site = config.site ? ledger->add_site(*config.site) : 0;  // a site's rates are tabulated once
    account_ = ledger->open(config.name, *config.accounting, static_cast<double>(config.replicas * config.gpus_per_replica), site);
    power_.emplace(*ledger, account_, config.accounting->power, config.gpus_per_replica, config.replicas);
  }
  const std::string& scope = config.name;
  using sim::SeriesMode;
  using sim::Statistic;
  sig_.submitted = recorder.observation(scope, "submitted");
  sig_.rejected = recorder.observation(scope, "rejected");
  sig_.timed_out = recorder.observation(scope, "timed_out");
  sig_.queue_wait = recorder.observation(scope, "queue_wait");
  sig_.retried = recorder.observation(scope, "retried");
  sig_.ttft = recorder.observation(scope, "ttft");
  sig_.tpot = recorder.observation(scope, "tpot");
  sig_.e2e = recorder.observation(scope, "e2e");
  sig_.tokens = recorder.observation(scope, "output_tokens");
  sig_.preempted = recorder.observation(scope, "preempted");
  sig_.busy = recorder.level(scope, "busy_share");
  sig_.batch = recorder.level(scope, "batch");
  sig_.kv = recorder.level(scope, "kv_use");
  // The recording table: signal, statistic, metric name, unit.
  recorder.keep(sig_.submitted, Statistic::Count, "requests", "requests");
  recorder.keep(sig_.e2e, Statistic::Count, "completed", "requests");
  recorder.keep(sig_.rejected, Statistic::Count, "rejected", "requests");
  recorder.keep(sig_.timed_out, Statistic::Count, "timed_out", "requests");
  recorder.keep(sig_.retried, Statistic::Count, "retried", "requests");
  recorder.keep(sig_.queue_wait, Statistic::Mean, "queue_wait_mean_s", "s");
  recorder.keep(sig_.ttft, Statistic::Mean, "ttft_mean_s", "s");
  recorder.keep(sig_.ttft, Statistic::P50, "ttft_p50_s", "s");
  recorder.keep(sig_.ttft, Statistic::P99, "ttft_p99_s", "s");
  recorder.keep(sig_.tpot, Statistic::Mean, "tpot_mean_s", "s");
  recorder.keep(sig_.tpot, Statistic::P50, "tpot_p50_s", "s");
  recorder.keep(sig_.tpot, Statistic::P99, "tpot_p99_s", "s");
  recorder.keep(sig_.e2e, Statistic::Mean, "e2e_mean_s", "s");
  recorder.keep(sig_.e2e, Statistic::P99, "e2e_p99_s", "s");
  recorder.keep(sig_.e2e, Statistic::Max, "e2e_max_s", "s");
  recorder.keep(sig_.tokens, Statistic::SumPerSecond, "tokens_per_s", "tokens/s");
  recorder.keep(sig_.tokens, Statistic::Sum, "output_tokens", "tokens");
  recorder.keep(sig_.busy, Statistic::TimeMean, "utilization", "1");
  recorder.keep(sig_.batch, Statistic::TimeMean, "batch_mean", "sequences");
  recorder.keep(sig_.kv, Statistic::TimeMean, "kv_use_mean", "1");
  recorder.keep(sig_.preempted, Statistic::Count, "preemptions", "requests");
  if (config.llm->batching.prefix_cache) {
    sig_.context = recorder.observation(scope, "prefix_context_tokens");
    sig_.cached = recorder.observation(scope, "prefix_hit_tokens");
    recorder.keep(sig_.context, Statistic::Sum, "prefix_context_tokens", "tokens");
    recorder.keep(sig_.cached, Statistic::Sum, "prefix_hit_tokens", "tokens");
  }
  sig_.up = recorder.level(scope, "replicas_up", static_cast<double>(config.replicas));
  sig_.failure = recorder.observation(scope, "failure");
  sig_.requeued = recorder.observation(scope, "requeued");
  sig_.installed = recorder.level(scope, "replicas_installed", static_cast<double>(config.replicas));
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
  recorder.series(sig_.busy, SeriesMode::TimeMeanPerStep, "utilization");
  recorder.series(sig_.batch, SeriesMode::TimeMeanPerStep, "batch_mean");
  recorder.series(sig_.e2e, SeriesMode::CountPerStep, "completed");
  recorder.series(sig_.tokens, SeriesMode::SumPerStep, "output_tokens");
  recorder.series(sig_.rejected, SeriesMode::CountPerStep, "rejected");
}

void LlmServingPool::handle(const sim::Event& e) {
  switch (static_cast<Kind>(e.kind)) {
    case Kind::Boundary:
      pending_at_[e.entity] = sim::kTimeNever;
      replicas_[e.entity].boundary(port_.now(), *this);
      sync(e.entity);
      return;
    case Kind::GiveUp: on_give_up(e.entity); return;
    case Kind::Failure: on_failure(e.entity); return;
    case Kind::Repair: on_repair(e.entity); return;
    case Kind::Reservation: on_reservation(e.entity); return;
    case Kind::Install: on_install(e.entity); return;
    case Kind::Retire: on_retire(e.entity); return;
  }
  sim::unknown_event(e, "LlmServingPool");
}

void LlmServingPool::on_give_up(std::uint32_t slot) {
  Held& h = held_.at(slot);
  h.gone = true;
  const Held gone = h;  // the batcher may drop (release) it now
  const sim::SimTime now = port_.now();
  rec_->emit(sig_.queue_wait, sim::to_seconds(now - gone.request.time));
  rec_->emit(sig_.timed_out, 1.0);
  replicas_[gone.replica].withdraw(now, *this);
  sync(gone.replica);
  gone.listener->on_outcome(answer(gone.request, RequestStatus::TimedOut, now, now));
}

bool LlmServingPool::drop_if_withdrawn(std::uint32_t slot) {
  if (!held_.at(slot).gone) return false;
  held_.release(held_.handle(slot));
  return true;
}

void LlmServingPool::on_admitted(std::uint32_t slot, sim::SimTime at, std::int64_t cached) {
  Held& h = held_.at(slot);
  h.admitted = at;
  if (!h.waiting) return;  // prefilled before, on a replica that failed since
  h.waiting = false;
  if (cfg_->llm->batching.prefix_cache && h.context > 0) {
    rec_->emit(sig_.context, static_cast<double>(h.context));
    rec_->emit(sig_.cached, static_cast<double>(cached));
  }
  if (h.request.give_up_at != sim::kTimeNever) port_.cancel(h.give_up);
  rec_->emit(sig_.queue_wait, sim::to_seconds(at - h.request.time));
}

void LlmServingPool::submit(const Request& request, RequestListener& listener) {
  rec_->emit(sig_.submitted, 1.0);
  if (request.attempt > 0) rec_->emit(sig_.retried, 1.0);
  std::int32_t prompt = tokens(request.prompt_tokens);
  const std::int32_t output = tokens(request.output_tokens);
  // A turn that carries its session's earlier turns is capped at the model's context, dropping
  // the oldest tokens: its prefix then differs from what any cache holds.
  std::int32_t context = request.context_tokens > 0 ? static_cast<std::int32_t>(std::lround(request.context_tokens)) : 0;
  const std::int64_t limit = cfg_->llm->model.context_length;
  if (context > 0 && limit > output && prompt + output > limit) {
    prompt = static_cast<std::int32_t>(std::max<std::int64_t>(prompt - context, limit - output));
    context = 0;
  }
  // Too long for a replica's KV cache, or no replica available: "at capacity".
  if (prompt + output + 1 > kv_tokens_ || router_.available() == 0) {
    reject(request, listener);
    return;
  }
  const std::uint32_t slot = held_.acquire().index;
  Held& h = held_.at(slot);
  h = Held{request, &listener, 0, {}, 0, context, true, false, 0};
  if (request.give_up_at != sim::kTimeNever) h.give_up = port_.at(request.give_up_at, Kind::GiveUp, slot);
  // The session: the asker (slot and generation) of this service.
  const std::uint64_t session = (std::uint64_t{request.service} << 56) ^ (std::uint64_t{request.id.generation} << 32) ^ request.id.index;
  route(slot, ContinuousBatcher::Job{slot, prompt, output, false, port_.now(), session, context});
}

void LlmServingPool::reject(const Request& request, RequestListener& listener) {
  rec_->emit(sig_.rejected, 1.0);
  listener.on_outcome(answer(request, RequestStatus::Rejected, port_.now(), port_.now()));
}

void LlmServingPool::route(std::uint32_t slot, const ContinuousBatcher::Job& job) {
  Held& h = held_.at(slot);
  const bool any = router_.available() > 0;
  const std::uint32_t replica = any ? router_.pick() : 0;
  if (!any || (cfg_->queue_limit && replicas_[replica].waiting() >= *cfg_->queue_limit)) {
    if (h.waiting && h.request.give_up_at != sim::kTimeNever) port_.cancel(h.give_up);
    const Held gone = h;
    held_.release(held_.handle(slot));
    reject(gone.request, *gone.listener);
    return;
  }
  h.replica = replica;
  replicas_[replica].arrive(job, port_.now(), *this);
  sync(replica);
}

void LlmServingPool::start() {
  if (!reserved_.empty()) port_.at(sim::from_seconds(reserved_.entries().front().from), Kind::Reservation, 0);
  schedule_changes(*cfg_, port_, Kind::Install, Kind::Retire);
  if (!time_to_failure_) return;
  for (std::uint32_t r = 0; r < added_; ++r) schedule_failure(r);
}

void LlmServingPool::set_available(std::uint32_t replica) {
  router_.set_available(replica, life_[replica] == Life::InService && up_[replica] && !reserved_flag_[replica] && !lent_flag_[replica]);
  refresh_free(replica);
}

void LlmServingPool::refresh_free(std::uint32_t replica) {
  const bool free = router_.is_available(replica) && empty(replica);
  if (free == (free_flag_[replica] != 0)) return;
  free_flag_[replica] = free ? 1 : 0;
  free_ += free ? 1 : -1;
}

void LlmServingPool::tell_lender_listeners() {
  for (LenderListener* l : lender_listeners_) l->on_replicas_freed();
}

void LlmServingPool::set_levels() {
  const sim::SimTime now = port_.now();
  const double installed = static_cast<double>(std::max<std::int64_t>(1, installed_));  // none installed: all levels are 0
  rec_->set_level(sig_.busy, now, static_cast<double>(busy_) / installed);
  rec_->set_level(sig_.batch, now, static_cast<double>(batch_total_) / installed);
  rec_->set_level(sig_.kv, now, context_total_ / (installed * static_cast<double>(kv_tokens_)));
  rec_->set_level(sig_.up, now, static_cast<double>(replicas_up_));
  rec_->set_level(sig_.installed, now, static_cast<double>(installed_));
  if (window_totals_.on()) window_totals_.set_busy_share(now, static_cast<double>(busy_) / installed);
}

void LlmServingPool::tell_watchers() {
  for (CapacityWatcher* w : watchers_) w->on_serving_replicas_changed();
}

void LlmServingPool::sync(std::uint32_t r) {
  const ContinuousBatcher& b = replicas_[r];
  const sim::SimTime t = b.next_boundary();
  if (t != pending_at_[r]) {
    if (pending_at_[r] == sim::kTimeNever) {
      pending_[r] = port_.at(t, Kind::Boundary, r);
    } else if (t == sim::kTimeNever) {
      port_.cancel(pending_[r]);
    } else {
      port_.reschedule(pending_[r], t);
    }
    pending_at_[r] = t;
  }
  router_.set_load(r, router_.kind() == RouterKind::LeastKv ? b.context() : b.outstanding());
  // The pool's levels, set only when they move (most boundaries leave them as they were).
  Recorded& last = recorded_[r];
  Recorded next{b.batch(), b.kv_in_use(), !b.idle()};
  const sim::SimTime now = port_.now();
  record_power(r);
  next.power = last.power;
  next.power_batch = last.power_batch;
  const auto replicas = static_cast<double>(installed_);  // r is installed: > 0
  const bool emptied = next.busy != last.busy && !next.busy;
  if (next.busy != last.busy) {
    busy_ += next.busy ? 1 : -1;
    rec_->set_level(sig_.busy, now, static_cast<double>(busy_) / replicas);
  }
  if (next.batch != last.batch) {
    batch_total_ += next.batch - last.batch;
    rec_->set_level(sig_.batch, now, static_cast<double>(batch_total_) / replicas);
  }
  if (next.context != last.context) {
    context_total_ += next.context - last.context;
    rec_->set_level(sig_.kv, now, context_total_ / (replicas * static_cast<double>(kv_tokens_)));
  }
  last = next;
  if (window_totals_.on()) {
    window_totals_.set_busy_share(now, static_cast<double>(busy_) / replicas);
    window_totals_.set_queued_part(r, now, b.waiting());
  }
  refresh_free(r);
  if (life_[r] == Life::Retiring) {
    leave_if_done(r);
  } else if (emptied && !lender_listeners_.empty()) {
    tell_lender_listeners();  // a replica came free
  }
}

// With accounting: the replica's power state from what it does now (a lent one is drained: its
// GPUs train), reported when it changes.
void LlmServingPool::record_power(std::uint32_t r) {
  if (!power_) return;
  const ContinuousBatcher& b = replicas_[r];
  Recorded& last = recorded_[r];
  const PowerState power = !up_[r]       ? PowerState::Down
                           : lent_flag_[r] ? PowerState::Training
                           : b.idle()      ? PowerState::Idle
                           : b.prefilling() ? PowerState::Prefill
                                            : PowerState::Decode;
  const std::int64_t batch = power == PowerState::Decode ? b.batch() : 0;
  if (power == last.power && batch == last.power_batch) return;
  power_->change(port_.now(), last.power, last.power_batch, power, batch);
  last.power = power;
  last.power_batch = batch;
}

void LlmServingPool::on_first_token(std::uint32_t slot, sim::SimTime at) {
  Held& h = held_.at(slot);
  h.first_token = at;
  rec_->emit(sig_.ttft, sim::to_seconds(at - h.request.time));
  if (window_totals_.on()) window_totals_.add_ttft(at - h.request.time);
}

void LlmServingPool::on_finished(std::uint32_t slot, sim::SimTime at) {
  const Held h = held_.at(slot);
  held_.release(held_.handle(slot));
  const std::int32_t output = tokens(h.request.output_tokens);
  rec_->emit(sig_.e2e, sim::to_seconds(at - h.request.time));
  if (output > 1) rec_->emit(sig_.tpot, sim::to_seconds(at - h.first_token) / (output - 1));
  rec_->emit(sig_.tokens, static_cast<double>(output));
  if (ledger_) {
    ledger_->add_completed(account_, static_cast<double>(output));
    ledger_->add_service_time(account_, h.request.service, static_cast<double>(cfg_->gpus_per_replica) * sim::to_seconds(at - h.admitted));
  }
  h.listener->on_outcome(answer(h.request, RequestStatus::Completed, h.first_token, at));
}

void LlmServingPool::on_preempted(std::uint32_t) { rec_->emit(sig_.preempted, 1.0); }

}  // namespace capsim::models
