// Validation of LLM serving through scenario files: the roofline replica against Lambda's public
// vLLM 0.5.4 throughput rows, jump against iteration through the whole path, a step-time profile
// fitted to the roofline's own steps against the roofline, and the serving
// arithmetic's consistency checks (every request answered, output tokens accounted for).
// Reference figures: ../shared/VALIDATION.md, Serving. Scenarios: scenarios/validation/serving-llm-*.yaml
// and serving-lambda-throughput.yaml.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "models/input/table_file.hpp"
#include "models/run/experiment.hpp"
#include "models/serving/step_cost.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

const std::string kValidation = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/";

models::RunResult run_one(const std::string& name, const std::vector<models::Override>& overrides) {
  const auto runs = models::run_replications(models::load_scenario(kValidation + name + ".yaml", overrides), 1);
  REQUIRE(runs.size() == 1);
  return runs[0];
}

}  // namespace

TEST_CASE("validation: roofline replicas within 1.5x of Lambda's vLLM 0.5.4 rows, H100/A100 between 1.6 and 2.6") {
  struct Row {
    const char* model;
    const char* precision;
    const char* gpus;
    double a100, h100;  // Lambda's output tokens/s (VALIDATION.md)
  };
  const Row rows[] = {{"Llama-3.1-8B", "fp8", "1", 1518, 3400}, {"Mistral-7B", "fp16", "1", 1591, 3281}, {"Llama-3.1-70B", "fp8", "8", 1163, 2573}};
  for (const Row& row : rows) {
    std::map<std::string, double> measured;
    for (const char* gpu : {"A100-SXM4-80GB", "H100-SXM5-80GB"}) {
      const models::RunResult r = run_one("serving-lambda-throughput", {{"fleet.pools.replica.gpu", gpu},
                                                                         {"fleet.pools.replica.model", row.model},
                                                                         {"fleet.pools.replica.precision", row.precision},
                                                                         {"fleet.pools.replica.gpus_per_replica", row.gpus}});
      const double requests = run_metric(r, "replica", "requests");
      CHECK(run_metric(r, "replica", "completed") == requests);
      CHECK(requests > 900);
      // Output tokens over the time to the last answer.
      measured[gpu] = run_metric(r, "replica", "tokens_per_s") * 1000 / run_metric(r, "replica", "e2e_max_s");
    }
    const double a100 = measured["A100-SXM4-80GB"], h100 = measured["H100-SXM5-80GB"];
    INFO(row.model << ": A100 " << a100 << " tokens/s (Lambda " << row.a100 << "), H100 " << h100 << " (Lambda " << row.h100 << ")");
    CHECK(a100 / row.a100 < 1.5);
    CHECK(row.a100 / a100 < 1.5);
    CHECK(h100 / row.h100 < 1.5);
    CHECK(row.h100 / h100 < 1.5);
    CHECK(h100 / a100 > 1.6);
    CHECK(h100 / a100 < 2.6);
  }
}

namespace {

// serving-llm-small in both fidelities, with chunked prefill or not: the same latencies.
void check_jump_equals_iteration(const char* chunked) {
  // Preemptions at the KV limit, users who give up, GPU failures: all in both modes.
  const models::RunResult jump = run_one("serving-llm-small", {{"fleet.pools.a100.batch.fidelity", "jump"},
                                                               {"fleet.pools.a100.batch.chunked_prefill", chunked}});
  const models::RunResult iteration = run_one("serving-llm-small", {{"fleet.pools.a100.batch.fidelity", "iteration"},
                                                                    {"fleet.pools.a100.batch.chunked_prefill", chunked}});
  CHECK(run_metric(jump, "a100", "preemptions") > 100);
  CHECK(run_metric(jump, "a100", "timed_out") > 10);
  CHECK(run_metric(jump, "a100", "failures") >= 1);
  CHECK(run_metric(jump, "a100", "requeued") >= 1);
  const double requests = run_metric(jump, "a100", "requests");
  CHECK(run_metric(jump, "a100", "completed") + run_metric(jump, "a100", "rejected") + run_metric(jump, "a100", "timed_out") ==
        doctest::Approx(requests).epsilon(0.001));  // all answered but the few still out at the horizon
  // Every request has the same times, so every metric made of them is equal to the last bit; only
  // kv_use_mean differs (the jump takes each run's KV use at its mean step).
  for (const sim::Measurement& m : jump.metrics) {
    if (m.metric == "kv_use_mean") continue;
    INFO(m.scope << "/" << m.metric);
    CHECK(m.value == run_metric(iteration, m.scope, m.metric));
  }
  CHECK(run_metric(jump, "a100", "kv_use_mean") == doctest::Approx(run_metric(iteration, "a100", "kv_use_mean")).epsilon(0.03));
  CHECK(jump.events * 3 < iteration.events);
}

}  // namespace

TEST_CASE("validation: LLM pool, jumping over decode runs gives the same latencies as stepping every iteration") {
  check_jump_equals_iteration("false");
}

TEST_CASE("validation: LLM pool with chunked prefill, jumping gives the same latencies as stepping every iteration") {
  check_jump_equals_iteration("true");
}

TEST_CASE("validation: chunked prefill cuts the tail of TPOT under long prompts (serving-chunked-prefill)") {
  const models::RunResult plain = run_one("serving-chunked-prefill", {{"fleet.pools.h100.batch.chunked_prefill", "false"}});
  const models::RunResult chunked = run_one("serving-chunked-prefill", {{"fleet.pools.h100.batch.chunked_prefill", "true"}});
  const double tpot_plain = run_metric(plain, "h100", "tpot_p99_s"), tpot_chunked = run_metric(chunked, "h100", "tpot_p99_s");
  INFO("TPOT p99 " << tpot_plain << " s -> " << tpot_chunked << " s; TTFT mean " << run_metric(plain, "h100", "ttft_mean_s")
                   << " s -> " << run_metric(chunked, "h100", "ttft_mean_s") << " s");
  for (const models::RunResult* r : {&plain, &chunked}) {
    CHECK(run_metric(*r, "h100", "completed") > 0.99 * run_metric(*r, "h100", "requests"));  // below saturation
    CHECK(run_metric(*r, "h100", "rejected") == 0);
  }
  // Without chunking a decode waits for whole prefill steps of ~4,000 tokens; with it, for one
  // step of at most 512 tokens.
  CHECK(tpot_chunked < tpot_plain);
}

TEST_CASE("validation: the prefix cache cuts mean TTFT of chat sessions, with scarce memory LRU keeps part (serving-prefix-cache)") {
  for (const char* memory : {"0.9", "0.25"}) {
    const models::RunResult off = run_one("serving-prefix-cache", {{"fleet.pools.h100.batch.prefix_cache", "false"},
                                                                   {"fleet.pools.h100.memory_utilization", memory}});
    const models::RunResult on = run_one("serving-prefix-cache", {{"fleet.pools.h100.batch.prefix_cache", "true"},
                                                                  {"fleet.pools.h100.memory_utilization", memory}});
    const double context = run_metric(on, "h100", "prefix_context_tokens"), hits = run_metric(on, "h100", "prefix_hit_tokens");
    const double ttft_off = run_metric(off, "h100", "ttft_mean_s"), ttft_on = run_metric(on, "h100", "ttft_mean_s");
    INFO("memory_utilization " << memory << ": hit rate " << hits / context << ", TTFT mean " << ttft_off << " s -> " << ttft_on << " s");
    CHECK(run_metric(on, "h100", "completed") > 0.99 * run_metric(on, "h100", "requests"));
    CHECK(context > 1e6);  // 7 of 8 turns carry ~400 tokens per earlier turn
    CHECK(ttft_on < ttft_off);
    if (std::string(memory) == "0.9") {
      CHECK(hits > 0.99 * context);  // memory for every live session: nearly every earlier token is found
    } else {
      CHECK(hits > 0.1 * context);   // ~30k tokens of KV against ~60 live sessions of up to 3,200
      CHECK(hits < 0.9 * context);
    }
  }
}

TEST_CASE("validation: DistServe's OPT-13B point (1.56 requests/s per A100 at 90% SLO attainment) within a factor 1.5") {
  const auto attainment = [](const char* rate) {
    const models::RunResult r = run_one("serving-distserve-opt13b", {{"services.chat.signups.rate", rate}});
    return run_metric(r, "chat", "slo_attainment");
  };
  const double below = attainment("1.04/s"), at = attainment("1.56/s"), above = attainment("2.34/s");
  INFO("SLO attainment at 1.04, 1.56, 2.34 requests/s: " << below << ", " << at << ", " << above);
  CHECK(below >= 0.9);
  CHECK(above < 0.9);
  CHECK(below >= at);
  CHECK(at > above);
}

TEST_CASE("validation: a profile of the roofline's own step times gives the roofline's request times") {
  // The shipped rows are the roofline's step times for this pool (the file says how they were made).
  const models::Scenario roofline = models::load_scenario(kValidation + "serving-llm-profile.yaml",
                                                          {{"fleet.pools.a100.step_time", "{kind: roofline}"}});
  const models::LlmPoolConfig& llm = *roofline.pools.at(0).llm;
  const models::StepCost cost(llm.gpu, llm.model, llm.roofline);
  models::CsvRows rows(kValidation + "data/step-profile-llama-2-7b-a100.csv");
  std::vector<std::string> f;
  int checked = 0;
  while (rows.next(f)) {
    const std::int64_t prefill = std::stoll(f[0]), batch = std::stoll(f[1]), context = std::stoll(f[2]);
    const std::int64_t fs = prefill > 0 ? cost.step(prefill, prefill * prefill / batch, batch, 0, 0) : cost.decode_step(batch, context);
    INFO(rows.where());
    CHECK(std::llround(std::stod(f[3]) * 1e15) == fs);
    ++checked;
  }
  CHECK(checked == 17);
  // Over those rows the roofline is the profile's model, so the fit is exact but for rounding.
  const models::Scenario profiled = models::load_scenario(kValidation + "serving-llm-profile.yaml", {});
  const models::StepProfile& p = *profiled.pools.at(0).llm->profile;
  CHECK(p.attention);
  CHECK(p.max_relative_residual < 1e-12);
  const models::RunResult by_roofline = run_one("serving-llm-profile", {{"fleet.pools.a100.step_time", "{kind: roofline}"}});
  const models::RunResult by_profile = run_one("serving-llm-profile", {});
  const models::RunResult by_profile_iteration = run_one("serving-llm-profile", {{"fleet.pools.a100.batch.fidelity", "iteration"}});
  CHECK(run_metric(by_profile, "a100", "completed") > 2500);  // of about 1.5/s x 1800 s = 2700
  CHECK(run_metric(by_profile, "a100", "batch_mean") > 5);      // decode runs of real batches
  double worst = 0;
  for (const sim::Measurement& m : by_roofline.metrics) {
    INFO(m.scope << "/" << m.metric);
    const double v = run_metric(by_profile, m.scope, m.metric);
    // Coefficients rounded to 1 fs apart: a step may end one 1 ns tick apart.
    CHECK(v == doctest::Approx(m.value).epsilon(1e-6));
    if (m.value != 0) worst = std::max(worst, std::abs(v / m.value - 1));
  }
  MESSAGE("largest relative difference of a metric, profile against roofline: " << worst);
  // The profile's jump over decode runs gives the same times as stepping every iteration.
  for (const sim::Measurement& m : by_profile.metrics) {
    if (m.metric == "kv_use_mean") continue;
    INFO(m.scope << "/" << m.metric);
    CHECK(m.value == run_metric(by_profile_iteration, m.scope, m.metric));
  }
}
