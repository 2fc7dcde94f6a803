// The catalog as the program reads it: the built-in files compiled in, their figures in base
// units, overrides from a file, lookups with "did you mean", errors with file:line:column.
#include <doctest/doctest.h>

#include <string>

#include "models/config/catalog_lookup.hpp"
#include "models/config/catalog_reader.hpp"
#include "tests/cli_runner.hpp"

using namespace capsim::models;

namespace {

std::vector<Diagnostic> errors_of(const std::string& yaml) {
  Catalog c = *builtin_catalog();
  Diagnostics diags("mine.yaml");
  read_catalog_text(yaml, diags, c);
  return diags.items();
}

std::string all_text(const std::vector<Diagnostic>& items) {
  std::string out;
  for (const Diagnostic& d : items) out += d.text() + "\n";
  return out;
}

}  // namespace

TEST_CASE("catalog: the built-in catalog loads with every entry of the files") {
  const auto c = builtin_catalog();
  CHECK(c->gpus().size() == 11);
  CHECK(c->llms().size() == 13);
  CHECK(c->image_models().size() == 2);
  CHECK(builtin_catalog() == c);  // parsed once
}

TEST_CASE("catalog: built-in figures in base units") {
  const auto c = builtin_catalog();
  const GpuSpec& h100 = gpu(*c, "H100-SXM5-80GB");
  CHECK(h100.name == "H100-SXM5-80GB");
  CHECK(h100.memory_bytes == 80e9);
  CHECK(h100.hbm_bandwidth_bytes_per_s == doctest::Approx(3.35e12));
  CHECK(h100.bf16_flop_per_s == doctest::Approx(989e12));
  CHECK(h100.fp8_flop_per_s == doctest::Approx(1979e12));
  CHECK(h100.interconnect_bytes_per_s == doctest::Approx(900e9));
  CHECK(h100.tdp_w == 700);
  CHECK(h100.power_idle_w == 75);
  CHECK(h100.power_prefill_w == 700);
  CHECK(h100.power_decode_w == 380);
  CHECK(h100.price_usd == 27500);
  CHECK(h100.embodied_g == doctest::Approx(556.5e3));
  const GpuSpec& a100 = gpu(*c, "A100-SXM4-80GB");
  CHECK(a100.fp8_flop_per_s == 0);  // {absent: ...}
  CHECK(a100.embodied_g == doctest::Approx(318e3));
  CHECK(gpu(*c, "TPU-v3").memory_bytes == 32.0 * 1024 * 1024 * 1024);
  CHECK(gpu(*c, "TPU-v3").price_usd == 0);

  const LlmSpec& l70 = llm(*c, "Llama-2-70B");
  CHECK(l70.layers == 80);
  CHECK(l70.kv_heads == 8);
  CHECK(l70.parameters == doctest::Approx(69.0e9));
  CHECK(l70.kv_bytes_per_token(2) == 327680);
  CHECK(l70.gated_ffn);
  CHECK(l70.experts == 1);
  const LlmSpec& gpt4 = llm(*c, "gpt-4-class");
  CHECK(gpt4.experts == 16);
  CHECK(gpt4.experts_per_token == 2);
  CHECK(gpt4.active_parameters == doctest::Approx(280e9));
  CHECK_FALSE(llm(*c, "OPT-13B").gated_ffn);
  CHECK(llm(*c, "OPT-13B").tied_embeddings);

  const ImageModelSpec& mj = image_model(*c, "midjourney-v5-like");
  CHECK(mj.gpu == "A100-SXM4-80GB");
  CHECK(mj.gpu_seconds_per_image == 15);
  CHECK(mj.images_per_request == 4);
}

TEST_CASE("catalog: every fact keeps its source and the source's description") {
  const auto c = builtin_catalog();
  const CatalogEntry& e = entry(*c, "H100-SXM5-80GB");
  CHECK(e.kind == CatalogKind::Gpu);
  CHECK(e.label("vendor") == "NVIDIA");
  const CatalogFact* mem = e.fact("memory");
  REQUIRE(mem);
  CHECK(mem->written == "80 GB");
  CHECK(mem->unit == "B");
  CHECK(mem->source.starts_with("validation:"));
  CHECK(mem->source_description.find("VALIDATION.md") != std::string::npos);
  CHECK(mem->origin.starts_with("models/catalog/gpus.yaml:"));
  const CatalogFact* idle = entry(*c, "V100-SXM2-32GB").fact("power_idle");
  REQUIRE(idle);
  CHECK(idle->rule == "power_fractions_a100");
  CHECK(idle->rule_text.find("SplitwiseSim") != std::string::npos);
  CHECK(entry(*c, "A100-SXM4-40GB").fact("fp8_dense")->absent.find("no FP8") != std::string::npos);
  // llms.yaml has its own `validation` source, described differently.
  CHECK(entry(*c, "Llama-2-7B").fact("parameters")->source_description.find("Model architectures") != std::string::npos);
}

TEST_CASE("catalog: an unknown name says what was meant") {
  const auto c = builtin_catalog();
  try {
    gpu(*c, "H100-SXM");
    FAIL("no error");
  } catch (const UnknownCatalogEntry& e) {
    const std::string m = e.what();
    CHECK(m.starts_with("unknown GPU 'H100-SXM'; did you mean 'H100-SXM5-80GB'?"));
    CHECK(m.find("A100-PCIe-80GB") != std::string::npos);  // the names are listed
  }
  CHECK_THROWS_WITH_AS(llm(*c, "llama-2-70b"), doctest::Contains("did you mean 'Llama-2-70B'?"), UnknownCatalogEntry);
  CHECK_THROWS_WITH_AS(llm(*c, "Lama-2-13B"), doctest::Contains("did you mean 'Llama-2-13B'?"), UnknownCatalogEntry);
  CHECK_THROWS_WITH_AS(entry(*c, "B100"), doctest::Contains("did you mean 'B200'?"), UnknownCatalogEntry);
  CHECK_THROWS_WITH_AS(gpu(*c, "Llama-2-7B"), doctest::Contains("unknown GPU"), UnknownCatalogEntry);
}

TEST_CASE("catalog: an override file replaces the fields it gives and keeps the others") {
  capsim::testing::TempDir dir;
  capsim::testing::write_text(dir / "mine.yaml", R"(gpus:
  H100-SXM5-80GB:
    price_usd: {value: "20000 USD", source: "quote: our 2024 contract"}
  MyGPU:
    memory: {value: "96 GB", assumption: "ours"}
    hbm_bandwidth_per_s: {value: "4000 GB", assumption: "ours"}
    bf16_dense: {value: "1 PFLOP/s", assumption: "ours"}
    tdp: {value: "750 W", assumption: "ours"}
    power_idle: {value: "80 W", assumption: "ours"}
    power_prefill: {value: "750 W", assumption: "ours"}
    power_decode: {value: "400 W", assumption: "ours"}
sources:
  quote: "purchase order 1234"
)");
  const auto c = load_catalog(builtin_catalog(), {(dir / "mine.yaml").string()});
  const GpuSpec& h100 = gpu(*c, "H100-SXM5-80GB");
  CHECK(h100.price_usd == 20000);
  CHECK(h100.memory_bytes == 80e9);  // kept
  const CatalogEntry& e = entry(*c, "H100-SXM5-80GB");
  CHECK(e.fact("price_usd")->source_description == "purchase order 1234");
  CHECK(e.fact("memory")->source.starts_with("validation"));
  CHECK(e.origins.size() == 2);
  CHECK(gpu(*c, "MyGPU").bf16_flop_per_s == 1e15);
  CHECK(builtin_catalog()->find_gpu("H100-SXM5-80GB")->price_usd == 27500);  // the built-in is untouched
}

TEST_CASE("catalog: errors in a catalog file point at file:line:column with the key and a hint") {
  std::string e = all_text(errors_of("gpus:\n  H100-SXM5-80GB:\n    memory: {value: \"80 GX\", assumption: \"x\"}\n"));
  CHECK(e.find("mine.yaml:3:21: error: gpus.H100-SXM5-80GB.memory.value: expected a size in bytes") != std::string::npos);
  CHECK(e.find("e.g. memory: {value: \"80 GB\"") != std::string::npos);
  e = all_text(errors_of("gpus:\n  H100-SXM5-80GB:\n    memroy: {value: \"80 GB\", assumption: \"x\"}\n"));
  CHECK(e.find("mine.yaml:3:5: error: gpus.H100-SXM5-80GB.memroy: unknown field of a GPU (did you mean \"memory\"?)") != std::string::npos);
  e = all_text(errors_of("gpus:\n  H100-SXM5-80GB:\n    tdp: \"700 W\"\n"));
  CHECK(e.find("mine.yaml:3:10: error: gpus.H100-SXM5-80GB.tdp: expected a fact") != std::string::npos);
  e = all_text(errors_of("gpus:\n  H100-SXM5-80GB:\n    tdp: {value: \"700 W\", source: \"nowhere: p. 3\"}\n"));
  CHECK(e.find("source key 'nowhere' is not in this file's `sources:` table") != std::string::npos);
  e = all_text(errors_of("gpus:\n  H100-SXM5-80GB:\n    tdp: {value: \"700 W\"}\n"));
  CHECK(e.find("no `source` and no `assumption`") != std::string::npos);
  e = all_text(errors_of("gpus:\n  H100-SXM5-80GB:\n    tdp: {absent: \"none\"}\n"));
  CHECK(e.find("`tdp` may not be absent") != std::string::npos);
  e = all_text(errors_of("gpus:\n  NewGPU:\n    tdp: {value: \"700 W\", assumption: \"x\"}\n"));
  CHECK(e.find("mine.yaml:3:5: error: gpus.NewGPU.memory: missing field `memory`") != std::string::npos);
  e = all_text(errors_of("image_models:\n  mine:\n    gpu: H100-SXM\n    gpu_seconds_per_image: {value: 3s, assumption: x}\n"));
  CHECK(e.find("mine.yaml:3:10: error: image_models.mine.gpu: unknown GPU 'H100-SXM'; did you mean 'H100-SXM5-80GB'?") != std::string::npos);
  e = all_text(errors_of("llms:\n  Llama-2-70B:\n    kv_heads: {value: 7, assumption: x}\n"));
  CHECK(e.find("attention_heads (64) must be a whole number of kv_heads (7)") != std::string::npos);
  e = all_text(errors_of("gpu:\n  X: {}\n"));
  CHECK(e.find("mine.yaml:1:1: error: gpu: unknown key (did you mean \"gpus\"?)") != std::string::npos);
  e = all_text(errors_of("llms:\n  B200:\n    layers: {value: 1, assumption: x}\n"));
  CHECK(e.find("mine.yaml:3:5: error: llms.B200: 'B200' already names a GPU") != std::string::npos);
  e = all_text(errors_of("gpus: [\n"));
  CHECK(e.find("invalid YAML") != std::string::npos);
}

TEST_CASE("catalog: a missing file is an error naming it") {
  try {
    load_catalog(builtin_catalog(), {"no-such-catalog.yaml"});
    FAIL("no error");
  } catch (const ScenarioError& e) {
    CHECK(std::string(e.what()).find("no-such-catalog.yaml: error: cannot open the catalog file") != std::string::npos);
  }
}
