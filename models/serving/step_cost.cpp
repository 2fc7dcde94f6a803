#include "models/serving/step_cost.hpp"

#include <algorithm>
#include <cmath>

namespace capsim::models {
namespace {

std::int64_t femtos(double seconds) { return std::llround(seconds * 1e15); }

// Sum over j in [a, b) of (base + slope j).
Femtos series(std::int64_t base, std::int64_t slope, std::int64_t a, std::int64_t b) {
  if (b <= a) return 0;
  const Femtos n = b - a;
  return n * base + static_cast<Femtos>(slope) * ((static_cast<Femtos>(a) + b - 1) * n / 2);
}

}  // namespace

StepCost::StepCost(const GpuSpec& gpu, const LlmSpec& llm, const RooflineParams& p) {
  const auto t = static_cast<double>(p.gpus);
  const double peak = p.bytes_per_weight < 2 && gpu.fp8_flop_per_s > 0 ? gpu.fp8_flop_per_s : gpu.bf16_flop_per_s;
  const double flops = t * peak * p.mfu;                          // FLOP/s of the replica
  const double bandwidth = t * gpu.hbm_bandwidth_bytes_per_s * p.mbu;  // B/s of the replica
  const double nd = static_cast<double>(llm.layers) * static_cast<double>(llm.hidden);
  kv_bytes_ = llm.kv_bytes_per_token(p.bytes_per_weight);
  weight_bytes_ = llm.parameters * p.bytes_per_weight;
  // Compute: the weights a token goes through (a mixture of experts routes it through a few of
  // its FFNs: active_parameters); memory: every weight is read once a step.
  const double active = llm.active_parameters > 0 ? llm.active_parameters : llm.parameters;
  per_token_ = femtos(2 * active / flops);
  per_pair_ = femtos(2 * nd / flops);
  per_context_flop_ = femtos(4 * nd / flops);
  weights_ = femtos(weight_bytes_ / bandwidth);
  per_context_byte_ = femtos(kv_bytes_ / bandwidth);
  if (p.gpus > 1) {
    // Two ring all-reduces per layer of the step's activations (2 bytes a value), each moving
    // 2 (t-1)/t of them over one direction of the link (half the datasheet's bidirectional figure).
    const auto layers = static_cast<double>(llm.layers);
    const double per_direction = gpu.interconnect_bytes_per_s / 2;
    comm_fixed_ = femtos(2 * layers * p.allreduce_latency_s);
    comm_per_token_ = femtos(2 * layers * 2 * (t - 1) / t * static_cast<double>(llm.hidden) * 2 / per_direction);
  }
  overhead_ = femtos(p.step_overhead_s);
  per_sequence_ = femtos(p.sequence_overhead_s);
}

StepCost::StepCost(const StepProfile& profile, const LlmSpec& llm, double bytes_per_weight) {
  kv_bytes_ = llm.kv_bytes_per_token(bytes_per_weight);
  weight_bytes_ = llm.parameters * bytes_per_weight;
  // The attention term stays in the compute line, against a memory line of 0: the fit keeps it
  // positive, so the max is the line itself.
  per_pair_ = femtos(profile.per_attention_pair_s);
  overhead_ = femtos(profile.intercept_s);
  per_sequence_ = femtos(profile.per_sequence_s);
  per_prefill_step_ = femtos(profile.per_prefill_step_s);
  per_prefill_token_ = femtos(profile.per_prefill_token_s);
  per_context_ = femtos(profile.per_context_token_s);
}

std::int64_t StepCost::step(std::int64_t prefill_tokens, std::int64_t attention, std::int64_t sequences, std::int64_t batch,
                            std::int64_t context, std::int64_t history) const {
  const std::int64_t compute = per_token_ * (prefill_tokens + batch) + per_pair_ * attention + per_context_flop_ * context;
  const std::int64_t memory = weights_ + per_context_byte_ * (context + prefill_tokens + history);
  return std::max(compute, memory) + comm_fixed_ + comm_per_token_ * (prefill_tokens + batch) + overhead_ + per_sequence_ * sequences +
         (prefill_tokens > 0 ? per_prefill_step_ : 0) + per_prefill_token_ * prefill_tokens + per_context_ * (context + history);
}

// Step j costs max(a1 + b1 j, a2 + b2 j) + fixed (+ a profile's per-context term, one more
// series): the compute line against the memory line. The
// lines cross at most once, so the run splits into at most two arithmetic series.
Femtos StepCost::decode_run(std::int64_t batch, std::int64_t c0, std::int64_t k) const {
  if (k <= 0) return 0;
  const std::int64_t a1 = per_token_ * batch + per_context_flop_ * c0, b1 = per_context_flop_ * batch;
  const std::int64_t a2 = weights_ + per_context_byte_ * c0, b2 = per_context_byte_ * batch;
  const std::int64_t fixed = comm_fixed_ + (comm_per_token_ + per_sequence_) * batch + overhead_;
  // First step at which the other line is on top (k if none).
  std::int64_t cross = k;
  const bool compute_first = a1 >= a2;
  if (compute_first && b1 < b2) {
    cross = std::min(k, (a1 - a2) / (b2 - b1) + 1);  // compute on top while a1 - a2 >= (b2 - b1) j
  } else if (!compute_first && b1 > b2) {
    const std::int64_t gap = a2 - a1, rise = b1 - b2;  // memory on top while gap > rise j
    cross = std::min(k, (gap + rise - 1) / rise);
  }
  const Femtos head = compute_first ? series(a1, b1, 0, cross) : series(a2, b2, 0, cross);
  const Femtos tail = compute_first ? series(a2, b2, cross, k) : series(a1, b1, cross, k);
  return head + tail + static_cast<Femtos>(fixed) * k + series(per_context_ * c0, per_context_ * batch, 0, k);
}

std::int64_t StepCost::steps_to_pass(std::int64_t batch, std::int64_t c0, std::int64_t k, Femtos t) const {
  std::int64_t lo = 1, hi = k;
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (decode_run(batch, c0, mid) > t) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

}  // namespace capsim::models
