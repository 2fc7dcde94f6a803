// Validation of the serving path: requests of admitted users, sent through the request path to a
// fleet pool of `fixed` service times, queue as M/M/c (Erlang C) and, with no waiting room, are
// rejected as in M/M/c/c (Erlang B); with batches, one replica is bulk service M/M^[1,b]/1.
// The answers come back to the users through the same path.
// Exact answers: ../shared/VALIDATION.md; scenarios in scenarios/validation/serving-*.yaml.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "tests/queueing_formulas.hpp"
#include "tests/scenario_fixtures.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

std::string replace_first(std::string s, const std::string& from, const std::string& to) {
  const std::size_t p = s.find(from);
  REQUIRE_MESSAGE(p != std::string::npos, from);
  return s.replace(p, from.size(), to);
}

std::vector<double> ratio(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out;
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(a[i] / b[i]);
  return out;
}

}  // namespace

TEST_CASE("validation: serving, a pool of 10 replicas at lambda = 9 is Erlang C") {
  const auto runs = models::run_replications(load_validation("serving-erlang-c-10-9"), 2);
  check_exact(runs, "queue_wait_mean_s", 0.668732, "gpus");
  check_exact(runs, "p_queue", erlang_c(10, 9.0), "gpus");
  check_exact(runs, "utilization", 0.9, "gpus");
  // Little's law on the pool's queue, with each replication's own arrival rate.
  std::vector<double> little;
  for (const auto& r : runs) {
    const double lambda = run_metric(r, "gpus", "requests") / (2e5 - 2e3);
    little.push_back(run_metric(r, "gpus", "queue_len_mean") / (lambda * run_metric(r, "gpus", "queue_wait_mean_s")));
  }
  check_exact_values(little, 1.0, "queue_len_mean / (lambda x queue_wait_mean_s)");
  // Every request was answered (none rejected, none lost), and each user sent exactly one.
  for (const auto& r : runs) {
    CHECK(run_metric(r, "gpus", "rejected") == 0);
    CHECK(run_metric(r, "gpus", "requests") == run_metric(r, "chat", "requests"));
    CHECK(std::abs(run_metric(r, "chat", "requests") - run_metric(r, "chat", "admitted")) <= 0.001 * run_metric(r, "chat", "admitted"));
  }
}

TEST_CASE("validation: serving, one replica batching up to 8 requests per Exp(1 s) is bulk service M/M^[1,8]/1") {
  // VALIDATION.md: b = 8, mu = 1 per batch. Lq is the time-mean number waiting (not in service),
  // Wq the mean wait of a request until its batch starts.
  struct Case {
    const char* scenario;
    double lambda, lq, wq;
  };
  for (const Case& c : {Case{"serving-bulk-8-4", 4.0, 5.16671, 1.29168}, Case{"serving-bulk-8-6.4", 6.4, 18.9229, 2.95671}}) {
    CAPTURE(c.scenario);
    const auto runs = models::run_replications(load_validation(c.scenario), 2);
    check_exact(runs, "queue_wait_mean_s", c.wq, "gpus");
    check_exact(runs, "queue_len_mean", c.lq, "gpus");
    for (const auto& r : runs) {
      CHECK(run_metric(r, "gpus", "rejected") == 0);
      // A batch takes at most 8, and on average lambda / (batches per second = utilization x mu).
      CHECK(run_metric(r, "gpus", "batch_size_mean") <= 8);
      CHECK(run_metric(r, "gpus", "batch_size_mean") * run_metric(r, "gpus", "utilization") == doctest::Approx(c.lambda).epsilon(0.01));
    }
  }
}

TEST_CASE("validation: serving, users who give up before service starts make the pool Erlang A") {
  const auto runs = models::run_replications(load_validation("serving-erlang-a-10-1.2"), 2);
  const ErlangA exact = erlang_a(10, 12.0, 0.5);
  check_exact(runs, "queue_wait_mean_s", exact.wait_mean, "gpus");  // over all requests, those who gave up included
  check_exact(runs, "p_queue", exact.p_wait, "gpus");
  check_exact_values(ratio(metric_values(runs, "gpus", "timed_out"), metric_values(runs, "gpus", "requests")), exact.p_abandon,
                     "timed_out / requests");
}

TEST_CASE("validation: serving, a pool with no waiting room rejects as Erlang B") {
  const auto runs = models::run_replications(load_validation("serving-erlang-b-10-0.8"), 2);
  const double b = erlang_b(10, 8.0);  // 0.121661
  check_exact_values(ratio(metric_values(runs, "gpus", "rejected"), metric_values(runs, "gpus", "requests")), b, "rejected / requests");
  check_exact(runs, "utilization", 8.0 * (1 - b) / 10, "gpus");  // carried load a(1 - B) over c replicas
  for (double w : metric_values(runs, "gpus", "queue_wait_mean_s")) CHECK(w == 0.0);
}

TEST_CASE("scenario errors: a service served by a pool that does not exist") {
  const std::string base = std::string(kMinimalScenario);
  try {
    models::load_scenario_text(base + "    serving: {pool: gpu}\nfleet:\n  pools:\n    - {name: gpus, replicas: 2, service_time: {dist: exponential, mean: 1s}}\n",
                               "t.yaml");
    FAIL("expected a scenario error");
  } catch (const models::ScenarioError& e) {
    REQUIRE(e.items().size() == 1);
    const models::Diagnostic& d = e.items()[0];
    CHECK(d.location.rfind("t.yaml:11:", 0) == 0);
    CHECK(d.path == "services.chat.serving.pool");
    CHECK(d.message == "there is no pool \"gpu\" (did you mean \"gpus\"?); the pools are: gpus");
  }
  CHECK_THROWS_AS(models::load_scenario_text(base + "    serving: {pool: gpus}\n", "t.yaml"), models::ScenarioError);
}

TEST_CASE("validation: serving, GPU failures leave 1 / (1 + k MTTR / MTBF) of the replicas up") {
  const auto runs = models::run_replications(load_validation("serving-availability"), 2);
  check_exact(runs, "replicas_up_mean", 200.0 / (1 + 8 * 10.0 / 800), "gpus");
  for (const auto& r : runs) {
    // Failures come at k / MTBF per replica that is up: 8/800 x 181.8 up x 19,500 s.
    const double expected_failures = 8.0 / 800 * run_metric(r, "gpus", "replicas_up_mean") * (2e4 - 500);
    CHECK(std::abs(run_metric(r, "gpus", "failures") - expected_failures) <= 4 * std::sqrt(expected_failures));
    // Interrupted requests start over and still complete: only those in the pool at the horizon
    // (or before the warm-up's end) are missing from either count.
    CHECK(run_metric(r, "gpus", "requeued") > 0);
    CHECK(std::abs(run_metric(r, "gpus", "completed") - run_metric(r, "gpus", "requests")) <= 200);
    CHECK(run_metric(r, "gpus", "rejected") == 0);
  }
}

TEST_CASE("validation: serving, half of 20 replicas reserved for another tenant serve as 10 (Erlang C)") {
  const std::string file = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/serving-erlang-c-10-9.yaml";
  const auto runs = models::run_replications(
      models::load_scenario(file, {{"fleet.pools.gpus.replicas", "20"}, {"fleet.pools.gpus.reserved", "0.5"}}), 2);
  check_exact(runs, "queue_wait_mean_s", 0.668732, "gpus");
  check_exact(runs, "utilization", 9.0 / 20, "gpus");  // busy share of all 20
}

TEST_CASE("serving: a reservation schedule caps the busy replicas from its times on") {
  // Saturated: 10 requests/s on 4 replicas of 1 s. Half reserved from 100 s, none from 200 s.
  const char* yaml = R"(name: t
horizon: 300s
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
    - name: gpus
      replicas: 4
      service_time: {dist: deterministic, value: 1s}
      reserved_schedule: [{from: 100s, share: 0.5}, {from: 200s, share: 0}]
)";
  const models::Scenario s = models::load_scenario_text(yaml, "t.yaml");
  const auto runs = models::run_replications(s, 1);
  REQUIRE(runs.size() == 1);
  for (const auto& [t, busy] : run_series(runs[0], "gpus", "utilization")) {
    INFO("t = " << t);
    if (t >= 20 && t <= 100) CHECK(busy == doctest::Approx(1.0));
    if (t >= 120 && t <= 200) CHECK(busy == doctest::Approx(0.5));  // 100-110 s: busy ones finish first
    if (t >= 210) CHECK(busy == doctest::Approx(1.0));
  }
}

TEST_CASE("serving: a capacity per replica follows failures and repairs") {
  // 3 replicas, 2 users each: 6 slots. Every replica fails at 100 s (deterministic), is down 50 s,
  // and fails again 100 s after its repair. Users stay 5 s; signups queue for the slots.
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
    - name: gpus
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
    const double cycle = std::fmod(t, 150.0);  // up [0, 100), down [100, 150)
    if (t >= 10 && cycle > 5 && cycle < 100) CHECK(admitted == 6);
    if (cycle > 106) CHECK(admitted == 0);  // the last admitted before the failure have left by 105 s
  }
}

TEST_CASE("scenario errors: capacity_per_replica needs a pool and excludes capacity") {
  const std::string base = std::string(kMinimalScenario);
  const auto messages = [](const std::string& yaml) {
    std::vector<std::string> out;
    try {
      models::load_scenario_text(yaml, "t.yaml");
    } catch (const models::ScenarioError& e) {
      for (const auto& d : e.items()) out.push_back(d.path + ": " + d.message);
    }
    return out;
  };
  const std::string per_replica = replace_first(base, "      capacity: 10\n", "      capacity_per_replica: 2\n");
  CHECK(messages(per_replica) ==
        std::vector<std::string>{"services.chat.serving: missing `serving: {pool: NAME}`: waitlist.capacity_per_replica follows that pool's replicas"});
  const std::string both = replace_first(base, "      capacity: 10\n", "      capacity: 10\n      capacity_per_replica: 2\n");
  const std::vector<std::string> got = messages(both);
  REQUIRE(!got.empty());
  CHECK(got[0] == "services.chat.waitlist.capacity_per_replica: give the capacity either per replica (it follows the fleet) or as `capacity`, not both");
}

TEST_CASE("serving: users retry a rejected turn with the given probability, a geometric number of tries") {
  // Every try is rejected: the pool serves nothing (all reserved) and has no waiting room. With
  // retry probability 1/2 a turn takes 1 / (1 - 1/2) = 2 tries on average.
  const char* yaml = R"(name: t
horizon: 2000s
services:
  - name: chat
    signups: {process: poisson, rate: 1/s}
    waitlist: {policy: open}
    usage: {sessions_per_day: 86400}
    serving:
      pool: gpus
      retry: {probability: 0.5, delay: {dist: deterministic, value: 100ms}}
fleet:
  pools:
    - {name: gpus, replicas: 1, service_time: {dist: deterministic, value: 1s}, queue_limit: 0, reserved: 1}
)";
  const auto runs = models::run_replications(models::load_scenario_text(yaml, "t.yaml"), 1);
  REQUIRE(runs.size() == 1);
  const double turns = run_metric(runs[0], "chat", "requests");  // first tries only
  const double tries = run_metric(runs[0], "gpus", "requests");
  CHECK(run_metric(runs[0], "gpus", "rejected") == tries);
  CHECK(run_metric(runs[0], "gpus", "retried") == tries - turns);
  // Retries per turn: geometric with mean 1 and variance (1 - p) / p^2 = 2.
  REQUIRE(turns > 100000);
  CHECK(std::abs((tries - turns) / turns - 1) <= 4 * std::sqrt(2 / turns));
  CHECK(run_metric(runs[0], "gpus", "completed") == 0);
}

TEST_CASE("serving: a batch of up to 4 is taken at once and finishes together, a free replica does not wait to fill one") {
  // Saturated: 10 requests/s on one replica taking up to 4 per deterministic 10 s. The first
  // request finds the replica free and is served alone; every later batch is full.
  const char* yaml = R"(name: t
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
      replicas: 1
      batch: {max: 4}
      service_time: {dist: deterministic, value: 10s}
)";
  const auto runs = models::run_replications(models::load_scenario_text(yaml, "t.yaml"), 1);
  REQUIRE(runs.size() == 1);
  for (const auto& [t, done] : run_series(runs[0], "gpus", "completed")) {
    INFO("t = " << t);
    if (t == 10) CHECK(done == 0);  // the batch of one started at its arrival, just after 0 s
    if (t >= 20) CHECK(done == (t == 20 ? 1 : 4));
  }
  const double batches = 30;  // one each 10 s, the first of one request, the last still in service
  CHECK(run_metric(runs[0], "gpus", "batch_size_mean") == doctest::Approx((1 + 4 * (batches - 1)) / batches));
}

TEST_CASE("serving: a failure sends a whole batch back to the head of the queue, and every request still completes") {
  const std::string file = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/serving-availability.yaml";
  const auto runs = models::run_replications(
      models::load_scenario(file, {{"fleet.pools.gpus.batch.max", "4"}, {"horizon", "5000s"}, {"replications", "1"}}), 1);
  REQUIRE(runs.size() == 1);
  CHECK(run_metric(runs[0], "gpus", "requeued") > run_metric(runs[0], "gpus", "failures") / 10);
  CHECK(std::abs(run_metric(runs[0], "gpus", "completed") - run_metric(runs[0], "gpus", "requests")) <= 200);
}
