// The job queue shares its pool with serving (models/jobs, models/serving/replica_lender.hpp):
// jobs take idle replicas only, or busy ones too with preempt_serving; replicas lent to jobs
// leave serving (capacity watchers follow them); and the `jobs:` section's errors.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "tests/scenario_fixtures.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

// Serving saturates 4 replicas (10 requests/s of 1 s each); a 2-GPU job arrives every 100 s
// and holds 2 replicas for 50 s.
constexpr const char* kSaturated = R"(name: t
horizon: 290s
output: {interval: 10s}
services:
  - name: chat
    signups: {process: poisson, rate: 10/s}
    waitlist: {policy: open}
    usage:
      lifetime: {dist: deterministic, value: 10ms}
      sessions_per_day: 1e8
    serving: {pool: gpus}
fleet:
  pools:
    - {name: gpus, replicas: 4, service_time: {dist: deterministic, value: 1s}}
jobs:
  pool: gpus
  preempt_serving: true
  teams:
    - name: train
      arrivals: {interval: {dist: deterministic, value: 100s}}
      gpus: 2
      duration: {dist: deterministic, value: 50s}
)";

std::vector<std::string> messages(const std::string& yaml) {
  std::vector<std::string> out;
  try {
    models::load_scenario_text(yaml, "t.yaml");
  } catch (const models::ScenarioError& e) {
    for (const auto& d : e.items()) out.push_back(d.path + ": " + d.message);
  }
  return out;
}

}  // namespace

TEST_CASE("jobs: with preempt_serving a job takes busy replicas at once, without it, it waits for idle ones") {
  const auto runs = models::run_replications(models::load_scenario_text(kSaturated, "t.yaml"), 1);
  REQUIRE(runs.size() == 1);
  const auto& r = runs[0];
  CHECK(run_metric(r, "jobs", "jobs_started") == 2);  // at 100 s and 200 s
  CHECK(run_metric(r, "jobs", "gpu_wait_max_s") == 0);
  CHECK(run_metric(r, "jobs", "replicas_preempted") == 4);
  CHECK(run_metric(r, "jobs", "gpu_hours") == doctest::Approx(2 * 2 * 50.0 / 3600));
  for (const auto& [t, busy] : run_series(r, "gpus", "utilization")) {
    INFO("t = " << t);
    const double phase = t - 100 * static_cast<int>(t / 100);
    if (t >= 20 && phase >= 60) CHECK(busy == doctest::Approx(1.0));
    if (t >= 100 && phase >= 10 && phase <= 40) CHECK(busy == doctest::Approx(0.5));  // 2 of 4 lent to the job
  }
  const auto waiting = models::run_replications(models::load_scenario_text(kSaturated, "t.yaml", {{"jobs.preempt_serving", "false"}}), 1);
  CHECK(run_metric(waiting[0], "jobs", "jobs_started") == 0);  // serving's queue never empties
  CHECK(run_metric(waiting[0], "jobs", "jobs_waiting_mean") > 0);
  CHECK(run_metric(waiting[0], "jobs", "jobs_waiting_max") == 2);  // both still waiting at the horizon
  CHECK(run_metric(waiting[0], "jobs", "gpu_wait_mean_s") == 0);   // waits count from a start, and none started
}

TEST_CASE("jobs: replicas lent to jobs leave serving, and a capacity per replica follows them") {
  // 4 idle replicas, 2 users each; a job holds 2 of them for 50 s every 100 s. Users stay 5 s.
  const char* yaml = R"(name: t
horizon: 400s
output: {interval: 10s}
services:
  - name: chat
    signups: {process: poisson, rate: 20/s}
    waitlist: {policy: fifo, capacity_per_replica: 2}
    usage:
      lifetime: {dist: deterministic, value: 5s}
    serving: {pool: gpus}
fleet:
  pools:
    - {name: gpus, replicas: 4, service_time: {dist: deterministic, value: 1s}}
jobs:
  pool: gpus
  teams:
    - name: train
      arrivals: {interval: {dist: deterministic, value: 100s}}
      gpus: 2
      duration: {dist: deterministic, value: 50s}
)";
  const auto runs = models::run_replications(models::load_scenario_text(yaml, "t.yaml"), 1);
  REQUIRE(runs.size() == 1);
  for (const auto& [t, admitted] : run_series(runs[0], "chat", "admitted_users")) {
    INFO("t = " << t);
    const double phase = t - 100 * static_cast<int>(t / 100);
    if (t >= 100 && phase >= 10 && phase <= 40) CHECK(admitted == 4);  // 2 replicas serving
    if (t >= 10 && phase >= 60) CHECK(admitted == 8);                   // all 4 back
  }
  for (const auto& [t, gpus] : run_series(runs[0], "jobs/train", "gpus_in_use")) {
    INFO("t = " << t);
    const double phase = t - 100 * static_cast<int>(t / 100);
    if (t >= 100 && phase >= 10 && phase <= 40) CHECK(gpus == 2);
    if (t < 100 || phase >= 60) CHECK(gpus == 0);
  }
}

TEST_CASE("scenario errors: the jobs section") {
  const std::string base = std::string(kMinimalScenario) + "fleet:\n  pools:\n    - {name: gpus, replicas: 2, gpus_per_replica: 8, service_time: {dist: exponential, mean: 1s}}\n";
  const std::string team = "  teams:\n    - {name: a, arrivals: {rate: 1/h}, gpus: 8, duration: {dist: exponential, mean: 1h}}\n";
  CHECK(messages(base + "jobs:\n  pool: gpu\n" + team) ==
        std::vector<std::string>{"jobs.pool: there is no pool \"gpu\" (did you mean \"gpus\"?); the pools are: gpus"});
  CHECK(messages(base + "jobs:\n  pool: gpus\n  teams:\n    - {name: a, arrivals: {rate: 1/h, interval: {dist: exponential, mean: 1h}}, duration: {dist: exponential, mean: 1h}}\n") ==
        std::vector<std::string>{"jobs.teams.a.arrivals: give either `rate` (Poisson, e.g. rate: 3/d) or `interval` (a distribution of the time between requests), one of them"});
  CHECK(messages(base + "jobs:\n  pool: gpus\n  teams:\n    - {name: a, arrivals: {rate: 1/h}, gpus: 24, duration: {dist: exponential, mean: 1h}}\n") ==
        std::vector<std::string>{"jobs.teams.a.gpus: a job of 24 GPUs needs 3 replicas of 8 GPUs; pool \"gpus\" has 2"});
  CHECK(messages(base + "jobs:\n  pool: gpus\n  teams:\n    - {name: a, arrivals: {rate: 1/h}, duration: {dist: exponential, mean: 1h}, approval: {probability: 1.5}}\n").size() == 1);
  CHECK(messages(base + "jobs:\n  pool: gpus\n" + team).empty());
}

TEST_CASE("jobs: whole replicas within the unreserved share, GPU-hours count the GPUs asked for") {
  // 4 servers of 8 GPUs, half reserved: jobs of 12 GPUs take 2 servers (16 GPUs), so one runs at
  // a time although a job arrives every 10 s and holds its servers for 100 s.
  const char* yaml = R"(name: t
horizon: 1000s
output: {interval: 10s}
services:
  - name: idle
    signups: {process: poisson, rate: 1/d}
    waitlist: {policy: open}
fleet:
  pools:
    - {name: gpus, replicas: 4, gpus_per_replica: 8, reserved: 0.5, service_time: {dist: deterministic, value: 1s}}
jobs:
  pool: gpus
  teams:
    - name: train
      arrivals: {interval: {dist: deterministic, value: 10s}}
      gpus: 12
      duration: {dist: deterministic, value: 100s}
)";
  const auto runs = models::run_replications(models::load_scenario_text(yaml, "t.yaml"), 1);
  REQUIRE(runs.size() == 1);
  for (const auto& [t, gpus] : run_series(runs[0], "jobs", "gpus_in_use")) {
    INFO("t = " << t);
    // (At 110 s, 210 s, ... the next job starts at the same instant as the sample, just after it.)
    if (t >= 10 && static_cast<int>(t) % 100 != 10) CHECK(gpus == 16);
  }
  CHECK(run_metric(runs[0], "jobs", "jobs_started") == 10);  // at 10, 110, ..., 910 s
  CHECK(run_metric(runs[0], "jobs", "jobs_completed") == 9);
  CHECK(run_metric(runs[0], "jobs", "gpu_hours") == doctest::Approx(9 * 12 * 100.0 / 3600));
  // Without the reservation two run side by side.
  const auto open = models::run_replications(models::load_scenario_text(yaml, "t.yaml", {{"fleet.pools.gpus.reserved", "0"}}), 1);
  CHECK(run_metric(open[0], "jobs", "jobs_started") == 20);
}

TEST_CASE("jobs: a preempted batch starts over and every request still completes") {
  // 4 replicas batching up to 4 requests of 1 s; 2 requests/s. Every 20 s a job takes all 4
  // replicas for 5 s, preempting the busy ones: their batches go back to the head of the queue.
  const char* yaml = R"(name: t
horizon: 2000s
services:
  - name: chat
    signups: {process: poisson, rate: 2/s}
    waitlist: {policy: open}
    usage:
      lifetime: {dist: deterministic, value: 10ms}
      sessions_per_day: 1e8
      caps: [{from: 0s, per_day: 1}]
    serving: {pool: gpus}
fleet:
  pools:
    - {name: gpus, replicas: 4, batch: {max: 4}, service_time: {dist: deterministic, value: 1s}}
jobs:
  pool: gpus
  preempt_serving: true
  teams:
    - name: train
      arrivals: {interval: {dist: deterministic, value: 20s}}
      gpus: 4
      duration: {dist: deterministic, value: 5s}
)";
  const auto runs = models::run_replications(models::load_scenario_text(yaml, "t.yaml"), 1);
  REQUIRE(runs.size() == 1);
  const auto& r = runs[0];
  CHECK(run_metric(r, "jobs", "jobs_started") == 100);
  CHECK(run_metric(r, "jobs", "gpu_wait_max_s") == 0);
  CHECK(run_metric(r, "jobs", "replicas_preempted") > 10);
  CHECK(run_metric(r, "gpus", "rejected") == 0);
  CHECK(run_metric(r, "gpus", "requests") - run_metric(r, "gpus", "completed") <= 20);  // only those in the pool at the horizon
  CHECK(run_metric(r, "gpus", "completed") > 3800);
}
