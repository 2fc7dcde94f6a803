// Two services on one LLM pool: the pool's books are the sum of the services', a service's
// demand does not depend on the other service being there, and the other's long prompts slow its
// first tokens down (they queue for the same replicas).
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "models/config/scenario_loader.hpp"
#include "models/run/experiment.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using capsim::testing::run_metric;

namespace {

// chat: short prompts, long answers; code: long prompts, short answers. One request a user.
const char* const kSharedPool = R"(name: shared-pool
horizon: 2h
seed: 7
datacenter: {pue: 1.2}
services:
  - name: chat
    signups: {process: poisson, rate: 1/s}
    waitlist: {policy: open}
    usage:
      lifetime: {dist: deterministic, value: 10ms}
      sessions_per_day: 1e8
      caps: [{from: 0s, per_day: 1}]
      prompt_tokens: {dist: lognormal, mean: 400, cv: 1}
      output_tokens: {dist: lognormal, mean: 300, cv: 1}
    serving: {pool: a100}
  - name: code
    signups: {process: poisson, rate: 0.5/s}
    waitlist: {policy: open}
    usage:
      lifetime: {dist: deterministic, value: 10ms}
      sessions_per_day: 1e8
      caps: [{from: 0s, per_day: 1}]
      prompt_tokens: {dist: lognormal, mean: 1500, cv: 0.5}
      output_tokens: {dist: lognormal, mean: 60, cv: 0.5}
    serving: {pool: a100}
fleet:
  pools:
    - name: a100
      replicas: 2
      gpu: A100-SXM4-80GB
      model: Llama-2-7B
      batch: {max: 64, max_tokens: 2048}
)";

models::RunResult run_shared(const std::vector<models::Override>& overrides = {}) {
  const auto runs = models::run_replications(models::load_scenario_text(kSharedPool, "shared-pool.yaml", overrides), 1);
  REQUIRE(runs.size() == 1);
  return runs[0];
}

}  // namespace

TEST_CASE("shared LLM pool: the pool's requests, completions and energy are the sums of its two services'") {
  const models::RunResult r = run_shared();
  for (const char* metric : {"requests", "completed", "rejected", "timed_out"}) {
    INFO(metric);
    CHECK(run_metric(r, "a100", metric) == run_metric(r, "chat", metric) + run_metric(r, "code", metric));
  }
  CHECK(run_metric(r, "chat", "completed") > 6000);  // about 7,200 signups in 2 h, nearly all served
  CHECK(run_metric(r, "code", "completed") > 3000);
  for (const char* metric : {"it_energy_kwh", "facility_energy_kwh"}) {
    INFO(metric);
    const double pool = run_metric(r, "a100", metric);
    CHECK(run_metric(r, "chat", metric) > 0);
    CHECK(run_metric(r, "code", metric) > 0);
    CHECK(std::abs(run_metric(r, "chat", metric) + run_metric(r, "code", metric) - pool) <= 1e-9 * pool);
  }
  // The pool's mean time to first token lies between the two services' (it is their mixture).
  const double chat = run_metric(r, "chat", "ttft_mean_s"), code = run_metric(r, "code", "ttft_mean_s");
  const double pool = run_metric(r, "a100", "ttft_mean_s");
  CHECK(code > chat);  // 1,500-token prompts take longer to prefill
  CHECK(pool > chat);
  CHECK(pool < code);
}

TEST_CASE("shared LLM pool: a service's demand is its own, and its neighbour's prompts delay its first tokens") {
  const models::RunResult shared = run_shared();
  const models::RunResult alone = run_shared({{"services.code.signups.rate", "0.001/s"}});
  // Each service draws from streams named after it: removing most of code's users leaves chat's
  // signups, requests and prompts exactly as they were.
  for (const char* metric : {"signups", "requests", "prompt_tokens", "output_tokens"}) {
    INFO(metric);
    CHECK(run_metric(shared, "chat", metric) == run_metric(alone, "chat", metric));
  }
  // The same chat requests wait behind code's long prefills when code is there.
  CHECK(run_metric(shared, "chat", "ttft_mean_s") > 1.05 * run_metric(alone, "chat", "ttft_mean_s"));
  // With code (almost) gone, nearly all the pool's energy is chat's.
  CHECK(run_metric(alone, "chat", "it_energy_kwh") > 0.99 * run_metric(alone, "a100", "it_energy_kwh"));
}
