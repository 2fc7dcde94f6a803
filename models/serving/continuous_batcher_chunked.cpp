// Chunked prefill (Sarathi-Serve, Agrawal et al. OSDI 2024; vLLM v1's scheduler): every step
// carries the running decodes plus prefill chunks up to the token budget, so a long prompt no
// longer stalls the decodes for the whole of its prefill. Each decode takes one token of the
// budget (max_batched_tokens, as vLLM v1 counts it); the rest goes first to the prefill in
// progress, then to waiting requests in order. The last request to get a chunk may get only
// part of its prompt: it becomes the prefill in progress, at most one at a time (as in vLLM v1,
// where only the end of the budget splits a prompt), and is served first at the next step.
//
// KV. The tokens computed so far are in use (context(), kv_use), but a request is admitted
// only if its whole prompt fits with the rest, as without chunking, so that a prefill once
// started can finish: the prefill in progress counts its whole prompt (committed()). An
// assumption: vLLM allocates blocks chunk by chunk and may have to preempt a half-done prefill
// more often. When the decodes outgrow the cache the prefill in progress is preempted first
// (its chunks are lost: it goes back to the head of the queue), then the latest decode to join.
//
// Jumps. A step with a prefill chunk is its own event in both fidelities; decode-only runs
// (nothing to prefill, or decodes that use the whole budget) are jumped as without chunking.
#include "models/serving/continuous_batcher.hpp"

#include <algorithm>

namespace capsim::models {

// A chunk of `tokens` for a sequence whose first `done` tokens are in the KV cache: its causal
// attention covers (done + tokens)^2 - done^2 token pairs and reads the `done` earlier ones.
void ContinuousBatcher::add_chunk(std::int64_t tokens, std::int64_t done) {
  prefill_tokens_ += tokens;
  prefill_pairs_ += (done + tokens) * (done + tokens) - done * done;
  prefill_history_ += done;
  budget_ -= tokens;
}

void ContinuousBatcher::continue_partial() {
  if (!has_partial_ || budget_ <= 0) return;
  const std::int64_t left = partial_.prefill - partial_done_;
  const std::int64_t chunk = std::min(left, budget_);
  add_chunk(chunk, partial_done_);
  if (chunk < left) {
    partial_chunk_ = chunk;
    return;
  }
  prefilling_.push_back(partial_);  // its last chunk: its first token comes at this step's end
  has_partial_ = false;
  partial_done_ = 0;
}

bool ContinuousBatcher::try_chunk(const Job& j) {
  if (has_partial_ || budget_ <= 0) return false;
  if (!fits(j, commit_, batch_ + static_cast<std::int64_t>(prefilling_.size()))) return false;
  // Tokens found in the prefix cache count as done: the prefill starts after them.
  const std::int64_t hit = cached_prefix(j);
  if (params_.prefix_cache && !j.started) cache_.take(j.session);
  last_hit_ = hit;
  commit_ += j.prefill + 1;
  const std::int64_t left = j.prefill - hit;
  const std::int64_t chunk = std::min(left, budget_);
  add_chunk(chunk, hit);
  if (chunk == left) {
    prefilling_.push_back(j);
  } else {
    partial_ = j;
    has_partial_ = true;
    partial_done_ = hit;
    partial_chunk_ = chunk;
  }
  return true;
}

void ContinuousBatcher::preempt_partial(BatchListener& listener) {
  waiting_.push_front(partial_);
  has_partial_ = false;
  partial_done_ = partial_chunk_ = 0;
  ++preemptions_;
  listener.on_preempted(partial_.slot);
}

}  // namespace capsim::models
