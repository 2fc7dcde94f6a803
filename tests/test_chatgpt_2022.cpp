// The ChatGPT launch scenario reproduces its headlines (scenarios/chatgpt-2022.yaml, at 1:10):
// a million signups in five days, and "at capacity" at the busy hours of the later days only.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "models/config/scenario_loader.hpp"
#include "models/run/replication.hpp"

using namespace capsim;

TEST_CASE("chatgpt-2022: 1M signups in 5 days, requests turned away at peak hours and not at night") {
  const models::Scenario s = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/chatgpt-2022.yaml", {});
  const models::RunResult r = models::run_replication(s, 0);
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<double, double>>> series;
  for (const sim::SeriesPoint& p : r.series)
    series[{r.series_names[p.series].scope, r.series_names[p.series].metric}].emplace_back(p.time_s, p.value);
  const double hour = 3600, day = 24 * hour, scale = 10;  // the scenario runs at 1:10
  // Sums a series over the steps ending in (t0, t1] whose hour of the day (the hour the step
  // covers, 0-23) is in [h0, h1).
  auto sum = [&](const std::string& scope, const std::string& metric, double t0, double t1, int h0 = 0, int h1 = 24) {
    double total = 0;
    for (const auto& [t, v] : series[{scope, metric}]) {
      const int h = static_cast<int>((t - hour) / hour) % 24;
      if (t > t0 && t <= t1 && h >= h0 && h < h1) total += v;
    }
    return total;
  };
  // [C2] "crossed 1 million users" on day 5.
  const double by_day_5 = scale * sum("chat", "signups", 0, 5 * day);
  CHECK(by_day_5 > 0.97e6);
  CHECK(by_day_5 < 1.03e6);
  // The launch fleet keeps up for the first four days: nobody is turned away.
  CHECK(sum("a100", "rejected", 0, 4 * day) == 0);
  // [C3] Days 5-7: at the busy hours (10:00-18:00) more than 5% of tries are turned away;
  // at the quietest (01:00-06:00) none.
  auto rejected_share = [&](int h0, int h1) {
    const double rejected = sum("a100", "rejected", 5 * day, 7 * day, h0, h1);
    return rejected / (rejected + sum("a100", "completed", 5 * day, 7 * day, h0, h1));
  };
  const double peak = rejected_share(10, 18), night = rejected_share(1, 6);
  INFO("rejected share of tries, days 5-7: 10-18 h " << peak << ", 1-6 h " << night);
  CHECK(peak > 0.05);
  CHECK(night == 0);
  CHECK(sum("a100", "completed", 5 * day, 7 * day, 1, 6) > 10000);  // the night is quiet, not empty
}
