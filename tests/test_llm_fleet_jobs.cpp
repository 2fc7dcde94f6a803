// The job queue on a pool that serves a model (LlmServingPool as a ReplicaLender), and jobs on
// pools whose replicas fail: Erlang C through scenarios/validation/jobs-erlang-c-10-9-llm.yaml;
// GPU-hours lent equal to the jobs' replicas x GPUs x durations; lent replicas leave the router;
// preemption sends requests back to the router and loses none; failures strike serving replicas
// only.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "tests/queueing_formulas.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

constexpr double kHour = 3600;

models::RunResult run_one(const std::string& yaml, const std::vector<models::Override>& overrides = {}) {
  const auto runs = models::run_replications(models::load_scenario_text(yaml, "t.yaml", overrides), 1);
  REQUIRE(runs.size() == 1);
  return runs[0];
}

// 4 replicas of Llama-2-7B on one A100 each, chat at 5 requests/s (far below capacity); a team's
// job of 2 GPUs every 200 s holds 2 replicas for 100 s.
constexpr const char* kShared = R"(name: t
horizon: 1000s
seed: 11
output: {interval: 10s}
services:
  - name: chat
    signups: {process: poisson, rate: 5/s}
    waitlist: {policy: open}
    usage:
      lifetime: {dist: deterministic, value: 10ms}
      sessions_per_day: 1e8
      caps: [{from: 0s, per_day: 1}]
      prompt_tokens: {dist: deterministic, value: 200}
      output_tokens: {dist: deterministic, value: 300}
    serving: {pool: a100}
fleet:
  pools:
    - name: a100
      replicas: 4
      gpu: A100-SXM4-80GB
      model: Llama-2-7B
jobs:
  pool: a100
  preempt_serving: true
  teams:
    - name: train
      arrivals: {interval: {dist: deterministic, value: 200s}}
      gpus: 2
      duration: {dist: deterministic, value: 100s}
)";

}  // namespace

TEST_CASE("validation: jobs on a model pool of 10 replicas used by jobs alone at a = 9 are Erlang C") {
  const auto runs = models::run_replications(
      models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/jobs-erlang-c-10-9-llm.yaml"), 2);
  const double c = erlang_c(10, 9.0);  // 0.668732
  check_exact(runs, "gpu_wait_mean_s", c / (10 - 9.0) * kHour, "jobs");
  check_exact(runs, "p_gpu_wait", c, "jobs");
  check_exact(runs, "gpus_in_use_mean", 9.0, "jobs");
  for (const auto& r : runs) {
    // Serving saw none of it.
    CHECK(run_metric(r, "gpus", "utilization") == 0);
    CHECK(run_metric(r, "gpus", "requests") == 0);
  }
}

TEST_CASE("jobs on a model pool: GPU-hours lent are the jobs' replicas x GPUs x durations, lent replicas leave the router") {
  // Jobs start at 200, 400, 600 and 800 s, each on 2 replicas of 1 GPU for 100 s: 4 x 2 x 100
  // GPU-seconds lent (the fifth starts at the horizon, 1,000 s, and holds nothing before it).
  const auto r = run_one(kShared);
  CHECK(run_metric(r, "jobs", "jobs_started") == 5);
  CHECK(run_metric(r, "jobs", "jobs_completed") == 4);
  CHECK(run_metric(r, "jobs", "gpu_wait_max_s") == 0);  // 2 of 4 replicas, taken idle or preempted
  CHECK(run_metric(r, "jobs", "gpu_hours") == doctest::Approx(4 * 2 * 100 / kHour));
  CHECK(run_metric(r, "jobs", "gpus_in_use_mean") * 1000 == doctest::Approx(4 * 2 * 100.0));
  // Utilization counts the installed replicas; while 2 are lent the others take all requests,
  // and nothing is turned away.
  CHECK(run_metric(r, "a100", "rejected") == 0);
  for (const auto& [t, gpus] : run_series(r, "jobs", "gpus_in_use")) {
    INFO("t = " << t);
    const double phase = t - 200 * std::floor(t / 200);
    if (t >= 200 && phase > 0 && phase < 100) CHECK(gpus == 2);
    if (phase > 100) CHECK(gpus == 0);
  }
}

TEST_CASE("jobs on a model pool: a capacity per replica follows replicas lent") {
  // 4 idle replicas, 2 users each, users stay 5 s: 8 admitted, 4 while a job holds 2 replicas.
  const auto r = run_one(kShared, {{"services.chat.waitlist", "{policy: fifo, capacity_per_replica: 2}"},
                                   {"services.chat.signups.rate", "20/s"},
                                   {"services.chat.usage.lifetime", "{dist: deterministic, value: 5s}"}});
  for (const auto& [t, admitted] : run_series(r, "chat", "admitted_users")) {
    INFO("t = " << t);
    const double phase = t - 200 * std::floor(t / 200);
    if (t >= 200 && phase >= 10 && phase <= 90) CHECK(admitted == 4);
    if (t >= 10 && phase >= 110) CHECK(admitted == 8);
  }
}

TEST_CASE("jobs on a model pool: without preemption a job waits for replicas that hold no request at all") {
  // 5 requests/s of about 10 s each keep some 50 in flight over 4 replicas: the router spreads
  // them, so every replica always holds one (busy share 1, though far from its batch limit) and a
  // job that may not preempt never starts. At 1 request/s replicas do empty, and jobs start.
  const auto busy = run_one(kShared, {{"jobs.preempt_serving", "false"}});
  CHECK(run_metric(busy, "a100", "utilization") > 0.999);
  CHECK(run_metric(busy, "jobs", "jobs_started") == 0);
  const auto light = run_one(kShared, {{"jobs.preempt_serving", "false"}, {"services.chat.signups.rate", "1/s"}});
  CHECK(run_metric(light, "a100", "utilization") < 0.9);
  CHECK(run_metric(light, "jobs", "jobs_started") >= 4);  // (the one due at the horizon may still wait)
}

TEST_CASE("jobs on a model pool: preemption sends requests back to the router and none is lost") {
  // Saturated: 40 requests/s on 4 replicas (batch at most 16: about 8 requests/s in all); every
  // 200 s a job takes 2 of them at once, busy: their requests go to the other 2 (the router),
  // none is dropped.
  const auto r = run_one(kShared, {{"services.chat.signups.rate", "40/s"}, {"fleet.pools.a100.batch", "{max: 16}"}});
  CHECK(run_metric(r, "jobs", "jobs_started") == 5);         // at 200, ..., 1,000 s (the horizon)
  CHECK(run_metric(r, "jobs", "replicas_preempted") == 10);  // 2 busy replicas for each
  CHECK(run_metric(r, "jobs", "gpu_wait_max_s") == 0);
  CHECK(run_metric(r, "a100", "rejected") == 0);
  CHECK(run_metric(r, "a100", "timed_out") == 0);
  // Every request is answered but those still held at the horizon (queues at saturation).
  const double held = run_metric(r, "a100", "requests") - run_metric(r, "a100", "completed");
  CHECK(held >= 0);
  for (const auto& [t, busy] : run_series(r, "a100", "utilization")) {
    INFO("t = " << t);
    const double phase = t - 200 * std::floor(t / 200);
    if (t >= 200 && phase > 10 && phase < 100) CHECK(busy == doctest::Approx(0.5));  // 2 of 4 serve
    if (t >= 20 && phase > 110) CHECK(busy == doctest::Approx(1.0));
  }
}

TEST_CASE("jobs with failures: failures strike serving replicas only, on either kind of pool") {
  // 2 replicas whose GPUs fail every 20 s on average (repair 1 s); a job asking for both arrives
  // every 0.1 s and holds them past the horizon once it has them. Without jobs about
  // 2 x 1000 / 21 = 95 failures; with them only those before the first job starts (0.1 s, or the
  // repair of a replica down by then: p = 1%).
  const char* fixed = R"(name: t
horizon: 1000s
seed: 5
services:
  - name: idle
    signups: {process: poisson, rate: 1/d}
    waitlist: {policy: open}
fleet:
  pools:
    - name: gpus
      replicas: 2
      service_time: {dist: deterministic, value: 1s}
      failures: {time_to_failure: {dist: exponential, mean: 20s}, repair: {dist: deterministic, value: 1s}}
jobs:
  pool: gpus
  teams:
    - name: train
      arrivals: {interval: {dist: deterministic, value: 100ms}}
      gpus: 2
      duration: {dist: deterministic, value: 2000s}
)";
  const std::string model = std::string(fixed).replace(std::string(fixed).find("service_time: {dist: deterministic, value: 1s}"),
                                                       std::string("service_time: {dist: deterministic, value: 1s}").size(),
                                                       "gpu: A100-SXM4-80GB\n      model: Llama-2-7B");
  for (const std::string& yaml : {std::string(fixed), model}) {
    const auto lent = run_one(yaml);
    CHECK(run_metric(lent, "jobs", "jobs_started") == 1);
    CHECK(run_metric(lent, "gpus", "failures") <= 2);
    CHECK(run_metric(lent, "gpus", "replicas_up_mean") >= 2 - 2 * 1.1 / 1000);
    const auto alone = run_one(yaml, {{"jobs.teams.train.arrivals", "{interval: {dist: deterministic, value: 2000s}}"}});
    CHECK(run_metric(alone, "gpus", "failures") > 50);
  }
}

TEST_CASE("jobs and fleet changes: a retirement takes lent replicas last, and they leave when given back, on either kind of pool") {
  // 2 replicas; a job arrives every 10 s asking for both and holds them 100 s; both are retired
  // at 50 s while the first job (10-110 s) holds them: they leave at 110 s, so the pool has 2
  // installed for 110 s of 200 and no job starts after the first.
  const char* fixed = R"(name: t
horizon: 200s
services:
  - name: idle
    signups: {process: poisson, rate: 1/d}
    waitlist: {policy: open}
fleet:
  pools:
    - name: gpus
      replicas: 2
      service_time: {dist: deterministic, value: 1s}
      changes: [{at: 50s, retire: 2}]
jobs:
  pool: gpus
  teams:
    - name: train
      arrivals: {interval: {dist: deterministic, value: 10s}}
      gpus: 2
      duration: {dist: deterministic, value: 100s}
)";
  const std::string model = std::string(fixed).replace(std::string(fixed).find("service_time: {dist: deterministic, value: 1s}"),
                                                       std::string("service_time: {dist: deterministic, value: 1s}").size(),
                                                       "gpu: A100-SXM4-80GB\n      model: Llama-2-7B");
  for (const std::string& yaml : {std::string(fixed), model}) {
    const auto r = run_one(yaml);
    CHECK(run_metric(r, "gpus", "replicas_installed_mean") == doctest::Approx(2 * 110.0 / 200));
    CHECK(run_metric(r, "jobs", "jobs_started") == 1);
    CHECK(run_metric(r, "jobs", "jobs_completed") == 1);
    CHECK(run_metric(r, "jobs", "gpus_in_use_mean") == doctest::Approx(2 * 100.0 / 200));
  }
}
