#include "models/serving/continuous_batcher.hpp"

#include <algorithm>
#include <cassert>

namespace capsim::models {
namespace {

// Min-heap order: the earliest to finish on top, then the earliest to join.
bool later(const auto& a, const auto& b) {
  return a.done_step != b.done_step ? a.done_step > b.done_step : a.order > b.order;
}

}  // namespace

ContinuousBatcher::ContinuousBatcher(const StepCost& cost, const BatchingParams& params) : cost_(&cost), params_(params) {
  running_.reserve(static_cast<std::size_t>(params.max_batch));
  prefilling_.reserve(static_cast<std::size_t>(params.max_batch));
}

// A job may join a batch of `batch` sequences holding `context` tokens if the batch has room and
// the KV cache holds its prefill, its first token, and one more decode step of the whole batch.
bool ContinuousBatcher::fits(const Job& job, std::int64_t context, std::int64_t batch) const {
  return batch + 1 <= params_.max_batch && context + job.prefill + 1 + (batch + 1) <= params_.kv_tokens;
}

void ContinuousBatcher::arrive(const Job& job, sim::SimTime now, BatchListener& listener) {
  assert(job.remaining >= 1 && job.prefill + job.remaining + 1 <= params_.kv_tokens);
  if (phase_ == Phase::Idle) {  // its prefill starts now (nothing waits at an idle replica)
    clock_ = femtos_of_tick(now);
    begin_step();
    [[maybe_unused]] const bool joined = try_join(job);  // alone it fits: arrive() requires it
    assert(joined);
    if (!job.started) listener.on_admitted(job.slot, now, last_hit_);
    phase_ = Phase::Prefill;
    from_idle_ = true;
    time_prefill();
    return;
  }
  if (phase_ == Phase::Prefill && from_idle_ && clock_ == femtos_of_tick(now) && waiting() == 0 && try_join(job)) {
    if (!job.started) listener.on_admitted(job.slot, now, last_hit_);
    time_prefill();
    return;
  }
  waiting_.push(job);
  if (phase_ == Phase::Decode && waiting() == 1) stop_for_head(job, now);
}

void ContinuousBatcher::boundary(sim::SimTime now, BatchListener& listener) {
  clock_ = step_end_;
  const sim::SimTime at = tick_at_or_after(clock_);
  if (phase_ == Phase::Prefill) {
    // The cache keeps to the KV memory the step left free (at the end of a decode run, its last
    // step's: the same entries go whether the run was jumped or stepped).
    if (params_.prefix_cache) cache_.shrink_to(params_.kv_tokens - step_context_);
    if (params_.chunked_prefill && batch_ > 0) {  // the decodes of a mixed step
      ++steps_;
      finish_done(at, listener);
    }
    for (const Job& j : prefilling_) {
      if (!j.started) listener.on_first_token(j.slot, at);
      if (j.remaining == 1) {
        cache_finished(j.session, j.prefill + 1);
        listener.on_finished(j.slot, at);
        continue;
      }
      push_running(Running{steps_ + j.remaining - 1, steps_, j.prefill, j.slot, joins_++, j.session});
      ctx_base_ += j.prefill + 1 - steps_;
      ++batch_;
    }
    prefilling_.clear();
    partial_done_ += partial_chunk_;
    partial_chunk_ = 0;
  } else if (phase_ == Phase::Decode) {
    steps_ += run_steps_;
    if (params_.prefix_cache) cache_.shrink_to(params_.kv_tokens - context());
    finish_done(at, listener);
  }
  plan(now, listener);
}

void ContinuousBatcher::finish_done(sim::SimTime at, BatchListener& listener) {
  while (!running_.empty() && running_.front().done_step <= steps_) {
    const Running r = pop_running();
    ctx_base_ -= r.prefill + 1 - r.join_step;
    --batch_;
    cache_finished(r.session, r.prefill + 1 + steps_ - r.join_step);  // its prompt and output
    listener.on_finished(r.slot, at);
  }
}

void ContinuousBatcher::plan(sim::SimTime now, BatchListener& listener) {
  bool preempted = false;
  for (;;) {
    const bool may_join = !preempted && !(params_.static_batches && batch_ > 0);
    if (params_.chunked_prefill) {
      // The step's decodes must fit before it is formed (each running sequence grows by one).
      if (batch_ > 0 && committed() + batch_ > params_.kv_tokens) {
        if (has_partial_) preempt_partial(listener);
        else preempt_latest(listener);
        preempted = true;
        continue;
      }
      if (admit(false, may_join, listener)) return;  // a mixed step
      if (batch_ > 0) {
        start_decode_run();
        return;
      }
    } else if (may_join && admit(false, true, listener)) {
      return;
    }
    if (batch_ > 0) {
      if (context() + batch_ > params_.kv_tokens) {
        preempt_latest(listener);
        preempted = true;
        continue;
      }
      start_decode_run();
      return;
    }
    if (!waiting_.empty()) {  // only requests of this very tick: start them as if idle already
      clock_ = std::max(clock_, femtos_of_tick(now));
      if (admit(true, true, listener)) {
        from_idle_ = true;
        return;
      }
      continue;  // all of them had been withdrawn
    }
    phase_ = Phase::Idle;
    return;
  }
}

bool ContinuousBatcher::admit(bool everyone, bool may_join, BatchListener& listener) {
  from_idle_ = false;
  if (waiting_.empty() && !has_partial_ && !(params_.chunked_prefill && batch_ > 0)) return false;
  const sim::SimTime tick = tick_at_or_after(clock_);
  begin_step();
  continue_partial();
  while (may_join && !waiting_.empty()) {
    const Job& j = waiting_.front();
    if (withdrawn_ > 0 && !j.started && listener.drop_if_withdrawn(j.slot)) {
      waiting_.pop();
      --withdrawn_;
      continue;
    }
    if (!everyone && j.arrival >= tick) break;
    if (!try_join(j)) break;
    if (!j.started) listener.on_admitted(j.slot, tick, last_hit_);
    waiting_.pop();
  }
  if (prefilling_.empty() && partial_chunk_ == 0) return false;
  phase_ = Phase::Prefill;
  time_prefill();
  return true;
}

void ContinuousBatcher::begin_step() {
  prefill_tokens_ = prefill_pairs_ = prefill_history_ = partial_chunk_ = 0;
  prefill_context_ = context();
  budget_ = params_.max_batched_tokens - batch_;
  commit_ = committed();
}

std::int64_t ContinuousBatcher::cached_prefix(const Job& j) const {
  if (!params_.prefix_cache || j.started || j.context <= 0) return 0;
  return std::min({cache_.peek(j.session), static_cast<std::int64_t>(j.context), static_cast<std::int64_t>(j.prefill) - 1});
}

bool ContinuousBatcher::try_join(const Job& j) {
  if (params_.chunked_prefill) return try_chunk(j);
  const std::int64_t batch = batch_ + static_cast<std::int64_t>(prefilling_.size());
  const std::int64_t hit = cached_prefix(j), fresh = j.prefill - hit;
  if (!prefilling_.empty() && prefill_tokens_ + fresh > params_.max_batched_tokens) return false;
  if (!fits(j, prefill_context_, batch)) return false;
  if (params_.prefix_cache && !j.started) cache_.take(j.session);  // a hit's KV moves to the request
  last_hit_ = hit;
  prefill_tokens_ += fresh;
  prefill_pairs_ += static_cast<std::int64_t>(j.prefill) * j.prefill - hit * hit;
  prefill_history_ += hit;
  prefill_context_ += j.prefill + 1;
  prefilling_.push_back(j);
  return true;
}

void ContinuousBatcher::time_prefill() {
  const auto prefills = static_cast<std::int64_t>(prefilling_.size());
  if (!params_.chunked_prefill) {
    step_context_ = prefill_context_;
    step_end_ = clock_ + cost_->step(prefill_tokens_, prefill_pairs_, prefills, 0, 0, prefill_history_);
    return;
  }
  // A mixed step: the chunks, and one token for each running decode.
  step_context_ = running_context() + batch_ + (has_partial_ ? partial_done_ + partial_chunk_ : 0);
  for (const Job& j : prefilling_) step_context_ += j.prefill + 1;
  const std::int64_t sequences = prefills + (partial_chunk_ > 0 ? 1 : 0) + batch_;
  step_end_ = clock_ + cost_->step(prefill_tokens_, prefill_pairs_, sequences, batch_, running_context(), prefill_history_);
}

void ContinuousBatcher::start_decode_run() {
  const std::int64_t context = running_context();
  std::int64_t k = running_.front().done_step - steps_;
  k = std::min(k, (params_.kv_tokens - committed()) / batch_);
  if (params_.every_iteration) k = 1;
  phase_ = Phase::Decode;
  run_steps_ = k;
  step_end_ = clock_ + cost_->decode_run(batch_, context, k);
  // admit() has dropped the withdrawn requests ahead of the first that stays.
  if (!waiting_.empty()) stop_for_head(waiting_.front(), waiting_.front().arrival);
}

void ContinuousBatcher::withdraw(sim::SimTime now, BatchListener& listener) {
  ++withdrawn_;
  if (phase_ != Phase::Decode) return;  // a prefill's end or idle: the next plan sees the queue
  bool dropped = false;
  while (!waiting_.empty() && !waiting_.front().started && listener.drop_if_withdrawn(waiting_.front().slot)) {
    waiting_.pop();
    --withdrawn_;
    dropped = true;
  }
  if (dropped && !waiting_.empty()) stop_for_head(waiting_.front(), now);
}

void ContinuousBatcher::stop_for_head(const Job& head, sim::SimTime since) {
  if (run_steps_ <= 1 || params_.static_batches) return;
  // With chunking the head joins only when the step has budget left and no prefill in progress.
  if (params_.chunked_prefill && (has_partial_ || batch_ >= params_.max_batched_tokens)) return;
  const std::int64_t context = running_context();
  const std::int64_t j = cost_->steps_to_pass(batch_, context, run_steps_, femtos_of_tick(since) - clock_);
  if (j >= run_steps_ || !fits(head, committed() + j * batch_, batch_)) return;
  run_steps_ = j;
  step_end_ = clock_ + cost_->decode_run(batch_, context, j);
}

// vLLM's recompute: the latest to join leaves the batch and goes back to the head of the queue
// with everything it has so far (prompt and output) to prefill again.
void ContinuousBatcher::preempt_latest(BatchListener& listener) {
  const auto victim = std::max_element(running_.begin(), running_.end(),
                                       [](const Running& a, const Running& b) { return a.order < b.order; });
  const Running r = *victim;
  running_.erase(victim);
  std::make_heap(running_.begin(), running_.end(), [](const Running& a, const Running& b) { return later(a, b); });
  ctx_base_ -= r.prefill + 1 - r.join_step;
  --batch_;
  const std::int64_t generated = 1 + steps_ - r.join_step;
  waiting_.push_front(Job{r.slot, static_cast<std::int32_t>(r.prefill + generated),
                          static_cast<std::int32_t>(r.done_step - steps_), true, 0});
  ++preemptions_;
  listener.on_preempted(r.slot);
}

void ContinuousBatcher::drain(sim::SimTime now, BatchListener& listener, std::vector<Job>& out) {
  // Decode steps of the run in flight that ended by now count as done.
  std::int64_t steps = steps_;
  if (phase_ == Phase::Decode) {
    const Femtos elapsed = femtos_of_tick(now) - clock_;
    const std::int64_t first_after = cost_->steps_to_pass(batch_, running_context(), run_steps_, elapsed);
    steps += cost_->decode_run(batch_, running_context(), first_after) > elapsed ? first_after - 1 : first_after;
    // A run that ended at this very tick, its boundary not handled yet, has not finished anyone.
    steps = std::min(steps, running_.front().done_step - 1);
  }
  std::sort(running_.begin(), running_.end(), [](const Running& a, const Running& b) { return a.order < b.order; });
  for (const Running& r : running_) {
    const std::int64_t generated = 1 + steps - r.join_step;
    out.push_back(Job{r.slot, static_cast<std::int32_t>(r.prefill + generated), static_cast<std::int32_t>(r.done_step - steps), true, 0});
  }
  for (const Job& j : prefilling_) out.push_back(j);
  if (has_partial_) out.push_back(partial_);  // its chunks are lost
  while (!waiting_.empty()) {
    const Job j = waiting_.pop();
    if (withdrawn_ > 0 && !j.started && listener.drop_if_withdrawn(j.slot)) {
      --withdrawn_;
      continue;
    }
    out.push_back(j);
  }
  running_.clear();
  prefilling_.clear();
  phase_ = Phase::Idle;
  steps_ = batch_ = ctx_base_ = 0;
  withdrawn_ = 0;
  has_partial_ = false;
  partial_done_ = partial_chunk_ = 0;
  cache_.clear();  // the replica's memory is lost
}

void ContinuousBatcher::push_running(const Running& r) {
  running_.push_back(r);
  std::push_heap(running_.begin(), running_.end(), [](const Running& a, const Running& b) { return later(a, b); });
}

ContinuousBatcher::Running ContinuousBatcher::pop_running() {
  std::pop_heap(running_.begin(), running_.end(), [](const Running& a, const Running& b) { return later(a, b); });
  const Running r = running_.back();
  running_.pop_back();
  return r;
}

}  // namespace capsim::models
