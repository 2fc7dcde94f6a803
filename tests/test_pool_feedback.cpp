// Feedback admission that follows the fleet (waitlist.measure ttft_p99, utilization,
// queue_length): the pool's running totals and their windows, exactly; the loop through real
// scenarios (feedback-utilization, feedback-ttft); the loader's error without a serving pool.
#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/service/pool_measure_window.hpp"
#include "models/serving/pool_window_totals.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;
using models::FeedbackMeasure;

namespace {

sim::SimTime at(double s) { return sim::from_seconds(s); }

models::Scenario with(const std::string& name, const std::vector<models::Override>& overrides) {
  return models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/" + name + ".yaml", overrides);
}

}  // namespace

TEST_CASE("pool load: the window of a level is its exact time mean over the last rounds") {
  models::PoolWindowTotals load(2);
  models::PoolMeasureWindow busy, queue;
  busy.watch(load, FeedbackMeasure::Utilization, 2);   // window: two rounds
  queue.watch(load, FeedbackMeasure::QueueLength, 1);  // window: one round
  CHECK(load.on());
  load.set_busy_share(at(0), 0.5);
  load.set_queued_part(0, at(5), 3);
  load.set_queued_part(1, at(5), 1);                    // 4 waiting from 5 s
  CHECK(busy.at_round(at(10)) == doctest::Approx(0.5));
  CHECK(queue.at_round(at(10)) == doctest::Approx(2.0));  // 0 for 5 s, 4 for 5 s
  load.set_busy_share(at(10), 1.0);
  load.set_queued_part(0, at(15), 0);                   // 1 waiting from 15 s
  CHECK(busy.at_round(at(20)) == doctest::Approx(0.75));  // (0.5 x 10 + 1 x 10) / 20
  CHECK(queue.at_round(at(20)) == doctest::Approx(2.5));  // (4 x 5 + 1 x 5) / 10
  load.set_busy_share(at(20), 0.0);
  CHECK(busy.at_round(at(30)) == doctest::Approx(0.5));   // rounds 10..30: (1 x 10 + 0) / 20
}

TEST_CASE("pool load: the window's TTFT p99 counts the first tokens since the round `rounds` back, within 1/32") {
  models::PoolWindowTotals load;
  models::PoolMeasureWindow w;
  w.watch(load, FeedbackMeasure::TtftP99, 1);
  CHECK(w.at_round(at(1)) == 0);  // nothing answered yet
  for (int i = 1; i <= 100; ++i) load.add_ttft(at(0.01 * i));  // 0.01 .. 1 s
  const double p99 = w.at_round(at(2));
  CHECK(std::abs(p99 - 0.99) <= 0.99 * models::TtftHistogram::kRelativeError);
  for (int i = 0; i < 200; ++i) load.add_ttft(at(5));
  const double five = w.at_round(at(3));
  CHECK(std::abs(five - 5) <= 5 * models::TtftHistogram::kRelativeError);  // the 0.01..1 s are out of the window
  CHECK(w.at_round(at(4)) == five);  // no first token in the window: the last value stands
  for (int i = 0; i < 10; ++i) load.add_ttft(at(1e-4));
  CHECK(w.at_round(at(5)) == 0);  // below 2^-10 s reads as 0
  load.add_ttft(at(1e6));
  CHECK(w.at_round(at(6)) == 0x1p14);  // the top bucket
}

TEST_CASE("validation: feedback on utilization holds the pool near the target, and a larger fleet admits more") {
  const auto runs = models::run_replications(load_validation("feedback-utilization"), 2);
  const auto big = models::run_replications(with("feedback-utilization", {{"fleet.pools.fixed.replicas", "100"}}), 2);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const double u = run_metric(runs[r], "fixed", "utilization"), u_big = run_metric(big[r], "fixed", "utilization");
    const double n = run_metric(runs[r], "chat", "admitted_mean"), n_big = run_metric(big[r], "chat", "admitted_mean");
    INFO("replication " << r << ": utilization " << u << " / " << u_big << " (100 replicas), users " << n << " / " << n_big);
    CHECK(std::abs(u - 0.7) <= 0.05);  // over the second hour (warmup 1h)
    CHECK(std::abs(u_big - 0.7) <= 0.05);
    CHECK(n == doctest::Approx(350).epsilon(0.15));  // 0.7 x 50 replicas / (0.1/s per user)
    CHECK(n_big > 1.8 * n);
    CHECK(run_metric(runs[r], "chat", "waitlist_len_mean") > 1000);
  }
}

TEST_CASE("validation: feedback on queue_length keeps a short queue, a longer target admits more") {
  const auto one = models::run_replications(
      with("feedback-utilization", {{"services.chat.waitlist.measure", "queue_length"}, {"services.chat.waitlist.target", "1"}}), 1);
  const auto three = models::run_replications(
      with("feedback-utilization", {{"services.chat.waitlist.measure", "queue_length"}, {"services.chat.waitlist.target", "3"}}), 1);
  const double q1 = run_metric(one[0], "fixed", "queue_len_mean"), q3 = run_metric(three[0], "fixed", "queue_len_mean");
  INFO("queue " << q1 << " / " << q3);
  CHECK(q1 >= 0.5);
  CHECK(q1 <= 2.5);  // the queue is convex in the load: the hour's mean sits above the windows' threshold
  CHECK(q3 > q1);
  CHECK(run_metric(three[0], "chat", "admitted_mean") > run_metric(one[0], "chat", "admitted_mean"));
  CHECK(run_metric(one[0], "fixed", "utilization") > 0.8);
}

TEST_CASE("validation: feedback on ttft_p99 keeps the LLM pool's p99 near the target while the waitlist builds up") {
  const auto runs = models::run_replications(load_validation("feedback-ttft"), 2);
  const auto open = models::run_replications(with("feedback-ttft", {{"services.chat.waitlist.target", "1000"}}), 1);
  for (const models::RunResult& r : runs) {
    const double p99 = run_metric(r, "a100", "ttft_p99_s");
    INFO("ttft_p99 " << p99 << " s against 0.7 s; waitlist max " << run_metric(r, "chat", "waitlist_len_max"));
    CHECK(p99 <= 0.7 * 1.1);
    CHECK(p99 >= 0.7 * 0.8);
    CHECK(run_metric(r, "chat", "waitlist_len_max") > 3000);
  }
  const double uncontrolled = run_metric(open[0], "a100", "ttft_p99_s");
  INFO("no loop: ttft_p99 " << uncontrolled);
  CHECK(uncontrolled > 10);
}

TEST_CASE("a pool measure without a serving pool is an error at waitlist.measure") {
  const std::string yaml = R"(name: t
horizon: 1000s
services:
  - name: chat
    signups: {process: poisson, rate: 9/s}
    waitlist: {policy: feedback, every: 10s, batch: 1, measure: utilization, window: 10s, target: 0.7}
    usage: {sessions_per_day: 10}
)";
  try {
    models::load_scenario_text(yaml, "s.yaml", {});
    FAIL("loaded");
  } catch (const models::ScenarioError& e) {
    REQUIRE(e.items().size() == 1);
    CHECK(e.items()[0].location == "s.yaml:6:65");
    CHECK(e.items()[0].path == "services.chat.waitlist.measure");
    CHECK(e.items()[0].message.find("missing `serving: {pool: NAME}`") != std::string::npos);
  }
}
