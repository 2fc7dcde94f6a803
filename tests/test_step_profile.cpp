// Measured step-time profiles (fleet.pools[].step_time kind profile): the least-squares fit
// recovers the coefficients of the formula that made its rows, a profile's decode run is the sum
// of its steps to the femtosecond, and every bad file is a located error with exit code 2.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/serving/step_cost.hpp"
#include "models/serving/step_profile.hpp"
#include "tests/cli_runner.hpp"

using namespace capsim::models;
using capsim::testing::TempDir;
using capsim::testing::write_text;

namespace {

// The formula the synthetic rows come from (seconds).
struct Formula {
  double a = 0.004, p = -0.002, b = 1.5e-4, e = 3e-9, c = 5e-5, d = 4e-7;
  double operator()(double prefill, double batch, double context) const {
    const double pairs = prefill > 0 ? prefill * prefill / batch : 0;
    return a + (prefill > 0 ? p : 0) + b * prefill + e * pairs + c * batch + d * context;
  }
};

// Rows from `f`: prefills of the given lengths over 1, 2 and 4 prompts, decodes over a grid.
std::string synthetic_csv(const Formula& f, const std::vector<double>& prefill_lengths) {
  std::string csv = "# made by the formula in tests/test_step_profile.cpp\nprefill_tokens,batch_size,context_tokens,step_time_s\n";
  for (double prefill : prefill_lengths)
    for (double prompts : {1.0, 2.0, 4.0}) csv += fmt::format("{},{},0,{:.17g}\n", prefill, prompts, f(prefill, prompts, 0));
  for (double batch : {1.0, 8.0, 32.0, 64.0})
    for (double per_sequence : {100.0, 700.0, 1500.0})
      csv += fmt::format("0,{},{},{:.17g}\n", batch, batch * per_sequence, f(0, batch, batch * per_sequence));
  return csv;
}

// A scenario whose one pool (Llama-2-7B on an A100: about 111k KV tokens, batch.max 64) takes its
// step times from `csv_name`.
std::string scenario(const std::string& csv_name) {
  return fmt::format(R"(name: t
horizon: 1h
services:
  - name: chat
    signups: {{process: poisson, rate: 1/s}}
    waitlist: {{policy: open}}
    usage:
      lifetime: {{dist: deterministic, value: 10ms}}
      sessions_per_day: 1e8
      prompt_tokens: {{dist: deterministic, value: 500}}
      output_tokens: {{dist: deterministic, value: 100}}
    serving: {{pool: gpu}}
fleet:
  pools:
    - name: gpu
      replicas: 1
      gpu: A100-SXM4-80GB
      model: Llama-2-7B
      batch: {{max: 64}}
      step_time: {{kind: profile, file: {}}}
)",
                     csv_name);
}

Scenario load_with(const TempDir& dir, const std::string& csv) {
  write_text(dir / "profile.csv", csv);
  return load_scenario_text(scenario("profile.csv"), (dir / "s.yaml").string());
}

std::vector<Diagnostic> errors_with(const TempDir& dir, const std::string& csv, const std::string& yaml = "") {
  write_text(dir / "profile.csv", csv);
  try {
    load_scenario_text(yaml.empty() ? scenario("profile.csv") : yaml, (dir / "s.yaml").string());
  } catch (const ScenarioError& e) {
    return e.items();
  }
  return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("step profile: least squares recovers the coefficients of the formula that made the rows") {
  const Formula f;
  TempDir dir;
  const Scenario s = load_with(dir, synthetic_csv(f, {128, 512, 1024, 4096}));
  REQUIRE(s.pools.size() == 1);
  REQUIRE(s.pools[0].llm->profile.has_value());
  const StepProfile& p = *s.pools[0].llm->profile;
  // Exact data: only double rounding separates the fit from the formula (QR on scaled columns).
  CHECK(p.attention);
  CHECK(p.rows == 24);
  CHECK(p.intercept_s == doctest::Approx(f.a).epsilon(1e-9));
  CHECK(p.per_prefill_step_s == doctest::Approx(f.p).epsilon(1e-9));
  CHECK(p.per_prefill_token_s == doctest::Approx(f.b).epsilon(1e-9));
  CHECK(p.per_attention_pair_s == doctest::Approx(f.e).epsilon(1e-9));
  CHECK(p.per_sequence_s == doctest::Approx(f.c).epsilon(1e-9));
  CHECK(p.per_context_token_s == doctest::Approx(f.d).epsilon(1e-9));
  CHECK(p.r_squared == doctest::Approx(1).epsilon(1e-12));
  CHECK(p.max_relative_residual < 1e-9);
  // The fit is reported where a user looks: `capsim check` and config.resolved.yaml.
  REQUIRE(s.notes.size() == 1);
  CHECK(contains(s.notes[0], "fleet.pools.gpu.step_time: step_time_s = 0.004 - 0.002 x [prefill_tokens > 0] + 0.00015 x prefill_tokens + 3e-09 x prefill_tokens^2 / batch_size"));
  CHECK(contains(s.notes[0], "least squares over 24 rows: R^2 1.000000"));
}

TEST_CASE("step profile: without prefill attention in the data the term is left out, the rest still exact") {
  Formula f;
  f.e = 0;
  TempDir dir;
  // Two prompt lengths: prefill_tokens^2 / batch_size cannot be told from the other columns.
  const Scenario s = load_with(dir, synthetic_csv(f, {256, 1024}));
  const StepProfile& p = *s.pools[0].llm->profile;
  CHECK_FALSE(p.attention);
  CHECK(p.per_attention_pair_s == 0);
  CHECK(p.intercept_s == doctest::Approx(f.a).epsilon(1e-9));
  CHECK(p.per_prefill_step_s == doctest::Approx(f.p).epsilon(1e-9));
  CHECK(p.per_prefill_token_s == doctest::Approx(f.b).epsilon(1e-9));
  CHECK(p.per_sequence_s == doctest::Approx(f.c).epsilon(1e-9));
  CHECK(p.per_context_token_s == doctest::Approx(f.d).epsilon(1e-9));
  CHECK(contains(p.summary(), "no attention term"));
}

TEST_CASE("step profile: a decode run's closed form is the sum of its steps, to the femtosecond") {
  StepProfile p;
  p.intercept_s = 0.0123456789;
  p.per_prefill_step_s = -0.003;
  p.per_prefill_token_s = 2.1e-4;
  p.per_attention_pair_s = 4.2e-9;
  p.per_sequence_s = 4.1e-5;
  LlmSpec llm;
  llm.layers = 32;
  llm.hidden = 4096;
  llm.attention_heads = 32;
  llm.kv_heads = 32;
  llm.parameters = 6.74e9;
  for (double d : {6.43e-7, -1.1e-8}) {  // a falling context term stays exact too
    p.per_context_token_s = d;
    const StepCost cost(p, llm, 2);
    // Each step is the profile's time rounded once per coefficient to whole femtoseconds.
    CHECK(cost.decode_step(8, 1000) == std::llround(p.intercept_s * 1e15) + 8 * std::llround(p.per_sequence_s * 1e15) +
                                            1000 * std::llround(d * 1e15));
    CHECK(cost.step(512, 512 * 512, 1, 0, 0) == std::llround(p.intercept_s * 1e15) + std::llround(p.per_prefill_step_s * 1e15) +
                                                    512 * std::llround(p.per_prefill_token_s * 1e15) +
                                                    512 * 512 * std::llround(p.per_attention_pair_s * 1e15) +
                                                    std::llround(p.per_sequence_s * 1e15));
    for (std::int64_t batch : {1, 7, 64}) {
      Femtos sum = 0;
      for (std::int64_t k = 1; k <= 300; ++k) {
        sum += cost.decode_step(batch, 2000 + batch * (k - 1));
        REQUIRE((cost.decode_run(batch, 2000, k) == sum));  // __int128: no decomposition
      }
      CHECK(cost.steps_to_pass(batch, 2000, 300, cost.decode_run(batch, 2000, 120)) == 121);
    }
  }
}

TEST_CASE("step profile: bad files are located errors") {
  TempDir dir;
  const std::string csv = (dir / "profile.csv").string();
  const std::string header = "prefill_tokens,batch_size,context_tokens,step_time_s\n";
  SUBCASE("a cell that is not a number, at its line and column") {
    const auto e = errors_with(dir, header + "128,1,0,0.03\n256,one,0,0.06\n512,1,0,fast\n");
    REQUIRE(e.size() == 2);
    CHECK(e[0].location == csv + ":3:5");
    CHECK(e[0].path == "fleet.pools.gpu.step_time.file");
    CHECK(contains(e[0].message, "batch_size: expected a number"));
    CHECK(e[1].location == csv + ":4:9");
    CHECK(contains(e[1].message, "step_time_s: expected a duration"));
  }
  SUBCASE("a missing column, at the header") {
    const auto e = errors_with(dir, "# a comment first\nprefill_tokens,batch,context_tokens,step_time_s\n1,1,0,0.1\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0].location == csv + ":2:1");
    CHECK(contains(e[0].message, "missing column batch_size"));
  }
  SUBCASE("too few rows") {
    const auto e = errors_with(dir, header + "128,1,0,0.03\n256,1,0,0.06\n0,8,800,0.02\n0,16,1600,0.025\n0,32,3200,0.03\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0].location == csv + ":6:1");
    CHECK(contains(e[0].message, "at least 6 rows"));
    CHECK(contains(e[0].message, "got 5"));
  }
  SUBCASE("a rank-deficient design, at the column the others determine") {
    // The context is always 100 tokens a sequence: context_tokens = 100 x batch_size.
    std::string rows = header;
    for (int prefill : {128, 256, 512}) rows += fmt::format("{},1,0,{}\n", prefill, 0.01 + 2e-4 * prefill);
    for (int batch : {1, 2, 4, 8}) rows += fmt::format("0,{},{},{}\n", batch, 100 * batch, 0.02 + 1e-4 * batch);
    const auto e = errors_with(dir, rows);
    REQUIRE(e.size() == 1);
    CHECK(e[0].location == csv + ":1:27");  // scaled, the two columns are equal: pivoting keeps the first
    CHECK(contains(e[0].message, "context_tokens is a linear combination"));
    CHECK(contains(e[0].message, "rank-deficient design"));
  }
  SUBCASE("a fit whose step time falls to zero or below within the pool's range") {
    Formula f;
    f.d = -5e-8;  // every row positive, but at the KV cache's ~111k tokens one sequence takes 0.004 + 5e-5 - 0.0055 s
    const auto e = errors_with(dir, synthetic_csv(f, {128, 512, 1024}));
    REQUIRE(e.size() == 1);
    CHECK(e[0].location == (dir / "s.yaml").string() + ":20:40");
    CHECK(e[0].path == "fleet.pools.gpu.step_time.file");
    CHECK(contains(e[0].message, "the fitted step time is not positive at prefill_tokens=0, batch_size=1, context_tokens="));
    CHECK(contains(e[0].message, "batches up to batch.max 64"));
  }
  SUBCASE("step times that are not positive, and a prefill without a sequence") {
    const auto e = errors_with(dir, header + "128,0,0,0.03\n256,1,0,0\n");
    REQUIRE(e.size() == 2);
    CHECK(e[0].location == csv + ":2:5");
    CHECK(contains(e[0].message, "batch_size must be >= 1"));
    CHECK(e[1].location == csv + ":3:9");
    CHECK(contains(e[1].message, "step_time_s must be > 0"));
  }
  SUBCASE("a file that is not there") {
    const auto e = errors_with(dir, "", scenario("absent.csv"));
    REQUIRE(e.size() == 1);
    CHECK(contains(e[0].message, "cannot open"));
  }
  SUBCASE("keys of the other kind") {
    std::string yaml = scenario("profile.csv");
    yaml.replace(yaml.find("kind: profile"), 13, "kind: roofline");
    auto e = errors_with(dir, synthetic_csv(Formula{}, {128, 512, 1024}), yaml);
    REQUIRE(e.size() == 1);
    CHECK(e[0].path == "fleet.pools.gpu.step_time.file");
    CHECK(contains(e[0].message, "applies only to kind: profile"));
    e = errors_with(dir, synthetic_csv(Formula{}, {128, 512, 1024}), scenario("profile.csv") + "      roofline: {mfu: 0.3}\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0].path == "fleet.pools.gpu.roofline");
    yaml = scenario("profile.csv");  // a fixed pool has no steps
    yaml.replace(yaml.find("      gpu: A100"), yaml.find("      batch:") - yaml.find("      gpu: A100"), "      service_time: {dist: exponential, mean: 1s}\n");
    e = errors_with(dir, synthetic_csv(Formula{}, {128, 512, 1024}), yaml);
    REQUIRE(e.size() == 1);
    CHECK(e[0].path == "fleet.pools.gpu.step_time");
    CHECK(contains(e[0].message, "applies to pools that serve a `model`"));
  }
}

TEST_CASE("step profile: capsim check prints the fit, and a bad file exits with code 2") {
  TempDir dir;
  write_text(dir / "s.yaml", scenario("profile.csv"));
  write_text(dir / "profile.csv", synthetic_csv(Formula{}, {128, 512, 1024}));
  const auto ok = capsim::testing::run_capsim("check s.yaml", dir.path());
  CHECK(ok.exit_code == 0);
  CHECK(contains(ok.out, "fleet.pools.gpu.step_time: step_time_s = 0.004"));
  write_text(dir / "profile.csv", "prefill_tokens,batch_size,context_tokens,step_time_s\n1,x,0,1\n");
  const auto bad = capsim::testing::run_capsim("check s.yaml", dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "profile.csv:2:3: error: fleet.pools.gpu.step_time.file: batch_size: expected a number"));
}
