// The waitlist slice against exact queueing answers (VALIDATION.md), through real scenarios.
#include <cmath>
#include <utility>

#include <doctest/doctest.h>

#include "tests/queueing_formulas.hpp"
#include "models/run/summary.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {
std::vector<models::RunResult> run(const models::Scenario& s) { return models::run_replications(s, 2); }

// A quantile from the recorder's log-linear sketch, which is off by at most 1/256 of the value
// (README): the replications' 99% t-interval, stretched by that bound on both sides, must hold
// the exact quantile, and the mean stay within 2%.
void check_exact_quantile(const std::vector<double>& values, double exact, const std::string& what) {
  const sim::MeanInterval ci = sim::t_interval(values, 0.99);
  const double sketch = exact / 256;
  INFO(what << ": exact " << exact << ", simulated " << ci.mean << " 99% CI [" << ci.lo << ", " << ci.hi << "] +- sketch error " << sketch << ", n=" << ci.n);
  CHECK(ci.lo - sketch <= exact);
  CHECK(exact <= ci.hi + sketch);
  CHECK(std::abs(ci.mean - exact) <= 0.02 * exact);
}
}  // namespace

TEST_CASE("closed forms reproduce the VALIDATION.md tables") {
  CHECK(erlang_c(1, 0.8) == doctest::Approx(0.8).epsilon(1e-6));
  CHECK(erlang_c(10, 9.0) == doctest::Approx(0.668732).epsilon(1e-5));
  CHECK(erlang_c(100, 95.0) / 5.0 == doctest::Approx(0.101291).epsilon(1e-5));
  CHECK(erlang_b(10, 8.0) == doctest::Approx(0.121661).epsilon(1e-5));
  CHECK(erlang_b(100, 95.0) == doctest::Approx(0.0488042).epsilon(1e-5));
  const ErlangA a1 = erlang_a(1, 0.8, 0.5);
  CHECK(a1.p_wait == doctest::Approx(0.595247).epsilon(1e-5));
  CHECK(a1.p_abandon == doctest::Approx(0.255941).epsilon(1e-5));
  CHECK(a1.wait_mean == doctest::Approx(0.511881).epsilon(1e-5));
  const ErlangA a100 = erlang_a(100, 120, 0.5);
  CHECK(a100.p_wait == doctest::Approx(0.996634).epsilon(1e-5));
  CHECK(a100.p_abandon == doctest::Approx(0.166791).epsilon(1e-5));
}

TEST_CASE("validation: Erlang C, c=1, rho=0.8") {
  const models::Scenario s = load_validation("erlang-c-1-0.8");
  const auto runs = run(s);
  check_exact(runs, "wait_mean_s", 4.0);
  check_exact(runs, "p_wait", erlang_c(1, 0.8));
  check_exact(runs, "waitlist_len_mean", 3.2);
  check_littles_law(runs, s);
}

TEST_CASE("validation: M/M/1 wait quantiles, P(W > t) = rho e^{-(mu - lambda) t}, rho = 0.8") {
  const auto runs = run(load_validation("mm1-wait-quantiles"));
  // Over all signups the p-quantile is ln(rho / (1 - p)) / (mu - lambda): p99 = ln(80) / 0.2 = 21.91 s.
  for (const auto& [name, p] : {std::pair<const char*, double>{"wait_p99_s", 0.99}, {"wait_p90_s", 0.90}, {"wait_p50_s", 0.50}})
    check_exact_quantile(metric_values(runs, "chat", name), std::log(0.8 / (1 - p)) / 0.2, name);
  check_exact(runs, "wait_mean_s", 4.0);
  // Pooled over the replications (their sketches merged): one sample of 12 x 1.6M waits, whose
  // p99 is within the sketch's bound plus 2% of the exact value, as each replication's is.
  const std::vector<models::PooledQuantiles> pooled = models::pooled_quantiles(runs);
  REQUIRE(pooled.size() >= 1);
  CHECK(pooled[0].scope == "chat");
  CHECK(pooled[0].signal == "wait");
  double waits = 0;
  for (const auto& r : runs) waits += run_metric(r, "chat", "signups") - run_metric(r, "chat", "blocked");
  CHECK(static_cast<double>(pooled[0].n) == doctest::Approx(waits).epsilon(1e-3));  // the few still waiting at the end are not in it
  CHECK(pooled[0].p99 == doctest::Approx(std::log(80.0) / 0.2).epsilon(0.02));
  CHECK(pooled[0].p50 == doctest::Approx(std::log(1.6) / 0.2).epsilon(0.02));
}

TEST_CASE("validation: Erlang C, c=10, lambda=9") {
  const models::Scenario s = load_validation("erlang-c-10-9");
  const auto runs = run(s);
  check_exact(runs, "wait_mean_s", 0.668732);
  check_exact(runs, "p_wait", erlang_c(10, 9.0));
  check_littles_law(runs, s);
}

TEST_CASE("validation: Erlang C, c=100, rho=0.95") {
  const models::Scenario s = load_validation("erlang-c-100-0.95");
  const auto runs = run(s);
  check_exact(runs, "wait_mean_s", 0.101291);
  check_exact(runs, "p_wait", 0.506457);
  check_exact(runs, "waitlist_len_mean", 9.62268);
  check_littles_law(runs, s);
}

TEST_CASE("validation: Erlang B, c=10, rho=0.8") {
  const models::Scenario s = load_validation("erlang-b-10-0.8");
  const auto runs = run(s);
  check_exact(runs, "blocked_fraction", 0.121661);
  check_exact(runs, "admitted_mean", 8.0 * (1 - 0.121661));  // carried load a(1 - B)
  for (double w : metric_values(runs, "chat", "wait_mean_s")) CHECK(w == 0.0);
  check_littles_law(runs, s);
}

// Erlang A (M/M/c+M) with theta = 0.5: the scenario's patience is exponential with mean 2 s.
static void check_erlang_a(const char* scenario, int c, double lambda) {
  const models::Scenario s = load_validation(scenario);
  const auto runs = run(s);
  const ErlangA exact = erlang_a(c, lambda, 0.5);
  check_exact(runs, "wait_mean_s", exact.wait_mean);
  check_exact(runs, "p_wait", exact.p_wait);
  check_exact(runs, "abandon_fraction", exact.p_abandon);
  check_littles_law(runs, s);
}

TEST_CASE("validation: Erlang A, theta=0.5, c=1, rho=0.8") { check_erlang_a("erlang-a-1-0.8", 1, 0.8); }
TEST_CASE("validation: Erlang A, theta=0.5, c=10, rho=1.2") { check_erlang_a("erlang-a-10-1.2", 10, 12.0); }
TEST_CASE("validation: Erlang A, theta=0.5, c=100, rho=1.2") { check_erlang_a("erlang-a-100-1.2", 100, 120.0); }
