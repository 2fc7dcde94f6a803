#include "models/config/catalog_fields.hpp"

#include <cstdint>

namespace capsim::models {
namespace {

using D = Dimension;
constexpr bool yes = true, no = false;

// clang-format off
constexpr CatalogField kGpuFields[] = {
  // name, dimension, unit, flag, integer, required, may be absent, example
  {"memory", D::Bytes, "B", no, no, yes, no, "80 GB"},
  {"hbm_bandwidth_per_s", D::Bytes, "B/s", no, no, yes, no, "3350 GB"},
  {"bf16_dense", D::FlopRate, "FLOP/s", no, no, yes, no, "989 TFLOP/s"},
  {"fp8_dense", D::FlopRate, "FLOP/s", no, no, no, yes, "1979 TFLOP/s"},
  {"tp_interconnect_bandwidth_per_s", D::Bytes, "B/s", no, no, no, yes, "900 GB"},
  {"tdp", D::Power, "W", no, no, yes, no, "700 W"},
  {"power_idle", D::Power, "W", no, no, yes, no, "75 W"},
  {"power_prefill", D::Power, "W", no, no, yes, no, "700 W"},
  {"power_decode", D::Power, "W", no, no, yes, no, "380 W"},
  {"price_usd", D::Money, "USD", no, no, no, yes, "27500 USD"},
  {"price_cny", D::Number, "CNY", no, no, no, yes, "240000"},
  {"embodied_carbon", D::Mass, "gCO2e", no, no, no, yes, "318 kg"},
};
constexpr CatalogField kLlmFields[] = {
  {"layers", D::Count, "", no, yes, yes, no, "80"},
  {"hidden", D::Count, "", no, yes, yes, no, "8192"},
  {"attention_heads", D::Count, "", no, yes, yes, no, "64"},
  {"kv_heads", D::Count, "", no, yes, yes, no, "8"},
  {"ffn", D::Count, "", no, yes, yes, no, "28672"},
  {"vocabulary", D::Count, "", no, yes, yes, no, "32000"},
  {"parameters", D::Count, "", no, no, yes, no, "69.0B"},
  {"context_length", D::Count, "tokens", no, yes, yes, no, "4096"},
  {"bytes_per_weight_fp16", D::Number, "B", no, no, no, no, "2"},
  {"bytes_per_weight_fp8", D::Number, "B", no, no, no, no, "1"},
  {"gated_ffn", D::Number, "", yes, no, no, no, "true"},
  {"tied_embeddings", D::Number, "", yes, no, no, no, "false"},
  {"experts", D::Count, "", no, yes, no, no, "16"},
  {"experts_per_token", D::Count, "", no, yes, no, no, "2"},
  {"active_parameters", D::Count, "", no, no, no, no, "280B"},
};
constexpr CatalogField kImageFields[] = {
  {"gpu_seconds_per_image", D::Duration, "s", no, no, yes, no, "15s"},
  {"images_per_request", D::Count, "", no, yes, no, no, "4"},
};
constexpr CatalogField kEquivalenceFields[] = {
  {"us_home_electricity_per_year", D::Energy, "J", no, no, yes, no, "10715 kWh"},
  {"passenger_car_emissions_per_year", D::Mass, "gCO2e", no, no, yes, no, "4.6 t"},
};
// clang-format on

constexpr std::string_view kGpuLabels[] = {"vendor", "architecture", "tp_interconnect", "note"};
constexpr std::string_view kLlmLabels[] = {"family", "assumption", "reasoning", "note"};
constexpr std::string_view kImageLabels[] = {"gpu", "assumption", "reasoning", "note"};

}  // namespace

std::span<const CatalogField> catalog_fields(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::Gpu: return kGpuFields;
    case CatalogKind::Llm: return kLlmFields;
    case CatalogKind::ImageModel: return kImageFields;
  }
  return {};
}

std::span<const std::string_view> catalog_labels(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::Gpu: return kGpuLabels;
    case CatalogKind::Llm: return kLlmLabels;
    case CatalogKind::ImageModel: return kImageLabels;
  }
  return {};
}

const CatalogField* find_catalog_field(CatalogKind kind, std::string_view name) {
  for (const CatalogField& f : catalog_fields(kind))
    if (f.name == name) return &f;
  return nullptr;
}

std::span<const CatalogField> equivalence_fields() { return kEquivalenceFields; }

const CatalogField* find_equivalence_field(std::string_view name) {
  for (const CatalogField& f : kEquivalenceFields)
    if (f.name == name) return &f;
  return nullptr;
}

void set_field(GpuSpec& spec, std::string_view field, double value) {
  if (field == "memory") spec.memory_bytes = value;
  else if (field == "hbm_bandwidth_per_s") spec.hbm_bandwidth_bytes_per_s = value;
  else if (field == "bf16_dense") spec.bf16_flop_per_s = value;
  else if (field == "fp8_dense") spec.fp8_flop_per_s = value;
  else if (field == "tp_interconnect_bandwidth_per_s") spec.interconnect_bytes_per_s = value;
  else if (field == "tdp") spec.tdp_w = value;
  else if (field == "power_idle") spec.power_idle_w = value;
  else if (field == "power_prefill") spec.power_prefill_w = value;
  else if (field == "power_decode") spec.power_decode_w = value;
  else if (field == "price_usd") spec.price_usd = value;
  else if (field == "embodied_carbon") spec.embodied_g = value;
}

void set_field(LlmSpec& spec, std::string_view field, double value) {
  const auto whole = static_cast<std::int64_t>(value);
  if (field == "layers") spec.layers = whole;
  else if (field == "hidden") spec.hidden = whole;
  else if (field == "attention_heads") spec.attention_heads = whole;
  else if (field == "kv_heads") spec.kv_heads = whole;
  else if (field == "ffn") spec.ffn = whole;
  else if (field == "vocabulary") spec.vocabulary = whole;
  else if (field == "parameters") spec.parameters = value;
  else if (field == "context_length") spec.context_length = whole;
  else if (field == "bytes_per_weight_fp16") spec.bytes_per_weight_fp16 = value;
  else if (field == "bytes_per_weight_fp8") spec.bytes_per_weight_fp8 = value;
  else if (field == "gated_ffn") spec.gated_ffn = value != 0;
  else if (field == "tied_embeddings") spec.tied_embeddings = value != 0;
  else if (field == "experts") spec.experts = whole;
  else if (field == "experts_per_token") spec.experts_per_token = whole;
  else if (field == "active_parameters") spec.active_parameters = value;
}

void set_field(ImageModelSpec& spec, std::string_view field, double value) {
  if (field == "gpu_seconds_per_image") spec.gpu_seconds_per_image = value;
  else if (field == "images_per_request") spec.images_per_request = value;
}

void set_field(EquivalenceFactors& factors, std::string_view field, double value) {
  if (field == "us_home_electricity_per_year") factors.us_home_electricity_j_per_year = value;
  else if (field == "passenger_car_emissions_per_year") factors.passenger_car_g_co2e_per_year = value;
}

}  // namespace capsim::models
