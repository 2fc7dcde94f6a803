#include "models/serving/llm_serving_pool.hpp"

#include <algorithm>
#include <cmath>

namespace capsim::models {
namespace {

std::int32_t tokens(double n) { return static_cast<std::int32_t>(std::max(1.0, std::round(n))); }

}  // namespace

LlmServingPool::LlmServingPool(const PoolConfig& config, sim::EventPort port, sim::Recorder& recorder,
                               const sim::RandomStreams& streams)
    : cfg_(&config),
      port_(port),
      rec_(&recorder),
      kv_tokens_(config.llm->kv_tokens_per_replica()),
      pending_(static_cast<std::size_t>(config.replicas)),
      pending_at_(static_cast<std::size_t>(config.replicas), sim::kTimeNever),
      recorded_(static_cast<std::size_t>(config.replicas)),
      router_(config.llm->router, static_cast<std::uint32_t>(config.replicas), streams.stream("pool/" + config.name + "/router")) {
  const LlmPoolConfig& llm = *config.llm;
  const StepCost cost(llm.gpu, llm.model, llm.roofline);
  BatchingParams batching = llm.batching;
  batching.kv_tokens = kv_tokens_;
  replicas_.reserve(static_cast<std::size_t>(config.replicas));
  for (std::int64_t r = 0; r < config.replicas; ++r) replicas_.emplace_back(cost, batching);
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
  recorder.keep(sig_.tpot, Statistic::P99, "tpot_p99_s", "s");
  recorder.keep(sig_.e2e, Statistic::Mean, "e2e_mean_s", "s");
  recorder.keep(sig_.e2e, Statistic::P99, "e2e_p99_s", "s");
  recorder.keep(sig_.tokens, Statistic::SumPerSecond, "tokens_per_s", "tokens/s");
  recorder.keep(sig_.busy, Statistic::TimeMean, "utilization", "1");
  recorder.keep(sig_.batch, Statistic::TimeMean, "batch_mean", "sequences");
  recorder.keep(sig_.kv, Statistic::TimeMean, "kv_use_mean", "1");
  recorder.keep(sig_.preempted, Statistic::Count, "preemptions", "requests");
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
  }
  sim::unknown_event(e, "LlmServingPool");
}

void LlmServingPool::on_give_up(std::uint32_t slot) {
  Held& h = held_.at(slot);
  h.gone = true;
  const sim::SimTime now = port_.now();
  rec_->emit(sig_.queue_wait, sim::to_seconds(now - h.request.time));
  rec_->emit(sig_.timed_out, 1.0);
  replicas_[h.replica].withdraw();
  sync(h.replica);
  h.listener->on_outcome(RequestOutcome{h.request.id, RequestStatus::TimedOut, now, now});
}

bool LlmServingPool::drop_if_withdrawn(std::uint32_t slot) {
  if (!held_.at(slot).gone) return false;
  held_.release(held_.handle(slot));
  return true;
}

void LlmServingPool::on_admitted(std::uint32_t slot, sim::SimTime at) {
  Held& h = held_.at(slot);
  h.waiting = false;
  if (h.request.give_up_at != sim::kTimeNever) port_.cancel(h.give_up);
  rec_->emit(sig_.queue_wait, sim::to_seconds(at - h.request.time));
}

void LlmServingPool::submit(const Request& request, RequestListener& listener) {
  rec_->emit(sig_.submitted, 1.0);
  if (request.attempt > 0) rec_->emit(sig_.retried, 1.0);
  const std::int32_t prompt = tokens(request.prompt_tokens), output = tokens(request.output_tokens);
  const std::uint32_t replica = router_.pick();
  // Too long for a replica's KV cache, or its queue is full: "at capacity".
  const bool too_long = prompt + output + 1 > kv_tokens_;
  const bool full = cfg_->queue_limit && replicas_[replica].waiting() >= *cfg_->queue_limit;
  if (too_long || full) {
    rec_->emit(sig_.rejected, 1.0);
    listener.on_outcome(RequestOutcome{request.id, RequestStatus::Rejected, port_.now(), port_.now()});
    return;
  }
  const std::uint32_t slot = held_.acquire().index;
  Held& h = held_.at(slot);
  h = Held{request, &listener, 0, {}, replica, true, false};
  if (request.give_up_at != sim::kTimeNever) h.give_up = port_.at(request.give_up_at, Kind::GiveUp, slot);
  replicas_[replica].arrive(ContinuousBatcher::Job{slot, prompt, output, false, port_.now()}, port_.now());
  sync(replica);
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
  const sim::SimTime now = port_.now();
  const double replicas = static_cast<double>(replicas_.size());
  Recorded& last = recorded_[r];
  const Recorded now_state{b.batch(), b.context(), !b.idle()};
  busy_ += static_cast<std::int64_t>(now_state.busy) - static_cast<std::int64_t>(last.busy);
  batch_total_ += now_state.batch - last.batch;
  context_total_ += now_state.context - last.context;
  last = now_state;
  rec_->set_level(sig_.busy, now, static_cast<double>(busy_) / replicas);
  rec_->set_level(sig_.batch, now, static_cast<double>(batch_total_) / replicas);
  rec_->set_level(sig_.kv, now, static_cast<double>(context_total_) / (replicas * static_cast<double>(kv_tokens_)));
}

void LlmServingPool::on_first_token(std::uint32_t slot, sim::SimTime at) {
  Held& h = held_.at(slot);
  h.first_token = at;
  rec_->emit(sig_.ttft, sim::to_seconds(at - h.request.time));
}

void LlmServingPool::on_finished(std::uint32_t slot, sim::SimTime at) {
  const Held h = held_.at(slot);
  held_.release(held_.handle(slot));
  const std::int32_t output = tokens(h.request.output_tokens);
  rec_->emit(sig_.e2e, sim::to_seconds(at - h.request.time));
  if (output > 1) rec_->emit(sig_.tpot, sim::to_seconds(at - h.first_token) / (output - 1));
  rec_->emit(sig_.tokens, static_cast<double>(output));
  h.listener->on_outcome(RequestOutcome{h.request.id, RequestStatus::Completed, h.first_token, at});
}

void LlmServingPool::on_preempted(std::uint32_t) { rec_->emit(sig_.preempted, 1.0); }

}  // namespace capsim::models
