// The fleet over time: pools that grow (additions with a lead time) and shrink (retirements),
// checked against hand-computed piecewise values, with the waitlist capacity following; and the
// calibration of GPU failures against the Llama 3 paper's interruption count (VALIDATION.md).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

TEST_CASE("fleet: additions arrive after their lead time, retirements leave, and the capacity per replica follows") {
  // 10 replicas; 20 ordered at 100 s arrive at 400 s; 10 retire at 600 s. Installed (and up, no
  // failures): 10 on [0, 400), 30 on [400, 600), 20 on [600, 1000): time mean
  // (10 x 400 + 30 x 200 + 20 x 400) / 1000 = 18. Two users per replica; signups far outrun the
  // slots and users stay 2 s, so the admitted users are at the capacity: 20, 60, then 40.
  const char* yaml = R"(name: t
horizon: 1000s
output: {interval: 10s}
services:
  - name: chat
    signups: {process: poisson, rate: 50/s}
    waitlist: {policy: fifo, capacity_per_replica: 2}
    usage:
      lifetime: {dist: deterministic, value: 2s}
    serving: {pool: gpus}
fleet:
  pools:
    - name: gpus
      replicas: 10
      service_time: {dist: deterministic, value: 1s}
      changes: [{at: 100s, add: 20, lead_time: 300s}, {at: 600s, retire: 10}]
)";
  const models::Scenario s = models::load_scenario_text(yaml, "t.yaml");
  REQUIRE(s.pools[0].changes.size() == 2);
  const auto runs = models::run_replications(s, 1);
  REQUIRE(runs.size() == 1);
  CHECK(run_metric(runs[0], "gpus", "replicas_installed_mean") == doctest::Approx(18.0).epsilon(1e-12));
  CHECK(run_metric(runs[0], "gpus", "replicas_up_mean") == doctest::Approx(18.0).epsilon(1e-12));
  CHECK(run_metric(runs[0], "gpus", "replicas_installed_max") == 30);
  const auto expected = [](double t) { return t < 400 ? 10.0 : t < 600 ? 30.0 : 20.0; };
  for (const auto& [t, installed] : run_series(runs[0], "gpus", "replicas_installed")) {
    INFO("t = " << t);
    if (t != 400 && t != 600) CHECK(installed == expected(t));
  }
  for (const auto& [t, admitted] : run_series(runs[0], "chat", "admitted_users")) {
    INFO("t = " << t);
    if (t >= 10 && std::fmod(t, 400) != 0 && t != 600) CHECK(admitted == 2 * expected(t));
  }
}

TEST_CASE("fleet: a busy replica retires after its current request, a down one at once, its repair dropped") {
  // Saturated: 10 requests/s on 4 replicas of 10 s. Services start just after 0 s, so every
  // replica completes once in each 10 s step. Two retire at 105 s while all are busy: they
  // finish at 110.x s and leave, so from the step ending at 130 s two complete per step.
  const char* busy = R"(name: t
horizon: 300s
output: {interval: 10s}
services:
  - name: chat
    signups: {process: poisson, rate: 10/s}
    waitlist: {policy: open}
    usage:
      lifetime: {dist: deterministic, value: 10ms}
      sessions_per_day: 1e8
      caps: [{from: 0s, per_day: 1}]
    serving: {pool: gpus}
fleet:
  pools:
    - name: gpus
      replicas: 4
      service_time: {dist: deterministic, value: 10s}
      changes: [{at: 105s, retire: 2}]
)";
  auto runs = models::run_replications(models::load_scenario_text(busy, "t.yaml"), 1);
  REQUIRE(runs.size() == 1);
  for (const auto& [t, done] : run_series(runs[0], "gpus", "completed")) {
    INFO("t = " << t);
    if (t >= 20 && t <= 120) CHECK(done == 4);
    if (t >= 130) CHECK(done == 2);
  }
  for (const auto& [t, installed] : run_series(runs[0], "gpus", "replicas_installed")) {
    INFO("t = " << t);
    if (t <= 110) CHECK(installed == 4);  // the two retiring ones serve until 110.x s
    if (t >= 120) CHECK(installed == 2);
  }
  for (const auto& [t, busy_share] : run_series(runs[0], "gpus", "utilization"))
    if (t >= 20) CHECK(busy_share == doctest::Approx(1.0));  // a share of the replicas installed

  // 3 replicas, each failing at 100 s (deterministic) and down 50 s, then failing 100 s after
  // its repair. One retires at 120 s, when all are down: it is taken at once and never comes
  // back. Up: 3 on [0, 100), 0 on [100, 150), 2 on [150, 250), 0 on [250, 300): mean 500 / 300.
  const char* down = R"(name: t
horizon: 300s
services:
  - name: chat
    signups: {process: poisson, rate: 1/s}
    waitlist: {policy: open}
    serving: {pool: gpus}
fleet:
  pools:
    - name: gpus
      replicas: 3
      service_time: {dist: deterministic, value: 1s}
      failures:
        time_to_failure: {dist: deterministic, value: 100s}
        repair: {dist: deterministic, value: 50s}
      changes: [{at: 120s, retire: 1}]
)";
  runs = models::run_replications(models::load_scenario_text(down, "t.yaml"), 1);
  REQUIRE(runs.size() == 1);
  CHECK(run_metric(runs[0], "gpus", "replicas_up_mean") == doctest::Approx(500.0 / 300).epsilon(1e-12));
  CHECK(run_metric(runs[0], "gpus", "replicas_installed_mean") == doctest::Approx((3 * 120.0 + 2 * 180) / 300).epsilon(1e-12));
  CHECK(run_metric(runs[0], "gpus", "failures") == 5);  // 3 at 100 s, 2 at 250 s
}

TEST_CASE("scenario errors: fleet changes that add and retire at once, or retire more than are installed") {
  const auto messages = [](const std::string& changes) {
    const std::string yaml = R"(name: t
horizon: 1000s
services:
  - name: chat
    signups: {process: poisson, rate: 1/s}
    waitlist: {policy: open}
fleet:
  pools:
    - name: gpus
      replicas: 10
      service_time: {dist: deterministic, value: 1s}
      changes: )" + changes + "\n";
    std::vector<std::string> out;
    try {
      models::load_scenario_text(yaml, "t.yaml");
    } catch (const models::ScenarioError& e) {
      for (const auto& d : e.items()) out.push_back(d.location + " " + d.path + ": " + d.message);
    }
    return out;
  };
  // The addition at 100 s arrives only at 400 s: at 300 s there are 10, not 15.
  CHECK(messages("[{at: 100s, add: 5, lead_time: 300s}, {at: 300s, retire: 15}]") ==
        std::vector<std::string>{"t.yaml:12:73 fleet.pools.gpus.changes.[1].retire: retires 15 replicas at 300s, but only 10 are installed by then"});
  CHECK(messages("[{at: 100s, add: 5, lead_time: 200s}, {at: 300s, retire: 15}]").empty());  // at equal times, installations first
  CHECK(messages("[{at: 100s, add: 5, retire: 2}]") ==
        std::vector<std::string>{"t.yaml:12:33 fleet.pools.gpus.changes.[0].add: each change either adds replicas (add: N, lead_time: T) or retires them (retire: N)"});
  CHECK(messages("[{at: 100s, retire: 2, lead_time: 1d}]") ==
        std::vector<std::string>{"t.yaml:12:50 fleet.pools.gpus.changes.[0].lead_time: applies only to an addition (add: N); a retirement takes effect at `at`"});
  const std::vector<std::string> typo = messages("[{at: 100s, ad: 5}]");
  REQUIRE(!typo.empty());
  CHECK(typo[0].find("ad: unknown key") != std::string::npos);
}

TEST_CASE("validation: fleet, GPU failures at Llama 3's rate give its 419 interruptions in 54 days on 16,384 GPUs") {
  // scenarios/validation/fleet-llama3-failures.yaml: 2,048 replicas x 8 GPUs, exponential time to
  // failure of 50,677 GPU-hours per GPU, 1 h repairs. Each replication's count is Poisson with
  // mean 419 x A, A = 1 / (1 + 8 x 1 h / 50,677 h) the share of replicas up; the total over
  // the replications must lie within the 99% Poisson (normal) interval of n x 419 x A.
  const models::Scenario s = load_validation("fleet-llama3-failures");
  const auto runs = models::run_replications(s, 2);
  const double mtbf_h = 16384.0 * 54 * 24 / 419;
  const double up_share = 1 / (1 + 8 * 1.0 / mtbf_h);
  const double expected = static_cast<double>(runs.size()) * 419 * up_share;
  double total = 0;
  for (double f : metric_values(runs, "h100", "failures")) total += f;
  INFO("failures over " << runs.size() << " replications of 54 days: " << total << ", expected " << expected);
  CHECK(std::abs(total - expected) <= 2.576 * std::sqrt(expected));
  check_exact(runs, "replicas_up_mean", 2048 * up_share, "h100");
}
