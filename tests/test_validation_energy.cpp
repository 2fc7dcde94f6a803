// Energy, carbon and cost accounting (models/accounting) checked against hand computations
// through the real scenario path, and the identities it must keep: IT x PUE = facility with a
// constant PUE, `all` = the sum of the pools, jumped decode runs = runs stepped every iteration.
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "models/accounting/hourly_rate.hpp"
#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/run/experiment.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using capsim::testing::run_metric;
using capsim::testing::run_series;

namespace {

const std::string kValidation = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/";

models::RunResult run_one(const std::string& name, const std::vector<models::Override>& overrides = {}) {
  const auto runs = models::run_replications(models::load_scenario(kValidation + name + ".yaml", overrides), 1);
  REQUIRE(runs.size() == 1);
  return runs[0];
}

void check_relative(double value, double exact, const char* what) {
  INFO(what << ": " << value << " against " << exact);
  CHECK(std::abs(value - exact) <= 1e-9 * std::abs(exact));
}

}  // namespace

TEST_CASE("HourlyRate: integrals of a repeated hourly profile, within an hour, across hours and periods") {
  const models::HourlyRate r({1.0, 3.0});
  const sim::SimTime h = models::HourlyRate::kHour;
  CHECK(r.integral(0, h) == 3600.0);
  CHECK(r.integral(h / 2, h + h / 2) == 1800.0 + 3 * 1800.0);
  // Two whole periods and a half hour of the third's first hour.
  CHECK(r.integral(0, 4 * h + h / 2) == 2 * (3600.0 + 3 * 3600.0) + 1800.0);
  CHECK(r.integral(3 * h + h / 4, 3 * h + h / 2) == 3 * 900.0);
  const models::HourlyRate product = r.times(models::HourlyRate({2.0, 5.0, 7.0}));
  CHECK(product.hours() == 6);
  CHECK(product.at(0) == 2.0);
  CHECK(product.at(3 * h) == 3.0 * 2.0);  // hour 3: the first's hour 1, the second's hour 0
  CHECK(product.at(5 * h) == 3.0 * 7.0);
  CHECK(models::HourlyRate(2.5).integral(0, sim::from_seconds(10)) == 25.0);
}

TEST_CASE("validation: energy-toy: IT and facility energy, carbon, embodied carbon and cost match the hand computation to 1e-9") {
  const models::RunResult r = run_one("energy-toy");
  REQUIRE(run_metric(r, "chat", "completed") == 2);
  // Each request alone on an idle replica: prefill over its time to first token, decode over the rest.
  const double ttft = run_metric(r, "gpus", "ttft_mean_s"), e2e = run_metric(r, "gpus", "e2e_mean_s");
  REQUIRE(run_metric(r, "gpus", "ttft_p99_s") == doctest::Approx(ttft).epsilon(0.02));  // both alike (p99 within the sketch's bound)
  const double idle = 60, prefill = 400, decode = 250, horizon = 7200;
  const double request_j = (prefill - idle) * ttft + (decode - idle) * (e2e - ttft);
  // Both requests end within their hour (100 s and 4,000 s, each under a minute long).
  REQUIRE(100 + e2e < 3600);
  const double hour_j = 2 * idle * 3600 + request_j;  // each hour: two idle GPUs and one request
  const double it_j = 2 * hour_j;
  const double facility_j = 1.1 * hour_j + 1.3 * hour_j;
  const double co2e_g = (1.1 * 300 * hour_j + 1.3 * 500 * hour_j) / 3.6e6;
  const double lifetime = 1000 * 86400.0;
  const double embodied_g = 2 * horizon * 300e3 / lifetime;
  const double electricity = 0.1 * facility_j / 3.6e6;
  const double capex = 2 * horizon * 15000 / lifetime;
  for (const char* scope : {"gpus", "all"}) {
    check_relative(run_metric(r, scope, "it_energy_kwh"), it_j / 3.6e6, "it_energy_kwh");
    check_relative(run_metric(r, scope, "facility_energy_kwh"), facility_j / 3.6e6, "facility_energy_kwh");
    check_relative(run_metric(r, scope, "co2e_t"), co2e_g / 1e6, "co2e_t");
    check_relative(run_metric(r, scope, "embodied_co2e_t"), embodied_g / 1e6, "embodied_co2e_t");
    check_relative(run_metric(r, scope, "electricity_cost_usd"), electricity, "electricity_cost_usd");
    check_relative(run_metric(r, scope, "gpu_cost_usd"), capex, "gpu_cost_usd");
    check_relative(run_metric(r, scope, "cost_usd"), electricity + capex, "cost_usd");
    check_relative(run_metric(r, scope, "energy_per_request_wh"), facility_j / 3600 / 2, "energy_per_request_wh");
    check_relative(run_metric(r, scope, "energy_per_1k_tokens_wh"), facility_j / 3600 / 0.4, "energy_per_1k_tokens_wh");
    check_relative(run_metric(r, scope, "cost_per_1k_tokens_usd"), (electricity + capex) / 0.4, "cost_per_1k_tokens_usd");
  }
  // The only service of the pool: its figures are the pool's.
  for (const char* metric : {"it_energy_kwh", "facility_energy_kwh", "co2e_t", "cost_usd"}) CHECK(run_metric(r, "chat", metric) == run_metric(r, "gpus", metric));
  REQUIRE(run_metric(r, "chat", "admitted") == 2);
  check_relative(run_metric(r, "all", "cost_per_admitted_user_usd"), (electricity + capex) / 2, "cost_per_admitted_user_usd");
  // The power series: the mean IT power over each step (72 s), whose sum x step is the IT energy.
  const auto series = run_series(r, "gpus", "power_kw");
  REQUIRE(series.size() == 101);
  double kj = 0;
  for (std::size_t i = 1; i < series.size(); ++i) kj += series[i].second * 72;
  check_relative(kj * 1000, it_j, "power_kw series x step");
  CHECK(series[50].second == doctest::Approx(0.12));  // 3,600 s: both replicas idle
}

TEST_CASE("validation: energy with a constant PUE: facility = IT x PUE, a warm-up drops what came before it") {
  const models::RunResult r = run_one("energy-toy", {{"datacenter.pue_hourly", "[1.2]"}, {"datacenter.grid.hourly", "[400]"}});
  check_relative(run_metric(r, "gpus", "facility_energy_kwh"), 1.2 * run_metric(r, "gpus", "it_energy_kwh"), "facility");
  check_relative(run_metric(r, "gpus", "co2e_t"), 400 * run_metric(r, "gpus", "facility_energy_kwh") / 1e6, "co2e_t");
  // From 1 h on: the second request and two GPUs' idle hour.
  const models::RunResult late = run_one("energy-toy", {{"warmup", "1h"}});
  const double ttft = run_metric(late, "gpus", "ttft_mean_s"), e2e = run_metric(late, "gpus", "e2e_mean_s");
  const double hour_j = 2 * 60 * 3600.0 + (400 - 60) * ttft + (250 - 60) * (e2e - ttft);
  check_relative(run_metric(late, "gpus", "it_energy_kwh"), hour_j / 3.6e6, "it after warm-up");
  check_relative(run_metric(late, "gpus", "facility_energy_kwh"), 1.3 * hour_j / 3.6e6, "facility after warm-up");
  CHECK(run_metric(late, "gpus", "energy_per_request_wh") == doctest::Approx(1.3 * hour_j / 3600));
}

TEST_CASE("validation: energy of jumped decode runs equals that of runs stepped every iteration (serving-llm-small with a datacenter)") {
  // Failures, preemptions, give-ups: the power changes at the same moments in both modes.
  const std::vector<models::Override> site = {{"datacenter.pue_hourly", "[1.1, 1.2, 1.4]"},
                                              {"datacenter.grid.hourly", "[300, 450]"},
                                              {"fleet.pools.a100.energy.decode_share_batch_1", "0.6"},
                                              {"fleet.pools.a100.energy.decode_full_batch", "16"},
                                              {"fleet.pools.a100.energy.overhead", "100 W"}};
  std::vector<models::Override> jump = site, iteration = site;
  jump.push_back({"fleet.pools.a100.batch.fidelity", "jump"});
  iteration.push_back({"fleet.pools.a100.batch.fidelity", "iteration"});
  const models::RunResult a = run_one("serving-llm-small", jump);
  const models::RunResult b = run_one("serving-llm-small", iteration);
  for (const char* metric : {"it_energy_kwh", "facility_energy_kwh", "co2e_t", "cost_usd", "energy_per_1k_tokens_wh"}) {
    INFO(metric);
    CHECK(run_metric(a, "a100", metric) > 0);
    check_relative(run_metric(a, "a100", metric), run_metric(b, "a100", metric), metric);
  }
  CHECK(a.events * 3 < b.events);
  // Busier than idle, below every GPU at prefill power plus overhead all the time.
  const double it_kwh = run_metric(a, "a100", "it_energy_kwh");
  CHECK(it_kwh > 0.9 * 2 * 0.063 * 4);  // up at least 90% of the time
  CHECK(it_kwh < 2 * (0.4 + 0.1) * 4);
}

TEST_CASE("energy accounting: bad datacenter and pool figures are located errors") {
  auto errors = [](const std::string& name, const std::vector<models::Override>& overrides) {
    try {
      models::load_scenario(kValidation + name + ".yaml", overrides);
    } catch (const models::ScenarioError& e) {
      return e.items();
    }
    return std::vector<models::Diagnostic>{};
  };
  const auto both = errors("energy-toy", {{"datacenter.pue", "1.2"}});
  REQUIRE(both.size() == 1);
  CHECK(both[0].location.find("energy-toy.yaml:") != std::string::npos);
  CHECK(both[0].path == "datacenter.pue_hourly");
  CHECK(both[0].message.find("not both") != std::string::npos);
  const auto no_site = errors("serving-llm-small", {{"fleet.pools.a100.energy.idle", "50 W"}});
  REQUIRE(no_site.size() == 1);
  CHECK(no_site[0].path == "fleet.pools.a100.energy");
  CHECK(no_site[0].message.find("`datacenter:`") != std::string::npos);
  const auto low_pue = errors("energy-toy", {{"datacenter.pue_hourly", "[1.1, 0.9]"}});
  REQUIRE(low_pue.size() == 1);
  CHECK(low_pue[0].message == "every value must be >= 1, got 0.9");
  const auto negative = errors("energy-toy", {{"datacenter.grid.hourly", "[300, -1]"}});
  REQUIRE(negative.size() == 1);  // reported once
  CHECK(negative[0].message.find(">= 0") != std::string::npos);
}

TEST_CASE("energy accounting: scenarios without a datacenter report no energy rows, the example with one loads") {
  const models::RunResult r = run_one("serving-llm-small");
  for (const sim::Measurement& m : r.metrics) CHECK(m.metric.find("energy") == std::string::npos);
  for (const sim::SeriesName& n : r.series_names) CHECK(n.metric != "power_kw");
  const models::Scenario s = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/bing-2023-serving-energy.yaml");
  REQUIRE(s.site.has_value());
  REQUIRE(s.pools.size() == 1);
  REQUIRE(s.pools[0].accounting.has_value());
  CHECK(s.pools[0].accounting->power.decode_w == 250);  // the catalog A100's, SplitwiseSim's figure
  CHECK(s.pools[0].accounting->power.overhead_w == 410);
}

TEST_CASE("energy accounting: conservation over a mixed fleet: all = the pools' sum = the service's figures") {
  const models::RunResult r = run_one("serving-mixed-fleet", {{"datacenter.pue", "1.12"}});
  for (const char* metric : {"it_energy_kwh", "facility_energy_kwh", "co2e_t", "embodied_co2e_t", "cost_usd"}) {
    const double pools = run_metric(r, "h100", metric) + run_metric(r, "a100", metric);
    CHECK(run_metric(r, "h100", metric) > 0);
    CHECK(run_metric(r, "a100", metric) > 0);
    check_relative(run_metric(r, "all", metric), pools, metric);
    check_relative(run_metric(r, "chat", metric), pools, metric);
  }
  check_relative(run_metric(r, "all", "facility_energy_kwh"), 1.12 * run_metric(r, "all", "it_energy_kwh"), "IT x PUE = facility");
}

TEST_CASE("energy accounting: a grid region and year from the shipped table set the intensity (US-MIDA-PJM 2023: 401 g/kWh, Electricity Maps)") {
  const std::vector<models::Override> pjm = {{"datacenter", "{pue: 1.1, grid: {region: US-MIDA-PJM, year: 2023}}"}};
  const models::Scenario s = models::load_scenario(kValidation + "serving-llm-small.yaml", pjm);
  REQUIRE(s.site);
  REQUIRE(s.site->grid_g_per_kwh.size() == 1);
  CHECK(s.site->grid_g_per_kwh[0] == 401.0);  // the CSV's value for the zone and year
  REQUIRE(s.notes.size() == 1);
  CHECK(s.notes[0].find("US-MIDA-PJM (PJM Interconnection) 2023: 401 gCO2e/kWh (Electricity Maps") != std::string::npos);
  const models::RunResult r = run_one("serving-llm-small", pjm);
  check_relative(run_metric(r, "all", "co2e_t"), run_metric(r, "all", "facility_energy_kwh") * 401.0 / 1e6, "co2e from PJM 2023");
  // Without a year, the zone's latest; an Ember average takes none.
  CHECK(models::load_scenario(kValidation + "serving-llm-small.yaml", {{"datacenter", "{grid: {region: USA}}"}}).site->grid_g_per_kwh[0] == 383.55);

  auto error = [](const std::string& datacenter) {
    try {
      models::load_scenario(kValidation + "serving-llm-small.yaml", {{"datacenter", datacenter}});
    } catch (const models::ScenarioError& e) {
      REQUIRE(e.items().size() == 1);
      return e.items()[0];
    }
    return models::Diagnostic{};
  };
  const models::Diagnostic misspelt = error("{grid: {region: US-MIDA-PJN, year: 2023}}");
  CHECK(misspelt.path == "datacenter.grid.region");
  CHECK(misspelt.message.find("did you mean 'US-MIDA-PJM'?") != std::string::npos);
  const models::Diagnostic early = error("{grid: {region: US-MIDA-PJM, year: 2019}}");
  CHECK(early.path == "datacenter.grid.year");
  CHECK(early.message.find("years available: 2021-2025") != std::string::npos);
  CHECK(error("{grid: {region: USA, intensity: 300}}").message.find("not both") != std::string::npos);
  CHECK(error("{grid: {year: 2023}}").path == "datacenter.grid.year");
}

TEST_CASE("energy accounting follows fleet changes: an added replica's GPUs accrue embodied carbon from its installation, a retired one's until it leaves") {
  // serving-llm-small: 2 replicas of one A100 each over 4 h (no warm-up). One more from 1 h on,
  // and one retired at 3 h (an idle one leaves at once; a busy one when it has finished).
  const std::vector<models::Override> site = {{"datacenter", "{pue: 1.1, gpu_lifetime: 1000h}"},
                                              {"fleet.pools.a100.energy.embodied", "1000 kg"},
                                              {"fleet.pools.a100.changes", "[{at: 0h, add: 1, lead_time: 1h}, {at: 3h, retire: 1}]"}};
  const models::RunResult r = run_one("serving-llm-small", site);
  // GPU-hours installed: 2 x 4 h + 1 x 3 h less the retired one's remaining time (at most 1 h).
  const double embodied_t = run_metric(r, "a100", "embodied_co2e_t");
  const double per_gpu_hour_t = 1.0 / 1000.0;  // 1 t over 1,000 h
  CHECK(embodied_t <= (2 * 4 + 3) * per_gpu_hour_t * (1 + 1e-12));
  CHECK(embodied_t >= (2 * 4 + 3 - 1) * per_gpu_hour_t * (1 - 1e-12));
  CHECK(run_metric(r, "a100", "replicas_installed_mean") * 4 == doctest::Approx(embodied_t / per_gpu_hour_t).epsilon(1e-9));
  // The power series never shows more than three replicas' worth, nor a negative draw.
  for (const auto& [t, kw] : run_series(r, "a100", "power_kw")) {
    CHECK(kw >= 0);
    CHECK(kw <= 3 * 0.4 + 1e-9);  // at most 3 A100s at their 400 W prefill draw
  }
}
