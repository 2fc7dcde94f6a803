// The seed scenario reproduces the published facts it is built on (scenarios/bing-2023.yaml).
// Usage is scaled down tenfold to keep the test quick: per-session caps act per session, so
// the capped share of sessions does not depend on how many sessions there are.
#include <cmath>
#include <map>

#include <doctest/doctest.h>

#include "models/run/replication.hpp"
#include "models/config/scenario_loader.hpp"

using namespace capsim;

TEST_CASE("bing-2023: signups at 48 h, the waitlist peak and the capped share come out") {
  const models::Scenario s = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/bing-2023.yaml",
                                                   {{"services.chat.usage.sessions_per_day", "0.033"}});
  const models::RunResult r = models::run_replication(s, 0);
  std::map<std::string, std::vector<std::pair<double, double>>> series;
  for (const sim::SeriesPoint& p : r.series)
    if (r.series_names[p.series].scope == "chat") series[r.series_names[p.series].metric].emplace_back(p.time_s, p.value);
  auto cumulative_until = [&](const std::string& metric, double t0, double t1) {
    double sum = 0;
    for (const auto& [t, v] : series[metric])
      if (t > t0 && t <= t1) sum += v;
    return sum;
  };
  const double day = 86400;
  // "Over 1M waitlist signups in 48 h", "multiple millions" by day 8.
  const double by_48h = cumulative_until("signups", 0, 2 * day);
  CHECK(by_48h > 1.0e6);
  CHECK(by_48h < 1.1e6);
  CHECK(cumulative_until("signups", 0, 8 * day) > 2.5e6);
  // The waitlist peaks in the millions, at the end of the heavy signup weeks' backlog.
  double peak = 0, peak_t = 0;
  for (const auto& [t, v] : series["waitlist_len"])
    if (v > peak) std::tie(peak, peak_t) = std::tie(v, t);
  CHECK(peak > 2.0e6);
  CHECK(peak_t >= 8 * day);
  // No cap before day 10; then the share of sessions cut short follows the caps in force:
  // turns ~ round(Exp(mean 3)), so P(more than k turns) = exp(-(k + 0.5) / 3).
  CHECK(cumulative_until("capped", 0, 10 * day) == 0);
  const double capped_5 = cumulative_until("capped", 10 * day, 14 * day) / cumulative_until("sessions", 10 * day, 14 * day);
  const double capped_6 = cumulative_until("capped", 14 * day, 25 * day) / cumulative_until("sessions", 14 * day, 25 * day);
  const double capped_8 = cumulative_until("capped", 25 * day, 30 * day) / cumulative_until("sessions", 25 * day, 30 * day);
  INFO("capped shares of sessions: " << capped_5 << ", " << capped_6 << ", " << capped_8);
  CHECK(capped_5 == doctest::Approx(std::exp(-5.5 / 3)).epsilon(0.05));
  CHECK(capped_6 == doctest::Approx(std::exp(-6.5 / 3)).epsilon(0.05));
  CHECK(capped_8 == doctest::Approx(std::exp(-8.5 / 3)).epsilon(0.08));
}
