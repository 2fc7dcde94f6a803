// scenarios/carbon-aware-admission.yaml: hourly waves against waves held for the grid's 6 cleanest
// hours, the two arms of the file's own `sweep:` block. The waits follow from the wave times by
// hand (the scenario's header); the headline direction (less CO2e per request, and per kWh, for
// a longer wait) is computed from each arm's metrics.
#include <cmath>
#include <map>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "models/config/scenario_loader.hpp"
#include "models/config/sweep_section.hpp"
#include "models/run/replication.hpp"

using namespace capsim;

namespace {

using Metrics = std::map<std::pair<std::string, std::string>, double>;

Metrics run_arm(const std::string& path, const models::SweepSpec& sweep, std::size_t arm) {
  const models::RunResult r = models::run_replication(models::load_scenario(path, sweep.arm(arm)), 0);
  Metrics m;
  for (const sim::Measurement& x : r.metrics) m[{x.scope, x.metric}] = x.value;
  return m;
}

double get(const Metrics& m, const std::string& scope, const std::string& metric) {
  REQUIRE_MESSAGE(m.count({scope, metric}) == 1, scope << " " << metric);
  return m.at({scope, metric});
}

// The mean wait is within 4 standard errors of the hand value (about 35,000 people a run).
void check_wait(const Metrics& m, double expected_s) {
  const double mean = get(m, "chat", "wait_mean_s"), sd = get(m, "chat", "wait_sd_s"), n = get(m, "chat", "admitted");
  INFO("wait mean " << mean << " s, expected " << expected_s << " s, standard error " << sd / std::sqrt(n));
  CHECK(std::abs(mean - expected_s) < 4 * sd / std::sqrt(n));
}

}  // namespace

TEST_CASE("carbon-aware-admission: waves in the cleanest hours cut CO2e per request and make people wait longer") {
  const std::string path = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/carbon-aware-admission.yaml";
  const models::SweepSpec sweep = models::read_sweep(path, {});
  REQUIRE(sweep.arms() == 2);
  REQUIRE(sweep.arm(0).at(0).value == "24");  // every hour clean: plain hourly waves
  REQUIRE(sweep.arm(1).at(0).value == "6");
  const Metrics plain = run_arm(path, sweep, 0), aware = run_arm(path, sweep, 1);
  // Everyone who signs up in the first week is admitted in both arms.
  CHECK(get(plain, "chat", "admitted") == get(plain, "chat", "signups"));
  CHECK(get(aware, "chat", "admitted") == get(aware, "chat", "signups"));
  check_wait(plain, 1800);                                 // the rest of the hour
  check_wait(aware, (19 * 9.5 + 5 * 0.5) / 24 * 3600);    // 27,450 s
  auto g_per_request = [](const Metrics& m) { return get(m, "all", "co2e_t") * 1e6 / get(m, "chat", "completed"); };
  auto g_per_kwh = [](const Metrics& m) { return get(m, "all", "co2e_t") * 1e6 / get(m, "all", "facility_energy_kwh"); };
  INFO("g per request: plain " << g_per_request(plain) << ", carbon-aware " << g_per_request(aware) << "; g per kWh: plain "
                               << g_per_kwh(plain) << ", carbon-aware " << g_per_kwh(aware));
  CHECK(g_per_request(aware) < g_per_request(plain));
  CHECK(g_per_kwh(aware) < g_per_kwh(plain));  // the requests moved to cleaner hours
  CHECK(get(aware, "chat", "wait_mean_s") > get(plain, "chat", "wait_mean_s"));
}
