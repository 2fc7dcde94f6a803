// The served Bing month with its energy, carbon and cost (scenarios/bing-2023-serving-energy.yaml:
// 4 replicas of 64 A100s at 1:10, Virginia grid, PUE 1.12): the figures follow from the power
// model's bounds and the site's constants, checked from first principles, not copied from a run.
#include <map>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "models/config/scenario_loader.hpp"
#include "models/run/replication.hpp"

using namespace capsim;

TEST_CASE("bing-2023-serving-energy: a month of 256 A100s between their idle and full draw, facility = 1.12 IT, carbon at 397 g/kWh, cost = electricity + capex") {
  const models::Scenario s = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/bing-2023-serving-energy.yaml", {});
  const models::RunResult r = models::run_replication(s, 0);
  std::map<std::pair<std::string, std::string>, double> m;
  for (const sim::Measurement& x : r.metrics) m[{x.scope, x.metric}] = x.value;
  auto all = [&](const char* metric) {
    REQUIRE(m.count({"all", metric}) == 1);
    return m.at({"all", metric});
  };
  const double gpus = 4 * 64, hours = 30 * 24.0, overhead_w = 410;
  INFO("IT " << all("it_energy_kwh") << " kWh, facility " << all("facility_energy_kwh") << " kWh, " << all("co2e_t") << " t, $"
             << all("cost_usd") << ", " << all("energy_per_request_wh") << " Wh per request");
  // Every GPU draws at least its idle 63 W and at most its prefill 400 W, plus the overhead.
  CHECK(all("it_energy_kwh") > gpus * (63 + overhead_w) * hours / 1000);
  CHECK(all("it_energy_kwh") < gpus * (400 + overhead_w) * hours / 1000);
  // A busy chat fleet decodes most of the time: well above idle (a quarter of the way to prefill).
  CHECK(all("it_energy_kwh") > gpus * (63 + overhead_w + 0.25 * (400 - 63)) * hours / 1000);
  CHECK(all("facility_energy_kwh") == doctest::Approx(1.12 * all("it_energy_kwh")).epsilon(1e-12));
  CHECK(all("co2e_t") == doctest::Approx(all("facility_energy_kwh") * 397 / 1e6).epsilon(1e-12));
  // Capex: each GPU's catalog price spread over 5 years, for 30 days; embodied carbon likewise.
  const double a100_price = s.pools.at(0).accounting->price_usd_per_gpu;
  CHECK(a100_price > 0);
  CHECK(all("gpu_cost_usd") == doctest::Approx(gpus * a100_price * 30 / 1825).epsilon(1e-9));
  CHECK(all("embodied_co2e_t") == doctest::Approx(gpus * 0.318 * 30 / 1825).epsilon(1e-9));
  CHECK(all("electricity_cost_usd") == doctest::Approx(0.08 * all("facility_energy_kwh")).epsilon(1e-12));
  CHECK(all("cost_usd") == doctest::Approx(all("gpu_cost_usd") + all("electricity_cost_usd")).epsilon(1e-12));
  // The article's equivalents: EIA's 10,715 kWh per US home a year, EPA's 4.6 t CO2 per car a year.
  CHECK(all("us_homes_equivalent") == doctest::Approx(all("facility_energy_kwh") / 10715).epsilon(1e-12));
  CHECK(all("cars_equivalent") == doctest::Approx(all("co2e_t") / 4.6).epsilon(1e-12));
  REQUIRE(m.count({"chat", "completed"}) == 1);
  CHECK(all("energy_per_request_wh") == doctest::Approx(all("facility_energy_kwh") * 1000 / m.at({"chat", "completed"})).epsilon(1e-9));
}
