// Energy of fixed pools and of the jobs that borrow their replicas, against hand computations
// through the real scenario path (scenarios/validation/energy-fixed-toy.yaml): replica-seconds
// in each power state, times the state's draw.
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/input/units.hpp"
#include "models/run/experiment.hpp"
#include "models/serving/step_cost.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using capsim::testing::run_metric;

namespace {

const std::string kValidation = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/";

models::RunResult run_fixed_toy(const std::vector<models::Override>& overrides = {}) {
  const auto runs = models::run_replications(models::load_scenario(kValidation + "energy-fixed-toy.yaml", overrides), 1);
  REQUIRE(runs.size() == 1);
  return runs[0];
}

void check_relative(double value, double exact, const char* what) {
  INFO(what << ": " << value << " against " << exact);
  CHECK(std::abs(value - exact) <= 1e-9 * std::abs(exact));
}

// The toy's replica-seconds by state (its header): 2 replicas x 3 h and 1 x 2 h installed; two
// down for 600 s; three requests of 60 s; one replica lent for 1,800 s.
constexpr double kInstalled = 2 * 10800 + 7200, kDown = 2 * 600, kBusy = 3 * 60, kLent = 1800;
constexpr double kIdle = kInstalled - kDown - kBusy - kLent;
constexpr double kGpus = 2;  // per replica
constexpr double kIdleW = 50, kBusyW = 300, kTrainingW = 500, kDownW = 10, kOverheadW = 20;

}  // namespace

TEST_CASE("validation: energy-fixed-toy: a fixed pool's energy by state (idle, busy, lent, down, an added replica) matches the hand computation to 1e-9") {
  const models::RunResult r = run_fixed_toy();
  REQUIRE(run_metric(r, "chat", "completed") == 2);
  REQUIRE(run_metric(r, "image", "completed") == 1);
  REQUIRE(run_metric(r, "gpus", "failures") == 2);
  REQUIRE(run_metric(r, "jobs", "jobs_started") == 1);
  const double it_j = kGpus * (kIdle * kIdleW + kBusy * kBusyW + kLent * kTrainingW + kDown * kDownW + (kInstalled - kDown) * kOverheadW);
  const double lifetime = 1000 * 86400.0;
  const double gpu_s = kGpus * kInstalled;
  for (const char* scope : {"gpus", "all"}) {
    check_relative(run_metric(r, scope, "it_energy_kwh"), it_j / 3.6e6, "it_energy_kwh");
    check_relative(run_metric(r, scope, "facility_energy_kwh"), 1.2 * it_j / 3.6e6, "facility_energy_kwh");
    check_relative(run_metric(r, scope, "co2e_t"), 400 * 1.2 * it_j / 3.6e6 / 1e6, "co2e_t");
    check_relative(run_metric(r, scope, "embodied_co2e_t"), gpu_s * 100e3 / lifetime / 1e6, "embodied_co2e_t");
    check_relative(run_metric(r, scope, "gpu_cost_usd"), gpu_s * 10000 / lifetime, "gpu_cost_usd");
    check_relative(run_metric(r, scope, "cost_usd"), 0.1 * 1.2 * it_j / 3.6e6 + gpu_s * 10000 / lifetime, "cost_usd");
    check_relative(run_metric(r, scope, "energy_per_request_wh"), 1.2 * it_j / 3600 / 3, "energy_per_request_wh");
  }
}

TEST_CASE("validation: energy-fixed-toy: the job's GPUs are the jobs', the rest of the pool is split 2 to 1 by the services' GPU-time") {
  const models::RunResult r = run_fixed_toy();
  const double jobs_j = kGpus * kLent * (kTrainingW + kOverheadW);
  const double lifetime = 1000 * 86400.0;
  for (const char* scope : {"jobs", "jobs/research"}) {
    check_relative(run_metric(r, scope, "it_energy_kwh"), jobs_j / 3.6e6, "jobs it_energy_kwh");
    check_relative(run_metric(r, scope, "facility_energy_kwh"), 1.2 * jobs_j / 3.6e6, "jobs facility_energy_kwh");
    check_relative(run_metric(r, scope, "gpu_cost_usd"), kGpus * kLent * 10000 / lifetime, "jobs gpu_cost_usd");
  }
  // Conservation: services + jobs = the pool, for every additive figure; facility = IT x PUE.
  for (const char* metric : {"it_energy_kwh", "facility_energy_kwh", "co2e_t", "embodied_co2e_t", "electricity_cost_usd", "gpu_cost_usd", "cost_usd"}) {
    const double pool = run_metric(r, "gpus", metric), jobs = run_metric(r, "jobs", metric);
    const double chat = run_metric(r, "chat", metric), image = run_metric(r, "image", metric);
    check_relative(chat + image + jobs, pool, metric);
    check_relative(chat, 2 * image, metric);  // 240 GPU-s against 120
  }
  const double rest_j = kGpus * (kIdle * kIdleW + kBusy * kBusyW + kDown * kDownW + (kInstalled - kDown - kLent) * kOverheadW);
  check_relative(run_metric(r, "chat", "it_energy_kwh"), rest_j * 2 / 3 / 3.6e6, "chat it_energy_kwh");
  check_relative(run_metric(r, "image", "facility_energy_kwh"), 1.2 * rest_j / 3 / 3.6e6, "image facility_energy_kwh");
  check_relative(run_metric(r, "all", "it_energy_kwh"), run_metric(r, "gpus", "it_energy_kwh"), "all = the pool (jobs are a part of it)");
}

TEST_CASE("energy accounting: a fixed pool under a datacenter needs a catalog gpu or its idle and busy draws, and takes the catalog's figures") {
  auto errors = [](const std::vector<models::Override>& overrides) {
    try {
      models::load_scenario(kValidation + "energy-fixed-toy.yaml", overrides);
    } catch (const models::ScenarioError& e) {
      return e.items();
    }
    return std::vector<models::Diagnostic>{};
  };
  const auto bare = errors({{"fleet.pools.gpus.energy", "{down: 10 W}"}});
  REQUIRE(bare.size() == 1);
  CHECK(bare[0].message.find("a catalog `gpu`") != std::string::npos);
  const auto misspelt = errors({{"fleet.pools.gpus.gpu", "H100-SXM5-80G"}});
  REQUIRE(misspelt.size() == 1);
  CHECK(misspelt[0].path == "fleet.pools.gpus.gpu");
  const auto decode = errors({{"fleet.pools.gpus.energy.decode", "100 W"}});
  REQUIRE(decode.size() == 1);
  CHECK(decode[0].message.find("`busy`") != std::string::npos);
  // With an H100 and no figures: idle 75 W (SplitwiseSim), busy and training at the 700 W TDP.
  const models::Scenario s = models::load_scenario(kValidation + "energy-fixed-toy.yaml",
                                                   {{"fleet.pools.gpus.gpu", "H100-SXM5-80GB"}, {"fleet.pools.gpus.energy", "{}"}});
  REQUIRE(s.pools[0].accounting);
  CHECK(s.pools[0].accounting->power.idle_w == 75);
  CHECK(s.pools[0].accounting->power.busy_w == 700);
  CHECK(s.pools[0].accounting->power.training_w == 700);
}

TEST_CASE("energy accounting: replicas of a model pool lent to jobs draw the training power, the jobs' energy is their GPU-time at it, and chat + jobs = the pool") {
  // serving-llm-small (2 A100 replicas, failures, 4 h) with a team borrowing one replica at a
  // time, preempting serving.
  const std::vector<models::Override> overrides = {
      {"datacenter", "{pue: 1.1, gpu_lifetime: 1000h}"},
      {"fleet.pools.a100.energy", "{training: 350 W, overhead: 100 W}"},
      {"jobs", "{pool: a100, preempt_serving: true, teams: [{name: research, arrivals: {rate: 2/h}, gpus: 1, duration: {dist: exponential, mean: 20min}}]}"}};
  const auto runs = models::run_replications(models::load_scenario(kValidation + "serving-llm-small.yaml", overrides), 1);
  REQUIRE(runs.size() == 1);
  const models::RunResult& r = runs[0];
  REQUIRE(run_metric(r, "jobs", "jobs_started") > 0);
  REQUIRE(run_metric(r, "chat", "completed") > 0);
  // The GPUs the team held, on average over the 4 h, at 350 + 100 W.
  const double held_gpu_s = run_metric(r, "jobs/research", "gpus_in_use_mean") * 4 * 3600;
  check_relative(run_metric(r, "jobs/research", "it_energy_kwh"), held_gpu_s * 450 / 3.6e6, "jobs/research it_energy_kwh");
  check_relative(run_metric(r, "jobs", "embodied_co2e_t"), held_gpu_s / 3600 * 318e3 / 1000 / 1e6, "jobs embodied_co2e_t (A100: 318 kg)");
  for (const char* metric : {"it_energy_kwh", "facility_energy_kwh", "co2e_t", "embodied_co2e_t", "cost_usd"})
    check_relative(run_metric(r, "chat", metric) + run_metric(r, "jobs", metric), run_metric(r, "a100", metric), metric);
  check_relative(run_metric(r, "jobs", "facility_energy_kwh"), 1.1 * run_metric(r, "jobs", "it_energy_kwh"), "jobs: facility = 1.1 x IT");
  check_relative(run_metric(r, "all", "it_energy_kwh"), run_metric(r, "a100", "it_energy_kwh"), "all = the pool");
  // The pool's own draw follows its lent replicas: 1 kW more per lent GPU adds exactly that to the
  // pool (the run is the same: energy changes no event) and leaves the services' figures as they were.
  std::vector<models::Override> hotter = overrides;
  hotter[1] = {"fleet.pools.a100.energy", "{training: 1350 W, overhead: 100 W}"};
  const auto again = models::run_replications(models::load_scenario(kValidation + "serving-llm-small.yaml", hotter), 1);
  REQUIRE(again.size() == 1);
  check_relative(run_metric(again[0], "a100", "it_energy_kwh") - run_metric(r, "a100", "it_energy_kwh"), held_gpu_s * 1000 / 3.6e6, "pool: +1 kW per lent GPU");
  check_relative(run_metric(again[0], "chat", "it_energy_kwh"), run_metric(r, "chat", "it_energy_kwh"), "chat unchanged");
}

TEST_CASE("energy accounting: a power cap cuts each state's draw and slows compute-bound steps by tdp / cap, not memory-bound decode") {
  // energy-toy's A100 (tdp 400 W) capped at 200 W: peak FLOP/s halve; draws idle 60, prefill 200
  // (from 400), decode 200 (from 250).
  const std::vector<models::Override> cap = {{"fleet.pools.gpus.energy.power_cap", "200 W"}};
  const models::Scenario plain = models::load_scenario(kValidation + "energy-toy.yaml");
  const models::Scenario capped = models::load_scenario(kValidation + "energy-toy.yaml", cap);
  REQUIRE(capped.pools[0].llm);
  CHECK(capped.pools[0].llm->gpu.bf16_flop_per_s == plain.pools[0].llm->gpu.bf16_flop_per_s / 2);
  CHECK(capped.pools[0].accounting->power.prefill_w == 200);
  CHECK(capped.pools[0].accounting->power.decode_w == 200);
  CHECK(capped.pools[0].accounting->power.idle_w == 60);
  // Step times: a prefill of 2,048 more tokens (compute-bound on an A100 either way) takes twice the
  // extra time; a decode step of batch 1 (memory-bound) takes the same.
  const models::StepCost a = plain.pools[0].llm->step_cost(), b = capped.pools[0].llm->step_cost();
  auto prefill = [](const models::StepCost& c, std::int64_t n) { return c.step(n, n * n, 1, 0, 0); };
  const double extra = static_cast<double>(prefill(a, 4096) - prefill(a, 2048));
  CHECK(static_cast<double>(prefill(b, 4096) - prefill(b, 2048)) == doctest::Approx(2 * extra).epsilon(1e-6));
  CHECK(b.decode_step(1, 1000) == a.decode_step(1, 1000));
  // Energy by hand from the capped run's latencies, as the uncapped toy's test does.
  const auto runs = models::run_replications(capped, 1);
  REQUIRE(runs.size() == 1);
  const models::RunResult& r = runs[0];
  const auto uncapped = models::run_replications(plain, 1);
  const double ttft = run_metric(r, "gpus", "ttft_mean_s"), e2e = run_metric(r, "gpus", "e2e_mean_s");
  CHECK(ttft > run_metric(uncapped[0], "gpus", "ttft_mean_s"));  // the prefill is slower
  const double it_j = 2 * 60 * 7200.0 + 2 * ((200 - 60) * ttft + (200 - 60) * (e2e - ttft));
  check_relative(run_metric(r, "gpus", "it_energy_kwh"), it_j / 3.6e6, "capped it_energy_kwh");
}

TEST_CASE("energy accounting: a GPU price in yuan is converted at datacenter.usd_per_cny") {
  CHECK(models::parse_money("240k CNY", 0.5).value == 120000);
  CHECK(models::parse_money("240000CNY", 0.25).value == 60000);
  CHECK(models::parse_money("$25k", 0.5).value == 25000);  // USD as before
  CHECK_FALSE(models::parse_money("1 CNY", 0));
  CHECK(models::parse_money("2x CNY", 0.5).error.find("240000 CNY") != std::string::npos);
  const models::Scenario s = models::load_scenario(kValidation + "energy-toy.yaml", {{"fleet.pools.gpus.energy.gpu_price", "240000 CNY"}});
  REQUIRE(s.site);
  CHECK(s.site->usd_per_cny == 0.1412);
  CHECK(s.pools[0].accounting->price_usd_per_gpu == 240000 * 0.1412);
  const models::Scenario half = models::load_scenario(kValidation + "energy-toy.yaml", {{"fleet.pools.gpus.energy.gpu_price", "240k CNY"}, {"datacenter.usd_per_cny", "0.5"}});
  CHECK(half.pools[0].accounting->price_usd_per_gpu == 120000);
  try {
    models::load_scenario(kValidation + "energy-toy.yaml", {{"fleet.pools.gpus.energy.gpu_price", "240000 RMB"}});
    FAIL("a price in RMB loaded");
  } catch (const models::ScenarioError& e) {
    REQUIRE(e.items().size() == 1);
    CHECK(e.items()[0].path == "fleet.pools.gpus.energy.gpu_price");
  }
}
