// Plain configuration of a pool that serves an LLM with continuous batching on GPUs from the
// catalog (../shared/SERVING.md): the GPU and model specs (looked up by name in the catalog when
// the scenario is read), the roofline's efficiencies, the scheduler's limits and the router.
#pragma once

#include <cstdint>
#include <optional>

#include "models/catalog/hardware_spec.hpp"
#include "models/serving/continuous_batcher.hpp"
#include "models/serving/router.hpp"
#include "models/serving/step_cost.hpp"
#include "models/serving/step_profile.hpp"

namespace capsim::models {

struct LlmPoolConfig {
  GpuSpec gpu;
  LlmSpec model;
  RooflineParams roofline;   // roofline.gpus: GPUs per replica (tensor parallel)
  std::optional<StepProfile> profile;  // step times from a measured profile instead of the roofline
  BatchingParams batching;   // batching.kv_tokens is derived: kv_tokens_per_replica()
  // Share of each GPU's memory the server may use for weights and KV cache (vLLM's
  // gpu_memory_utilization, default 0.9); the rest is activations and the runtime.
  double memory_utilization = 0.9;
  RouterKind router = RouterKind::LeastOutstanding;

  StepCost step_cost() const {
    return profile ? StepCost(*profile, model, roofline.bytes_per_weight) : StepCost(gpu, model, roofline);
  }

  // Tokens of KV cache a replica holds: the memory left after the weights, over the bytes per
  // token; <= 0 when the weights do not fit.
  std::int64_t kv_tokens_per_replica() const {
    const double memory = static_cast<double>(roofline.gpus) * gpu.memory_bytes * memory_utilization;
    const double left = memory - model.parameters * roofline.bytes_per_weight;
    const double per_token = model.kv_bytes_per_token(roofline.bytes_per_weight);
    return left <= 0 || per_token <= 0 ? 0 : static_cast<std::int64_t>(left / per_token);
  }
};

}  // namespace capsim::models
