// What the serving model needs to know of an accelerator and of a model, as plain values in base
// units (bytes, bytes/s, FLOP/s, W, USD, g CO2e). Filled from models/catalog/*.yaml by the
// catalog reader (models/config), or by hand in tests. The YAML files cite a source for every
// number; these types carry only the numbers and the entry's name.
#pragma once

#include <cstdint>
#include <string>

namespace capsim::models {

struct GpuSpec {
  std::string name;
  double memory_bytes = 0;
  double hbm_bandwidth_bytes_per_s = 0;
  double bf16_flop_per_s = 0;        // dense
  double fp8_flop_per_s = 0;         // dense; 0 when the part has no FP8
  double interconnect_bytes_per_s = 0;  // tensor-parallel, bidirectional per GPU (datasheet figure)
  double tdp_w = 0;
  double power_idle_w = 0, power_prefill_w = 0, power_decode_w = 0;  // per GPU while serving
  double price_usd = 0;              // 0 when unknown
  double embodied_g = 0;             // g CO2e per GPU; 0 when unknown
};

struct LlmSpec {
  std::string name;
  std::int64_t layers = 0, hidden = 0, attention_heads = 0, kv_heads = 0, ffn = 0, vocabulary = 0;
  double parameters = 0;
  std::int64_t context_length = 0;
  double bytes_per_weight_fp16 = 2, bytes_per_weight_fp8 = 1;
  bool gated_ffn = true;         // three FFN matrices (SwiGLU); false: two
  bool tied_embeddings = false;  // the output projection shares the input embedding
  // Mixture of experts: `experts` FFNs per layer, `experts_per_token` of them routed per token;
  // 1 and 1 for a dense model. active_parameters: weights used per token; 0 means `parameters`.
  std::int64_t experts = 1, experts_per_token = 1;
  double active_parameters = 0;

  double head_size() const { return static_cast<double>(hidden) / static_cast<double>(attention_heads); }
  // KV cache per token of context: 2 (K and V) x layers x kv_heads x head size x bytes per value.
  double kv_bytes_per_token(double bytes_per_value) const {
    return 2.0 * static_cast<double>(layers) * static_cast<double>(kv_heads) * head_size() * bytes_per_value;
  }
};

// Image generation: GPU time per image on a named GPU (Midjourney/Firefly-style services).
struct ImageModelSpec {
  std::string name;
  std::string gpu;
  double gpu_seconds_per_image = 0;
  double images_per_request = 1;
};

}  // namespace capsim::models
