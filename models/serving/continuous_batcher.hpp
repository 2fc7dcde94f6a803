// One replica's scheduler, vLLM-like (../shared/SERVING.md): a FIFO waiting queue; at each step
// boundary finished sequences leave, waiting requests join with a prefill step while the batch,
// the token budget per step and the KV cache allow; otherwise the running batch decodes. When
// the KV cache runs out the latest sequence to join is preempted and recomputed later (it goes
// back to the head of the queue with its prompt and the tokens it had, as vLLM's recompute).
//
// Cost grows with requests, not decode iterations: while the batch is unchanged the replica
// runs its decode steps as one run, to the next change (a completion, the KV limit, or the
// boundary at which the head of the queue can join), timed in closed form by StepCost. With
// `every_iteration` a run is one step; both modes give every request the same times, exactly.
//
// Ties. A request that arrives at tick T joins at the first boundary strictly after T (so the
// order in which same-tick events run does not matter), unless the replica would otherwise be
// idle: then it starts at T, as if the replica had been idle already. A request that finds the
// replica idle starts its prefill at once, and the others of that tick join that prefill (in
// whatever order they come) while the batch and the token budget allow.
//
// Chunked prefill (`chunked_prefill`, Sarathi-Serve / vLLM v1): every step carries the running
// decodes plus prefill chunks up to the token budget (continuous_batcher_chunked.cpp).
//
// Prefix cache (`prefix_cache`, prefix_cache.hpp): a finished request's KV stays under its session
// in the memory the running requests leave free; a later turn of that session prefills only the
// tokens after the cached ones. Admission still asks for the whole prompt (the cached KV moves to
// the request); the cache shrinks, least recently used first, at each boundary to what the step or
// run just ended left free, so that a jumped run and its steps one by one evict the same entries.
//
// The batcher keeps no events: its owner asks next_boundary() and calls boundary() then.
#pragma once

#include <cstdint>
#include <vector>

#include "models/serving/prefix_cache.hpp"
#include "models/serving/step_cost.hpp"
#include "sim/ring.hpp"
#include "sim/time.hpp"

namespace capsim::models {

struct BatchingParams {
  std::int64_t max_batch = 256;            // sequences in the batch (vLLM max_num_seqs)
  std::int64_t max_batched_tokens = 8192;  // prefill tokens per step (vLLM max_num_batched_tokens); chunked: decodes count one each
  std::int64_t kv_tokens = 0;              // KV cache capacity, tokens of context
  bool static_batches = false;             // no joins until the whole batch has finished
  bool every_iteration = false;            // fidelity: iteration (one event per step)
  bool chunked_prefill = false;            // prefill chunks share steps with the decodes (not with static_batches)
  bool prefix_cache = false;               // finished sessions' KV kept for their next turn (prefix_cache.hpp)
};

// What a batcher reports of its requests, identified by the owner's slot numbers.
class BatchListener {
 public:
  // Whether a waiting request was withdrawn (its user gave up); if so the batcher drops it here,
  // at the head of the queue, and the listener may forget it.
  virtual bool drop_if_withdrawn(std::uint32_t slot) = 0;
  // The request's prefill starts at `at`: the queue is behind it. `cached`: tokens of its prompt
  // found in the prefix cache (not prefilled).
  virtual void on_admitted(std::uint32_t slot, sim::SimTime at, std::int64_t cached) = 0;
  virtual void on_first_token(std::uint32_t slot, sim::SimTime at) = 0;
  virtual void on_finished(std::uint32_t slot, sim::SimTime at) = 0;
  virtual void on_preempted(std::uint32_t slot) = 0;

 protected:
  ~BatchListener() = default;
};

class ContinuousBatcher {
 public:
  struct Job {
    std::uint32_t slot = 0;
    std::int32_t prefill = 0;   // tokens to prefill: the prompt (and, after a preemption, the output so far)
    std::int32_t remaining = 0; // output tokens still to come, >= 1
    bool started = false;       // its first token is out (a preempted sequence)
    sim::SimTime arrival = 0;
    // With a prefix cache: the session (its key in the cache) and how many of the prompt's first
    // tokens are the session's earlier turns (their KV may be cached).
    std::uint64_t session = 0;
    std::int32_t context = 0;
  };

  // `cost` must outlive the batcher (a pool's replicas share one).
  ContinuousBatcher(const StepCost& cost, const BatchingParams& params);

  // A request for this replica at tick `now`. It must fit the KV cache alone
  // (prefill + remaining + 1 <= kv_tokens).
  void arrive(const Job& job, sim::SimTime now, BatchListener& listener);
  // The boundary at next_boundary() is reached: report first tokens and completions.
  void boundary(sim::SimTime now, BatchListener& listener);
  // The replica goes down at tick `now`: every request it holds leaves, its progress lost (tokens
  // already out stay out: a request comes back as a preempted one does, to prefill its prompt and
  // output so far). Appends them to `out`, oldest first; withdrawn ones are dropped. The batcher
  // is then idle and empty.
  void drain(sim::SimTime now, BatchListener& listener, std::vector<Job>& out);
  // A waiting request was withdrawn at tick `now`: it no longer counts as waiting, and is dropped
  // when it reaches the head of the queue (the listener's drop_if_withdrawn() says so). If it was
  // the head, the next may join at the first boundary after now.
  void withdraw(sim::SimTime now, BatchListener& listener);
  sim::SimTime next_boundary() const { return phase_ == Phase::Idle ? sim::kTimeNever : tick_at_or_after(step_end_); }

  bool idle() const { return phase_ == Phase::Idle; }
  bool prefilling() const { return phase_ == Phase::Prefill; }
  std::int64_t batch() const { return batch_ + static_cast<std::int64_t>(prefilling_.size()); }
  std::int64_t waiting() const { return static_cast<std::int64_t>(waiting_.size()) - withdrawn_; }
  std::int64_t outstanding() const { return batch() + waiting(); }
  // KV tokens in use at the last boundary (with chunking, the prefill in progress holds its chunks so far).
  std::int64_t context() const { return running_context() + partial_done_; }
  // KV tokens in use over the step or run in flight, on average over its steps (a decode run's
  // context grows by the batch each step).
  double kv_in_use() const {
    if (phase_ == Phase::Decode) return static_cast<double>(context()) + static_cast<double>(batch_) * static_cast<double>(run_steps_ + 1) / 2;
    return static_cast<double>(phase_ == Phase::Prefill ? step_context_ : context());
  }
  std::int64_t steps() const { return steps_; }                        // decode steps run
  std::int64_t preemptions() const { return preemptions_; }

 private:
  enum class Phase : std::uint8_t { Idle, Prefill, Decode };
  struct Running {
    std::int64_t done_step;  // the decode step after which its last token is out
    std::int64_t join_step;  // steps_ when it joined
    std::int32_t prefill;
    std::uint32_t slot;
    std::uint64_t order;     // joins in order: the highest is preempted first
    std::uint64_t session;
  };

  std::int64_t running_context() const { return ctx_base_ + batch_ * steps_; }  // KV of the running decodes
  // KV tokens the scheduler counts as taken: the running decodes', and the whole prompt and first
  // token of the prefill in progress (so that once started it can finish).
  std::int64_t committed() const { return running_context() + (has_partial_ ? partial_.prefill + 1 : 0); }

  void plan(sim::SimTime now, BatchListener& listener);
  // Starts a prefill step with the waiting requests that fit (`may_join`), everyone or those that
  // arrived before its tick; with chunking, the running decodes and the prefill in progress too.
  bool admit(bool everyone, bool may_join, BatchListener& listener);
  void begin_step();            // a step being formed: no prefill tokens yet
  bool try_join(const Job& j);  // adds j to the prefill being formed if it fits
  // Chunked prefill (continuous_batcher_chunked.cpp): the chunk of the prefill in progress, a
  // waiting job's chunk if it fits, the first mixed step's end, the preemption of the prefill in progress.
  void continue_partial();
  bool try_chunk(const Job& j);
  void add_chunk(std::int64_t tokens, std::int64_t done);
  void preempt_partial(BatchListener& listener);
  void finish_done(sim::SimTime at, BatchListener& listener);  // the decodes whose last token is out
  // Tokens of j's prompt whose KV is in the prefix cache (at most all but one: the last prompt
  // token is always computed); 0 without a cache or for a recomputed request.
  std::int64_t cached_prefix(const Job& j) const;
  void cache_finished(std::uint64_t session, std::int64_t tokens) {
    if (params_.prefix_cache) cache_.put(session, tokens);
  }
  void time_prefill();
  void start_decode_run();
  void preempt_latest(BatchListener& listener);
  // The first step of the current run that ends after tick `since` (the head's arrival, or later),
  // if the head (the first request waiting that was not withdrawn) can join there; shortens the
  // run to it.
  void stop_for_head(const Job& head, sim::SimTime since);
  bool fits(const Job& job, std::int64_t context, std::int64_t batch) const;
  void push_running(const Running& r);
  Running pop_running();

  const StepCost* cost_;
  BatchingParams params_;
  Phase phase_ = Phase::Idle;
  Femtos clock_ = 0;     // exact time of the last boundary (or start from idle)
  Femtos step_end_ = 0;  // exact time of the pending boundary
  std::int64_t run_steps_ = 0;  // decode steps in the run in flight
  std::int64_t steps_ = 0, batch_ = 0, ctx_base_ = 0;  // context = ctx_base_ + batch_ * steps_
  std::vector<Running> running_;  // a min-heap by done_step
  std::vector<Job> prefilling_;   // the jobs of the prefill step in flight
  // That step's prefill tokens, attention pairs and the context after it; whether it started
  // from idle (then requests of its very tick may still join it).
  std::int64_t prefill_tokens_ = 0, prefill_pairs_ = 0, prefill_context_ = 0;
  bool from_idle_ = false;
  std::int64_t step_context_ = 0;   // KV tokens in use at the end of the step in flight
  // Chunked prefill: the step's token budget left and the KV committed so far; the prefill in
  // progress (at most one: only the end of the budget splits a prompt), its tokens done and its
  // chunk in the step in flight; KV tokens of earlier chunks that the step's chunks read.
  std::int64_t budget_ = 0, commit_ = 0, prefill_history_ = 0;
  Job partial_;
  bool has_partial_ = false;
  std::int64_t partial_done_ = 0, partial_chunk_ = 0;
  PrefixCache cache_;
  std::int64_t last_hit_ = 0;  // cached tokens of the job try_join() took last
  sim::Ring<Job> waiting_;
  std::uint64_t joins_ = 0;
  std::int64_t preemptions_ = 0;
  std::int64_t withdrawn_ = 0;  // withdrawn requests still in waiting_
};

}  // namespace capsim::models
