// Admission policies and demand processes against exact answers, through real scenarios.
#include <cmath>

#include <doctest/doctest.h>

#include "models/demand/signup_process.hpp"
#include "sim/running_stats.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

std::vector<models::RunResult> run(const models::Scenario& s) { return models::run_replications(s, 2); }

double metric(const models::RunResult& r, const std::string& scope, const std::string& name) {
  for (const sim::Measurement& m : r.metrics)
    if (m.scope == scope && m.metric == name) return m.value;
  FAIL("no metric " << scope << " " << name);
  return 0;
}

// The time series of one metric of one replication, as (time, value).
std::vector<std::pair<double, double>> series(const models::RunResult& r, const std::string& scope, const std::string& name) {
  std::vector<std::pair<double, double>> out;
  for (const sim::SeriesPoint& p : r.series)
    if (r.series_names[p.series].scope == scope && r.series_names[p.series].metric == name) out.emplace_back(p.time_s, p.value);
  return out;
}

}  // namespace

TEST_CASE("validation: priority admission matches Cobham's formula at two loads") {
  const models::Scenario a = load_validation("priority-cobham");
  const auto runs_a = run(a);
  check_exact(runs_a, "wait_mean_s", 1.0, "chat/high");
  check_exact(runs_a, "wait_mean_s", 0.7 / (0.7 * 0.3), "chat/low");
  check_exact(runs_a, "wait_mean_s", (0.3 * 1.0 + 0.4 * 0.7 / (0.7 * 0.3)) / 0.7);  // the classes' mix
  const models::Scenario b = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/priority-cobham.yaml",
                                                   {{"services.chat.signups.rate", "0.8/s"},
                                                    {"classes", "[{name: high, share: 0.25, priority: 0}, {name: low, share: 0.75, priority: 1}]"}});
  const auto runs_b = run(b);
  check_exact(runs_b, "wait_mean_s", 1.0, "chat/high");
  check_exact(runs_b, "wait_mean_s", 5.0, "chat/low");
}

TEST_CASE("validation: lottery has FIFO's mean wait and a larger spread (M/M/1, rho = 0.8)") {
  const models::Scenario lottery = load_validation("lottery-mm1");
  const auto runs = run(lottery);
  check_exact(runs, "wait_mean_s", 4.0);
  // E[W^2] = 2 E[W^2]_FIFO / (2 - rho) for random order (Kingman): sd sqrt(80/1.2 - 16).
  check_exact(runs, "wait_sd_s", std::sqrt(80.0 / 1.2 - 16.0));
  const auto fifo = run(models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/lottery-mm1.yaml",
                                              {{"services.chat.waitlist.policy", "fifo"}}));
  check_exact(fifo, "wait_mean_s", 4.0);
  check_exact(fifo, "wait_sd_s", std::sqrt(24.0));  // FIFO: Var Wq = rho (2 - rho) / (1 - rho)^2
}

TEST_CASE("validation: waves admit a fixed number at fixed times (event by event)") {
  const auto runs = run(load_validation("waves-small"));
  const models::RunResult& r = runs.front();
  CHECK(metric(r, "chat", "signups") == 10);
  CHECK(metric(r, "chat", "admitted") == 10);
  CHECK(metric(r, "chat", "wait_mean_s") == 6.5);
  CHECK(metric(r, "chat", "waitlist_len_max") == 7);
  const auto waiting = series(r, "chat", "waitlist_len");
  const auto admitted = series(r, "chat", "admitted_users");
  // Samples at whole seconds. Events at equal times run in scheduling order: the wave at 5 s
  // (scheduled at 0 s) runs before the sample at 5 s, the signup at 5 s (scheduled at 4 s) after it.
  const std::vector<double> expect_waiting = {0, 1, 2, 3, 4, 2, 3, 4, 5, 6, 4, 4, 4, 4, 4, 1, 1, 1, 1, 1, 0};
  const std::vector<double> expect_admitted = {0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 6, 6, 6, 6, 6, 9, 9, 9, 9, 9, 10};
  REQUIRE(waiting.size() == 31);
  for (std::size_t t = 0; t < expect_waiting.size(); ++t) {
    INFO("t = " << t);
    CHECK(waiting[t].second == expect_waiting[t]);
    CHECK(admitted[t].second == expect_admitted[t]);
  }
}

TEST_CASE("validation: referral invitations skip the waitlist and invite in turn (event by event)") {
  const auto runs = run(load_validation("referral-small"));
  const models::RunResult& r = runs.front();
  CHECK(metric(r, "chat", "signups") == 7);
  CHECK(metric(r, "chat", "admitted") == 7);
  CHECK(metric(r, "chat", "invited") == 6);
  CHECK(metric(r, "chat", "waitlist_len_max") == 0);
  const auto admitted = series(r, "chat", "admitted_users");
  REQUIRE(admitted.size() == 6);  // 0, 5, 10, 15, 20, 25 s
  const std::vector<double> expect = {0, 1, 3, 3, 7, 7};  // the first signup (at 0 s) comes after the sample at 0 s
  for (std::size_t i = 0; i < expect.size(); ++i) CHECK(admitted[i].second == expect[i]);
}

TEST_CASE("validation: a shared population joins several waitlists and leaves them when admitted (event by event)") {
  const auto runs = run(load_validation("population-small"));
  const models::RunResult& r = runs.front();
  CHECK(metric(r, "code", "signups") == 10);
  CHECK(metric(r, "code", "admitted") == 3);
  CHECK(metric(r, "chat", "signups") == 7);   // people 0..2 were admitted by code before reaching chat
  CHECK(metric(r, "chat", "admitted") == 7);
  CHECK(metric(r, "code", "left") == 7);      // everyone chat admitted left code's waitlist
  CHECK(metric(r, "chat", "left") == 0);
  const auto code_waiting = series(r, "code", "waitlist_len");
  REQUIRE(code_waiting.size() == 31);
  // At 9 s: people 3..8 wait (9 arrives after the sample), chat took 3 and 4 at 5 s: 4 remain.
  CHECK(code_waiting[9].second == 4);
  CHECK(code_waiting[25].second == 0);
}

TEST_CASE("validation: with leave_on_admission false, a person admitted by one service stays on the other's waitlist (event by event)") {
  const models::RunResult r = run(load_validation("population-stay")).front();
  CHECK(metric(r, "code", "signups") == 10);
  CHECK(metric(r, "code", "admitted") == 3);
  CHECK(metric(r, "chat", "signups") == 10);  // people 0..2, admitted by code at once, join chat too
  CHECK(metric(r, "chat", "admitted") == 10);
  CHECK(metric(r, "chat", "wait_mean_s") == 10.5);
  CHECK(metric(r, "code", "left") == 0);      // chat admitted people 3..9: they stay on code's list
  CHECK(metric(r, "chat", "left") == 0);
  const auto code_waiting = series(r, "code", "waitlist_len");
  REQUIRE(code_waiting.size() == 31);
  CHECK(code_waiting[9].second == 6);   // people 3..8 (9 arrives after the sample)
  for (std::size_t t = 10; t <= 30; ++t) {
    INFO("t = " << t);
    CHECK(code_waiting[t].second == 7);  // people 3..9, whatever chat did at 10, 15, 20, 25 s
  }
  CHECK(metric(r, "code", "waitlist_len_max") == 7);
}

TEST_CASE("validation: feedback admission stops when the measured request rate reaches the target") {
  const auto runs = run(load_validation("feedback-rate"));
  const models::RunResult& r = runs.front();
  const double admitted = metric(r, "chat", "admitted");
  INFO("admitted " << admitted);
  CHECK(admitted >= 18000);
  CHECK(admitted <= 20000);                 // at most one batch past the target
  CHECK(metric(r, "chat", "signups") > 4 * admitted);  // 2/s for 3 days: the rest keep waiting
  const auto rate = series(r, "chat", "requests_per_s");
  CHECK(rate.back().second == doctest::Approx(admitted / 3600).epsilon(0.1));
}

TEST_CASE("validation: a capacity schedule opens slots at its time (event by event)") {
  const models::RunResult r = run(load_validation("capacity-schedule")).front();
  CHECK(metric(r, "chat", "admitted") == 5);
  const auto admitted = series(r, "chat", "admitted_users");
  const auto waiting = series(r, "chat", "waitlist_len");
  CHECK(admitted[9].second == 2);
  CHECK(waiting[9].second == 7);   // people 2..8 (9 arrives after the sample)
  CHECK(admitted[11].second == 5);
  CHECK(waiting[11].second == 5);
}

TEST_CASE("validation: a counts trace spreads each interval's arrivals within it") {
  const models::RunResult r = run(load_validation("counts-trace")).front();
  const auto signups = series(r, "chat", "signups");
  REQUIRE(signups.size() == 5);  // 0, 10, 20, 30, 40 s
  CHECK(signups[1].second == 5);
  CHECK(signups[2].second == 0);
  CHECK(signups[3].second == 10);
  CHECK(signups[4].second == 0);
}

TEST_CASE("validation: gamma signups are bursty: counts have the renewal process's dispersion") {
  const models::RunResult r = run(load_validation("gamma-bursty")).front();
  sim::RunningStats counts;
  for (const auto& [t, n] : series(r, "chat", "signups"))
    if (t > 0) counts.add(n);
  INFO("mean " << counts.mean() << " per 200 s, index of dispersion " << counts.variance() / counts.mean());
  CHECK(counts.mean() == doctest::Approx(200).epsilon(0.03));
  CHECK(counts.variance() / counts.mean() == doctest::Approx(4.0).epsilon(0.25));
}

TEST_CASE("validation: a per-day turn cap lets exactly that many requests through each day") {
  const models::RunResult r = run(load_validation("day-cap")).front();
  CHECK(metric(r, "chat", "requests") == 10);
  const double sessions = metric(r, "chat", "sessions");
  CHECK(metric(r, "chat", "capped") == sessions - 10);
  CHECK(sessions == doctest::Approx(480).epsilon(0.15));
}
