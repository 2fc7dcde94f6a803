// What one step of a replica costs, by roofline (../shared/SERVING.md): the larger of the time
// the FLOPs take at peak x MFU and the time the bytes take at HBM bandwidth x MBU, plus the
// tensor-parallel all-reduces and a fixed overhead per step.
//
// Exact arithmetic. Every coefficient is rounded once to an integer number of femtoseconds, so a
// step's time is an exact integer affine function of its batch and context, and the closed-form
// time of a run of k decode steps (two arithmetic series split where the step turns from
// memory-bound to compute-bound) equals, bit for bit, the sum of the k steps one by one. That is
// what lets a replica jump over a decode run and still give every request the same times as
// stepping every iteration (`fidelity: iteration`).
//
// A measured profile (step_profile.hpp) is the same arithmetic with its fitted coefficients: an
// affine step time in prefill tokens, attention pairs, sequences and context, rounded alike.
#pragma once

#include <cstdint>

#include "models/catalog/hardware_spec.hpp"
#include "models/serving/step_profile.hpp"
#include "sim/time.hpp"

namespace capsim::models {

__extension__ using Femtos = __int128;  // exact time in femtoseconds (1e-15 s)
inline constexpr std::int64_t kFemtosPerTick = 1'000'000;  // a tick is a nanosecond

// The first tick at or after an exact time.
inline sim::SimTime tick_at_or_after(Femtos t) {
  return static_cast<sim::SimTime>((t + kFemtosPerTick - 1) / kFemtosPerTick);
}
inline Femtos femtos_of_tick(sim::SimTime t) { return static_cast<Femtos>(t) * kFemtosPerTick; }

struct RooflineParams {
  std::int64_t gpus = 1;         // tensor-parallel degree of a replica
  double mfu = 0.5;              // achieved share of peak FLOP/s
  double mbu = 0.8;              // achieved share of HBM bandwidth
  double bytes_per_weight = 2;   // 2: FP16/BF16, 1: FP8 (the KV cache is stored alike)
  double step_overhead_s = 0;    // per step: scheduling, kernel launches
  double sequence_overhead_s = 0;  // per sequence in a step: the server's CPU work (sampling, detokenizing, scheduling)
  double allreduce_latency_s = 0;  // per all-reduce (two per layer per step when gpus > 1)
};

class StepCost {
 public:
  StepCost() = default;
  StepCost(const GpuSpec& gpu, const LlmSpec& llm, const RooflineParams& params);
  // Step times from a fitted profile: weights and KV bytes (for the pool's memory) still come
  // from the model.
  StepCost(const StepProfile& profile, const LlmSpec& llm, double bytes_per_weight);

  // A step that prefills `prefill_tokens` new tokens (whose causal attention costs `attention`
  // token pairs: the sum over chunks of (done + chunk)^2 - done^2) and decodes `batch` sequences
  // holding `context` tokens in all.
  // `sequences` counts the prefills and the decodes of the step. `history`: KV tokens of earlier
  // chunks the step's prefill chunks read (chunked prefill; their FLOPs are in `attention`).
  std::int64_t step(std::int64_t prefill_tokens, std::int64_t attention, std::int64_t sequences, std::int64_t batch,
                    std::int64_t context, std::int64_t history = 0) const;
  std::int64_t decode_step(std::int64_t batch, std::int64_t context) const { return step(0, 0, batch, batch, context); }
  // The time of k decode steps from total context c0, the context growing by `batch` each step.
  Femtos decode_run(std::int64_t batch, std::int64_t c0, std::int64_t k) const;
  // The fewest steps j in [1, k] with decode_run(batch, c0, j) > t, or k when there are none.
  std::int64_t steps_to_pass(std::int64_t batch, std::int64_t c0, std::int64_t k, Femtos t) const;

  double kv_bytes_per_token() const { return kv_bytes_; }
  double weight_bytes() const { return weight_bytes_; }

 private:
  // Coefficients in femtoseconds: compute per token (2P / F, P the active parameters of a
  // mixture of experts), attention per token pair of
  // prefill (2 n d / F) and per context token of a decode (4 n d / F); memory for the weights
  // (P b / M) and per KV token (kv / M); communication per step and per token; overhead.
  std::int64_t per_token_ = 0, per_pair_ = 0, per_context_flop_ = 0;
  std::int64_t weights_ = 0, per_context_byte_ = 0;
  std::int64_t comm_fixed_ = 0, comm_per_token_ = 0, overhead_ = 0, per_sequence_ = 0;
  // A profile's affine terms outside the max (0 for the roofline): per prefill step, per prefill
  // token and per context token.
  std::int64_t per_prefill_step_ = 0, per_prefill_token_ = 0, per_context_ = 0;
  double kv_bytes_ = 0, weight_bytes_ = 0;
};

}  // namespace capsim::models
