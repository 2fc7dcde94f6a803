// Several pools per service (`services[].serving.pools` and `router`, models/serving/pool_router.hpp):
// identical pools split the requests evenly, a mixed H100 + A100 fleet under least_outstanding
// sends more to the H100 and has a lower TTFT p99 than under round robin at the same load, every
// request reaches exactly one pool, a capacity per replica follows all the pools, and bad pool
// lists are located errors. Scenario: scenarios/validation/serving-mixed-fleet.yaml.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/run/experiment.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

const std::string kScenario = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/serving-mixed-fleet.yaml";

models::RunResult run_mixed(const std::vector<models::Override>& overrides) {
  const auto runs = models::run_replications(models::load_scenario(kScenario, overrides), 1);
  REQUIRE(runs.size() == 1);
  return runs[0];
}

// Every request of the service went to exactly one pool, and each pool answered what it took
// (but the few still out at the horizon).
void check_accounting(const models::RunResult& r) {
  const double service = run_metric(r, "chat", "requests");
  CHECK(run_metric(r, "h100", "requests") + run_metric(r, "a100", "requests") == service);
  for (const char* pool : {"h100", "a100"}) {
    INFO(pool);
    const double answered = run_metric(r, pool, "completed") + run_metric(r, pool, "rejected") + run_metric(r, pool, "timed_out");
    CHECK(answered <= run_metric(r, pool, "requests"));
    CHECK(answered >= run_metric(r, pool, "requests") - 200);
  }
}

}  // namespace

TEST_CASE("validation: two identical pools share the requests evenly (within a binomial 99.9% interval of half)") {
  for (const char* router : {"round_robin", "least_outstanding", "power_of_two", "least_kv"}) {
    INFO(router);
    const models::RunResult r = run_mixed({{"fleet.pools.a100.gpu", "H100-SXM5-80GB"}, {"services.chat.serving.router", router}});
    check_accounting(r);
    const double n = run_metric(r, "chat", "requests"), first = run_metric(r, "h100", "requests");
    CHECK(n > 10000);
    CHECK(std::abs(first - n / 2) <= 3.3 * std::sqrt(n / 4));
  }
}

TEST_CASE("validation: a mixed fleet under least_outstanding sends more to the H100 and has a lower TTFT p99 than round robin") {
  // 6 requests/s: round robin gives the A100 3/s, near its limit; least_outstanding about 2.2/s.
  const models::RunResult rr = run_mixed({{"services.chat.serving.router", "round_robin"}});
  const models::RunResult lo = run_mixed({{"services.chat.serving.router", "least_outstanding"}});
  check_accounting(rr);
  check_accounting(lo);
  const double n = run_metric(lo, "chat", "requests");
  CHECK(std::abs(run_metric(rr, "h100", "requests") - n / 2) <= 1);  // in turn: alternately
  const double h100_share = run_metric(lo, "h100", "requests") / n;
  INFO("least_outstanding: H100 share " << h100_share << ", TTFT p99 " << run_metric(lo, "chat", "ttft_p99_s") << " s; round robin "
                                        << run_metric(rr, "chat", "ttft_p99_s") << " s");
  CHECK(h100_share > 0.6);
  CHECK(run_metric(lo, "chat", "ttft_p99_s") < 0.9 * run_metric(rr, "chat", "ttft_p99_s"));
  CHECK(run_metric(lo, "chat", "ttft_mean_s") < run_metric(rr, "chat", "ttft_mean_s"));
  // 7 requests/s: 3.5/s is beyond the A100, whose queue grows under round robin; least_outstanding
  // still keeps both pools' first tokens within a second.
  const models::RunResult rr7 = run_mixed({{"services.chat.serving.router", "round_robin"}, {"services.chat.signups.rate", "7/s"}});
  const models::RunResult lo7 = run_mixed({{"services.chat.serving.router", "least_outstanding"}, {"services.chat.signups.rate", "7/s"}});
  INFO("7/s: least_outstanding TTFT p99 " << run_metric(lo7, "chat", "ttft_p99_s") << " s; round robin " << run_metric(rr7, "chat", "ttft_p99_s")
                                          << " s");
  CHECK(run_metric(lo7, "chat", "ttft_p99_s") < 1.0);
  CHECK(run_metric(rr7, "chat", "ttft_p99_s") > 10.0);
}

TEST_CASE("serving: a capacity per replica follows the replicas of all the service's pools") {
  // 2 + 3 replicas, 2 users each: 10 slots; the pool of 3 fails at 100 s for 50 s: 4 slots.
  const char* yaml = R"(name: t
horizon: 300s
output: {interval: 10s}
services:
  - name: chat
    signups: {process: poisson, rate: 20/s}
    waitlist: {policy: fifo, capacity_per_replica: 2}
    usage:
      lifetime: {dist: deterministic, value: 5s}
    serving: {pools: [small, large], router: round_robin}
fleet:
  pools:
    - name: small
      replicas: 2
      service_time: {dist: deterministic, value: 1s}
    - name: large
      replicas: 3
      service_time: {dist: deterministic, value: 1s}
      failures:
        time_to_failure: {dist: deterministic, value: 100s}
        repair: {dist: deterministic, value: 50s}
)";
  const auto runs = models::run_replications(models::load_scenario_text(yaml, "t.yaml"), 1);
  REQUIRE(runs.size() == 1);
  for (const auto& [t, admitted] : run_series(runs[0], "chat", "admitted_users")) {
    INFO("t = " << t);
    if (t >= 10 && t < 100) CHECK(admitted == 10);
    if (t >= 110 && t < 150) CHECK(admitted == 4);
    if (t >= 160 && t < 250) CHECK(admitted == 10);
  }
}

TEST_CASE("scenario errors: serving.pools names, the router and pool together") {
  const std::string fleet = R"(fleet:
  pools:
    - {name: h100, replicas: 1, service_time: {dist: deterministic, value: 1s}}
    - {name: a100, replicas: 1, service_time: {dist: deterministic, value: 1s}}
)";
  const auto errors = [&](const std::string& serving) {
    const std::string yaml = "name: t\nhorizon: 100s\nservices:\n  - name: chat\n    signups: {process: poisson, rate: 1/s}\n"
                             "    waitlist: {policy: open}\n    usage: {lifetime: {dist: deterministic, value: 5s}}\n    serving: " +
                             serving + "\n" + fleet;
    std::vector<std::string> out;
    try {
      models::load_scenario_text(yaml, "t.yaml");
    } catch (const models::ScenarioError& e) {
      for (const auto& d : e.items()) out.push_back(d.location + ": " + d.path + ": " + d.message);
    }
    return out;
  };
  CHECK(errors("{pools: [h100, a100], router: power_of_two}").empty());
  CHECK(errors("{pools: [h100, a10]}") ==
        std::vector<std::string>{"t.yaml:8:29: services.chat.serving.pools: there is no pool \"a10\" (did you mean \"a100\"?); the pools are: h100, a100"});
  CHECK(errors("{pools: [h100, h100]}") == std::vector<std::string>{"t.yaml:8:29: services.chat.serving.pools: pool \"h100\" is listed twice"});
  CHECK(errors("{pool: h100, pools: [a100]}") ==
        std::vector<std::string>{"t.yaml:8:34: services.chat.serving.pools: give `pool` (one pool) or `pools` (several), not both"});
  CHECK(errors("{pool: h100, router: round_robin}") ==
        std::vector<std::string>{"t.yaml:8:35: services.chat.serving.router: `router` picks among `pools`; with one `pool`, set that pool's own `router`"});
  CHECK(errors("{pools: [h100, a100], router: least_kv}").size() == 2);  // both pools have fixed service times
  CHECK(errors("{pools: [h100, a100], router: fastest}").size() == 1);
  CHECK(errors("{timeout: {dist: deterministic, value: 5s}}") ==
        std::vector<std::string>{"t.yaml:8:14: services.chat.serving.pool: missing `pool: NAME` (or `pools: [A, B]`): which of `fleet.pools` serves this service"});
}
