// The Azure H100 expansion scenario (scenarios/azure-h100-expansion.yaml): the waitlist only
// grows while the fleet stands still, and each tranche of 40 replicas that lands (days 30, 60,
// 90) lets 40 x 20 = 800 customers in at once.
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "models/config/scenario_loader.hpp"
#include "models/run/replication.hpp"

using namespace capsim;

TEST_CASE("azure-h100-expansion: the waitlist falls when each tranche lands, and only then") {
  const models::Scenario s = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/azure-h100-expansion.yaml", {});
  const models::RunResult r = models::run_replication(s, 0);
  std::map<std::pair<std::string, std::string>, std::map<double, double>> series;
  for (const sim::SeriesPoint& p : r.series)
    series[{r.series_names[p.series].scope, r.series_names[p.series].metric}][p.time_s] = p.value;
  const auto& waiting = series[{"aoai", "waitlist_len"}];
  const auto& admitted = series[{"aoai", "admitted_users"}];
  const auto& installed = series[{"h100", "replicas_installed"}];
  REQUIRE(waiting.size() == 121);  // daily samples, days 0 to 120
  const double day = 86400;
  const std::vector<double> landings = {30 * day, 60 * day, 90 * day};
  for (const double at : landings) {
    INFO("tranche landing at day " << at / day);
    CHECK(installed.at(at - day) + 40 == installed.at(at + day));
    // A backlog waits before, and 800 places open at once: the waitlist drops by 800 less a
    // day's signups (about 40) or two.
    const double before = waiting.at(at - day), after = waiting.at(at + day);
    CHECK(before > 800);
    CHECK(after < before - 700);
    CHECK(admitted.at(at + day) == 20 * installed.at(at + day));  // capacity follows the fleet
  }
  // Between landings nobody leaves the waitlist (no one gives up, no customer churns): it never
  // falls from one day to the next.
  for (auto it = std::next(waiting.begin()); it != waiting.end(); ++it) {
    const double t0 = std::prev(it)->first, t1 = it->first;
    bool lands = false;
    for (const double at : landings) lands = lands || (at > t0 && at <= t1);
    if (lands) continue;
    INFO("day " << t1 / day);
    CHECK(it->second >= std::prev(it)->second);
  }
}
