// Usage of admitted users (sessions, classes' usage_scale) and admission that watches it, against
// closed forms, through real scenarios.
#include <doctest/doctest.h>

#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

std::vector<models::RunResult> run(const models::Scenario& s) { return models::run_replications(s, 2); }

// Per replication: a metric divided by the measured span (horizon - warm-up).
std::vector<double> per_second(const std::vector<models::RunResult>& runs, const models::Scenario& s, const std::string& scope,
                               const std::string& metric) {
  std::vector<double> out = metric_values(runs, scope, metric);
  for (double& v : out) v /= s.horizon_s - s.warmup_s;
  return out;
}

}  // namespace

TEST_CASE("validation: one user's sessions form an alternating renewal process, rate 1 / (1/lambda + D)") {
  const models::Scenario s = load_validation("session-renewal");
  const double lambda = 360.0 / 86400;  // sessions_per_day while idle
  const double d = (5 - 1) * 60.0;      // a session is open from its first turn to its fifth, 60 s apart
  const auto runs = run(s);
  check_exact_values(per_second(runs, s, "chat", "sessions"), 1 / (1 / lambda + d), "sessions per second");
  check_exact(runs, "active_sessions_mean", d / (1 / lambda + d));
  // Every session sends its five turns (nothing is capped).
  const std::vector<double> sessions = metric_values(runs, "chat", "sessions");
  const std::vector<double> requests = metric_values(runs, "chat", "requests");
  for (std::size_t i = 0; i < runs.size(); ++i) CHECK(std::abs(requests[i] - 5 * sessions[i]) <= 5);  // sessions cut by the warm-up's edges
  // Renewal-reward needs only the mean session length: exponential think times of mean 60 s
  // give the same E[D] = 240 s and the same rate.
  const models::Scenario e = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/session-renewal.yaml",
                                                   {{"services.chat.usage.think_time", "{dist: exponential, mean: 60s}"}});
  const auto runs_e = run(e);
  check_exact_values(per_second(runs_e, e, "chat", "sessions"), 1 / (1 / lambda + d), "sessions per second, exponential think time");
  check_exact(runs_e, "active_sessions_mean", d / (1 / lambda + d));
}

TEST_CASE("validation: a class's usage_scale multiplies its users' session rate") {
  const models::Scenario s = load_validation("usage-scale");
  const double base = 86.4 / 86400;  // sessions_per_day per user at usage_scale 1
  const auto runs = run(s);
  for (const auto& [cls, scale] : {std::pair<std::string, double>{"heavy", 4.0}, {"light", 1.0}}) {
    // Sessions per user-second: the class's sessions over its time-averaged user count.
    std::vector<double> rate = per_second(runs, s, "chat/" + cls, "sessions");
    const std::vector<double> users = metric_values(runs, "chat/" + cls, "admitted_mean");
    for (std::size_t i = 0; i < rate.size(); ++i) rate[i] /= users[i];
    check_exact_values(rate, base * scale, cls + " sessions per user-second");
  }
  // The classes' session counts stand in the ratio of share x usage_scale.
  const std::vector<double> heavy = metric_values(runs, "chat/heavy", "sessions");
  const std::vector<double> light = metric_values(runs, "chat/light", "sessions");
  std::vector<double> ratio;
  for (std::size_t i = 0; i < heavy.size(); ++i) ratio.push_back(heavy[i] / light[i]);
  check_exact_values(ratio, (0.25 * 4.0) / (0.75 * 1.0), "heavy / light sessions");
}

TEST_CASE("validation: feedback on open sessions stops where the session level, not the request rate, reaches the target") {
  const models::Scenario s = load_validation("feedback-sessions");
  const models::RunResult r = run(s).front();
  CHECK(run_metric(r, "chat", "admitted") == 50);
  // Admitted users between the rounds: at (k + 1/2) h, min(10 k, 50).
  const auto admitted = run_series(r, "chat", "admitted_users");
  REQUIRE(admitted.size() == 25);  // every 30 min from 0 to 12 h
  for (int k = 0; k < 12; ++k) {
    INFO("at " << k + 0.5 << " h");
    CHECK(admitted[static_cast<std::size_t>(2 * k + 1)].second == std::min(10 * k, 50));
  }
  // What the policy watched: 50 users, each in a session all but ~1 s of every 11,940 s.
  CHECK(run_series(r, "chat", "active_sessions").back().second >= 49);
}
