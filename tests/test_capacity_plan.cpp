// Capacity planning: target parsing, the one-sided confidence bounds, the search on synthetic
// monotone problems (answer and number of tries), and `capsim plan` against Erlang C through the
// real scenario path.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

#include "models/run/capacity_plan.hpp"
#include "tests/cli_runner.hpp"

using namespace capsim::models;
using namespace capsim::testing;

namespace {

// One replication-summary row of `metric` whose per-replication mean is `mean`.
MetricSummary row(std::string scope, std::string metric, double mean, double sd = 0, std::size_t n = 4) {
  MetricSummary m;
  m.scope = std::move(scope);
  m.metric = std::move(metric);
  m.unit = "1";
  m.mean = mean;
  m.sd = sd;
  m.n = n;
  return m;
}

}  // namespace

TEST_CASE("plan targets parse scope, metric, operator and a value in the metric's unit") {
  const PlanTarget a = parse_plan_target("p_wait<=0.2");
  CHECK(a.scope.empty());
  CHECK(a.metric == "p_wait");
  CHECK(a.op == PlanTarget::Op::Le);
  CHECK(a.limit == 0.2);
  const PlanTarget b = parse_plan_target("chat.wait_p90_s<=7d");
  CHECK(b.scope == "chat");
  CHECK(b.metric == "wait_p90_s");
  CHECK(b.limit == 7 * 86400.0);
  const PlanTarget c = parse_plan_target("east.tokens_per_s>1.5k");
  CHECK(c.op == PlanTarget::Op::Gt);
  CHECK(c.limit == 1500.0);
  CHECK(parse_plan_target("ttft_p99_s < 250ms").limit == 0.25);
  CHECK(parse_plan_target("x>=3").op == PlanTarget::Op::Ge);
  CHECK_THROWS_AS(parse_plan_target("p_wait=0.2"), std::invalid_argument);
  CHECK_THROWS_AS(parse_plan_target("<=0.2"), std::invalid_argument);
  CHECK_THROWS_AS(parse_plan_target("p_wait<="), std::invalid_argument);
  CHECK_THROWS_AS(parse_plan_target(".p_wait<=1"), std::invalid_argument);
  try {
    parse_plan_target("wait_p90_s<=7 parsecs");
    FAIL("no error");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("duration") != std::string::npos);
  }
}

TEST_CASE("a target holds when its one-sided Student-t bound is within the limit (Bonferroni over targets)") {
  // n = 4, sd = 0.02: the one-sided 95% t quantile with 3 degrees of freedom is 2.353363, so the
  // bound is mean + 2.353363 x 0.01; with two targets each is judged at 97.5% (3.182446).
  const std::vector<MetricSummary> runs = {row("chat", "p_wait", 0.17, 0.02), row("chat", "wait_mean_s", 0.5, 0.1)};
  const std::vector<TargetCheck> one = check_targets({parse_plan_target("p_wait<=0.2")}, runs, 0.95);
  REQUIRE(one.size() == 1);
  CHECK(one[0].bound == doctest::Approx(0.17 + 2.353363 * 0.01).epsilon(1e-6));
  CHECK(one[0].holds);
  const std::vector<TargetCheck> two =
      check_targets({parse_plan_target("p_wait<=0.2"), parse_plan_target("wait_mean_s>=0.2")}, runs, 0.95);
  CHECK(two[0].bound == doctest::Approx(0.17 + 3.182446 * 0.01).epsilon(1e-6));
  CHECK_FALSE(two[0].holds);  // 0.2018 > 0.2
  CHECK(two[1].bound == doctest::Approx(0.5 - 3.182446 * 0.05).epsilon(1e-6));
  CHECK(two[1].holds);
}

TEST_CASE("plan targets name a metric and a scope the run reports") {
  const std::vector<MetricSummary> runs = {row("east", "utilization", 0.5), row("west", "utilization", 0.7), row("chat", "p_wait", 0.1)};
  auto message = [&](const char* target) {
    try {
      check_targets({parse_plan_target(target)}, runs, 0.95);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("p_wiat<=1").find("did you mean") != std::string::npos);
  CHECK(message("utilization<=1").find("several scopes (east, west)") != std::string::npos);
  CHECK(message("north.utilization<=1").find("scopes that do: east, west") != std::string::npos);
  CHECK(message("west.utilization<=0.8") == "no error");
  CHECK_THROWS_AS(check_targets({parse_plan_target("p_wait<=1")}, {row("chat", "p_wait", 0.1, 0, 1)}, 0.95), std::invalid_argument);
}

TEST_CASE("the search finds the threshold of a monotone problem, each value evaluated once") {
  // The metric falls with the key: m(x) = 100 / x, deterministic (sd 0); target m <= 100 / t.
  for (const int threshold : {1, 2, 13, 40, 1000}) {
    for (const int start : {1, 10, 500}) {
      std::map<double, int> evaluated;
      PlanOptions o;
      o.start = start;
      const PlanResult r = plan_capacity({parse_plan_target("m<=" + std::to_string(100.0 / threshold))}, o, [&](double x) {
        ++evaluated[x];
        return std::vector<MetricSummary>{row("all", "m", 100 / x)};
      });
      CAPTURE(threshold);
      CAPTURE(start);
      REQUIRE(r.answer);
      CHECK(*r.answer == threshold);
      for (const auto& [x, times] : evaluated) CHECK(times == 1);
      CHECK(r.tries.size() == evaluated.size());
      // Doubling then bisection: about 2 log2(max(start, threshold) / min(...)) + 2 tries.
      CHECK(r.tries.size() <= 2 * std::log2(std::max(start, threshold)) + 3);
      CHECK(r.notes.empty());
    }
  }
}

TEST_CASE("the search finds the largest feasible load, real keys to a tolerance, and says when nothing fits") {
  PlanOptions largest;
  largest.largest = true;
  largest.start = 5;
  // Utilization x / 10 <= 0.75: the largest integer x is 7.
  const PlanResult a = plan_capacity({parse_plan_target("u<=0.75")}, largest,
                                     [](double x) { return std::vector<MetricSummary>{row("all", "u", x / 10)}; });
  REQUIRE(a.answer);
  CHECK(*a.answer == 7);

  PlanOptions real;
  real.integer = false;
  real.start = 1;
  real.tolerance = 1e-3;
  const PlanResult b = plan_capacity({parse_plan_target("w<=0.5")}, real,
                                     [](double x) { return std::vector<MetricSummary>{row("all", "w", 1 / (x * x))}; });
  REQUIRE(b.answer);
  CHECK(*b.answer >= std::sqrt(2.0));
  CHECK(*b.answer <= std::sqrt(2.0) * 1.001);

  PlanOptions ranged;
  ranged.start = 4;
  ranged.lo = 1;
  ranged.hi = 8;
  const PlanResult c = plan_capacity({parse_plan_target("m<=1")}, ranged,
                                     [](double x) { return std::vector<MetricSummary>{row("all", "m", 100 / x)}; });
  CHECK_FALSE(c.answer);
  CHECK(c.tries.back().value == 8);
  REQUIRE(c.notes.size() == 1);
}

TEST_CASE("capsim plan finds the Erlang C capacity: smallest c with P(wait) <= 0.2 at lambda 9, mean lifetime 1 s is 13") {
  // Erlang C: c = 12 gives 0.2660, c = 13 gives 0.1575 (VALIDATION.md's M/M/c; issue 10).
  TempDir dir;
  const CliResult r = run_capsim(std::string("plan '") + CAPSIM_SOURCE_DIR +
                                     "/scenarios/validation/erlang-c-10-9.yaml' --vary services.chat.waitlist.capacity "
                                     "--target 'p_wait<=0.2' --set horizon=20000s --set warmup=500s --threads 2 --out '" +
                                     (dir / "plan").string() + "'",
                                 dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("services.chat.waitlist.capacity meeting every target with 95% confidence: 13") != std::string::npos);
  const std::string csv = read_file(dir / "plan" / "plan.csv");
  std::istringstream lines(csv);
  std::string line;
  int tries = 0;
  bool saw12 = false, saw13 = false;
  std::getline(lines, line);
  CHECK(line == "try,key,value,feasible,target,scope,metric,op,limit,mean,sd,n,bound,holds");
  while (std::getline(lines, line)) {
    ++tries;
    saw12 |= line.find(",12,no,") != std::string::npos;
    saw13 |= line.find(",13,yes,") != std::string::npos;
  }
  CHECK(saw12);
  CHECK(saw13);
  CHECK(tries <= 12);

  // A second plan into the same directory refuses to overwrite it; a bad target exits 2.
  const CliResult again = run_capsim(std::string("plan '") + CAPSIM_SOURCE_DIR +
                                         "/scenarios/validation/erlang-c-10-9.yaml' --vary services.chat.waitlist.capacity "
                                         "--target 'p_wait<=0.2' --out '" + (dir / "plan").string() + "'",
                                     dir.path());
  CHECK(again.exit_code == 2);
  CHECK(read_file(dir / "plan" / "plan.csv") == csv);
  const CliResult bad = run_capsim(std::string("plan '") + CAPSIM_SOURCE_DIR +
                                       "/scenarios/validation/erlang-c-10-9.yaml' --vary services.chat.waitlist.capacity "
                                       "--target 'p_wait=0.2' --out '" + (dir / "bad").string() + "'",
                                   dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("METRIC<=VALUE") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "bad" / "plan.csv"));
  const CliResult unset = run_capsim(std::string("plan '") + CAPSIM_SOURCE_DIR +
                                         "/scenarios/validation/erlang-c-10-9.yaml' --vary services.chat.waitlist.capacty "
                                         "--target 'p_wait<=0.2' --out '" + (dir / "unset").string() + "'",
                                     dir.path());
  CHECK(unset.exit_code == 2);
  CHECK(unset.err.find("does not set this key") != std::string::npos);
}
