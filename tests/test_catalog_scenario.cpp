// The catalog through a scenario (`catalog: [files]`) and through `capsim catalog`.
#include <doctest/doctest.h>

#include "models/config/catalog_lookup.hpp"
#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "tests/cli_runner.hpp"
#include "tests/scenario_fixtures.hpp"

using namespace capsim::testing;
using namespace capsim::models;

namespace {

const char* kOverride = R"(gpus:
  H100-SXM5-80GB:
    price_usd: {value: "20000 USD", source: "quote: our 2024 contract"}
llms:
  Tiny-1B:
    layers: {value: 16, assumption: "ours"}
    hidden: {value: 2048, assumption: "ours"}
    attention_heads: {value: 16, assumption: "ours"}
    kv_heads: {value: 4, assumption: "ours"}
    ffn: {value: 8192, assumption: "ours"}
    vocabulary: {value: 32000, assumption: "ours"}
    parameters: {value: "1.1B", assumption: "ours"}
    context_length: {value: 2048, assumption: "ours"}
sources:
  quote: "purchase order 1234"
)";

std::string with_catalog(const std::string& files) { return std::string(kMinimalScenario) + "catalog: " + files + "\n"; }

std::string errors_of(const std::filesystem::path& scenario) {
  try {
    load_scenario(scenario.string());
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("catalog scenario: without `catalog:` a scenario with a datacenter carries the built-in catalog") {
  const Scenario s = load_scenario_text(std::string(kMinimalScenario) + "datacenter: {pue: 1.2}\n", "s.yaml");
  REQUIRE(s.catalog);
  CHECK(gpu(*s.catalog, "H100-SXM5-80GB").price_usd == 27500);
}

TEST_CASE("catalog scenario: a scenario that names no GPU, model, grid or price does not parse the catalog") {
  CHECK_FALSE(load_scenario_text(kMinimalScenario, "s.yaml").catalog);
}

TEST_CASE("catalog scenario: files named by the scenario, relative to it, override and add entries") {
  TempDir dir;
  std::filesystem::create_directory(dir / "sub");
  write_text(dir / "sub/mine.yaml", kOverride);
  write_text(dir / "sub/s.yaml", with_catalog("[mine.yaml]"));
  const Scenario s = load_scenario((dir / "sub/s.yaml").string());
  CHECK(gpu(*s.catalog, "H100-SXM5-80GB").price_usd == 20000);
  CHECK(gpu(*s.catalog, "H100-SXM5-80GB").memory_bytes == 80e9);
  CHECK(llm(*s.catalog, "Tiny-1B").kv_bytes_per_token(2) == 2.0 * 16 * 4 * 128 * 2);
  CHECK(llm(*s.catalog, "Tiny-1B").bytes_per_weight_fp16 == 2);  // the default
}

TEST_CASE("catalog scenario: errors point into the catalog file, or at its name in the scenario") {
  TempDir dir;
  write_text(dir / "bad.yaml", "gpus:\n  H100-SXM5-80GB:\n    tdp: {value: \"700 K\", assumption: \"x\"}\n");
  write_text(dir / "s.yaml", with_catalog("[bad.yaml, missing.yaml]"));
  const std::string e = errors_of(dir / "s.yaml");
  CHECK(e.find("bad.yaml:3:18: error: gpus.H100-SXM5-80GB.tdp.value: expected a power") != std::string::npos);
  CHECK(e.find("s.yaml:11:21: error: catalog: cannot open the catalog file") != std::string::npos);
  write_text(dir / "s3.yaml", with_catalog("[{}, missing.yaml]"));
  const std::string e3 = errors_of(dir / "s3.yaml");
  CHECK(e3.find("s3.yaml:11:11: error: catalog: expected a file name, got a map") != std::string::npos);
  CHECK(e3.find("s3.yaml:11:15: error: catalog: cannot open the catalog file") != std::string::npos);
  write_text(dir / "s2.yaml", with_catalog("bad.yaml"));
  CHECK(errors_of(dir / "s2.yaml").find("s2.yaml:11:10: error: catalog: expected a list of file names") != std::string::npos);
}

TEST_CASE("capsim catalog lists every entry, from any directory") {
  TempDir dir;
  const CliResult r = run_capsim("catalog", dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.starts_with("GPUs (11):"));
  CHECK(r.out.find("\n  H100-SXM5-80GB   NVIDIA      80GB   3.35TB/s    989TFLOP/s   700W  27.5k USD\n") != std::string::npos);
  CHECK(r.out.find("\nLLMs (13):") != std::string::npos);
  CHECK(r.out.find("  Llama-2-70B         69B   80 layers") != std::string::npos);
  CHECK(r.out.find("320KiB/token") != std::string::npos);
  CHECK(r.out.find("\nImage models (2):") != std::string::npos);
  CHECK(r.out.find("midjourney-v5-like   15s per image on A100-SXM4-80GB") != std::string::npos);
}

TEST_CASE("capsim catalog NAME prints every field with its unit and source") {
  TempDir dir;
  const CliResult r = run_capsim("catalog H100-SXM5-80GB", dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.starts_with("H100-SXM5-80GB (GPU; from models/catalog/gpus.yaml)\n"));
  CHECK(r.out.find("  memory: 80 GB (= 8e+10 B)\n      source: validation: Hardware reference, H100-SXM 80 GB\n        [capsim ../shared/VALIDATION.md") !=
        std::string::npos);
  CHECK(r.out.find("  embodied_carbon: 556.5 kg (= 556500 gCO2e)\n      rule: embodied_by_tdp: Embodied carbon scaled") != std::string::npos);
  const CliResult a = run_capsim("catalog A100-SXM4-40GB", dir.path());
  CHECK(a.out.find("  fp8_dense: absent\n      why: Ampere tensor cores have no FP8") != std::string::npos);
}

TEST_CASE("capsim catalog: an unknown NAME exits 2 with did-you-mean") {
  TempDir dir;
  const CliResult r = run_capsim("catalog H100-SXM", dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.starts_with("capsim catalog: error: unknown catalog entry 'H100-SXM'; did you mean 'H100-SXM5-80GB'?"));
  CHECK(run_capsim("catalog --bogus", dir.path()).exit_code == 2);
  CHECK(run_capsim("catalog a b", dir.path()).exit_code == 2);
}

TEST_CASE("capsim catalog --scenario and --file include overrides, their errors exit 2") {
  TempDir dir;
  write_text(dir / "mine.yaml", kOverride);
  write_text(dir / "s.yaml", with_catalog("[mine.yaml]"));
  for (const char* how : {"--scenario s.yaml", "--file mine.yaml"}) {
    INFO(std::string(how));
    const CliResult r = run_capsim(std::string("catalog H100-SXM5-80GB ") + how, dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.starts_with("H100-SXM5-80GB (GPU; from models/catalog/gpus.yaml, then "));
    CHECK(r.out.find("  price_usd: 20000 USD\n      source: quote: our 2024 contract\n        [purchase order 1234]") !=
          std::string::npos);
    CHECK(run_capsim(std::string("catalog ") + how, dir.path()).out.find("  Tiny-1B ") != std::string::npos);
  }
  write_text(dir / "bad.yaml", "gpus:\n  H100-SXM5-80GB:\n    tdp: 700 W\n");
  const CliResult bad = run_capsim("catalog --file bad.yaml", dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("bad.yaml:3:10: error: gpus.H100-SXM5-80GB.tdp: expected a fact") != std::string::npos);
}

TEST_CASE("capsim catalog is in the help") {
  TempDir dir;
  CHECK(run_capsim("--help", dir.path()).out.find("capsim catalog [NAME]") != std::string::npos);
  const CliResult r = run_capsim("catalog --help", dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.starts_with("usage: capsim catalog [NAME] [--scenario FILE] [--file CATALOG]..."));
}
