// Training runs (models/training) checked through the real scenario path: every row of
// VALIDATION.md's training table (Patterson et al. 2021 Table 4, Touvron et al. 2023 Table 15,
// Luccioni et al. 2022) from its scenarios/validation/training-*.yaml file, against the exact
// product of the published inputs and against the published MWh and tCO2e; then the ledger's
// per-account sites, the horizon check and the catalog lookup.
#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/run/experiment.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using capsim::testing::run_metric;

namespace {

const std::string kValidation = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/";

models::RunResult run_file(const std::string& path) {
  const auto runs = models::run_replications(models::load_scenario(path), 1);
  REQUIRE(runs.size() == 1);
  return runs[0];
}

void check_relative(double value, double exact, double tolerance, const char* what) {
  INFO(what << ": " << value << " against " << exact << " (relative tolerance " << tolerance << ")");
  CHECK(std::abs(value - exact) <= tolerance * std::abs(exact));
}

// One row of VALIDATION.md's table, its inputs as published.
struct Row {
  const char* name;
  double gpu_hours;  // chips x days x 24, or the published GPU-hours
  double watts, pue, g_per_kwh;
  double reported_mwh, reported_t;
  // How the reported figures are compared: within 0.5%, or (GShard-600B, LLaMA-7B) within
  // the rounding of the published inputs or outputs (each file says why).
  bool within_half_percent;
};

const Row kRows[] = {
    {"t5", 512 * 20 * 24.0, 310, 1.12, 545, 85.7, 46.7, true},
    {"meena", 1024 * 30 * 24.0, 289, 1.09, 415, 232, 96.4, true},
    {"gshard-600b", 1024 * 3.1 * 24.0, 288, 1.09, 177, 24.1, 4.3, false},
    {"switch", 1024 * 27 * 24.0, 245, 1.10, 330, 179, 59.1, true},
    {"gpt-3", 10000 * 14.8 * 24.0, 330, 1.10, 429, 1287, 552.1, true},
    {"llama-7b", 82432, 400, 1.1, 385, 36, 14, false},
    {"llama-65b", 1022362, 400, 1.1, 385, 449, 173, true},
    {"opt-175b", 809472, 400, 1.1, 385, 356, 137, true},
    {"bloom", 1082990, 400, 1.0, 57, 433.196, 24.7, true},
};

}  // namespace

TEST_CASE("validation: training runs reproduce every row of the training table (Patterson Table 4, LLaMA, OPT, BLOOM)") {
  for (const Row& row : kRows) {
    CAPTURE(row.name);
    const models::RunResult r = run_file(kValidation + "training-" + row.name + ".yaml");
    const std::string scope = std::string("training/") + row.name;
    const double it_kwh = row.gpu_hours * row.watts / 1000;
    const double facility_kwh = it_kwh * row.pue;
    const double co2e_t = facility_kwh * row.g_per_kwh / 1e6;
    // The engine against the exact product of the file's inputs.
    check_relative(run_metric(r, scope, "gpu_hours"), row.gpu_hours, 1e-9, "gpu_hours");
    check_relative(run_metric(r, scope, "it_energy_kwh"), it_kwh, 1e-9, "it_energy_kwh");
    check_relative(run_metric(r, scope, "facility_energy_kwh"), facility_kwh, 1e-9, "facility_energy_kwh");
    check_relative(run_metric(r, scope, "co2e_t"), co2e_t, 1e-9, "co2e_t");
    // The run is the scenario's only account: `all` is the run.
    CHECK(run_metric(r, "all", "facility_energy_kwh") == run_metric(r, scope, "facility_energy_kwh"));
    CHECK(run_metric(r, "all", "co2e_t") == run_metric(r, scope, "co2e_t"));
    // The engine against the published figures.
    const double mwh = run_metric(r, scope, "facility_energy_kwh") / 1000, t = run_metric(r, scope, "co2e_t");
    if (row.within_half_percent) {
      check_relative(mwh, row.reported_mwh, 0.005, "MWh against the reported figure");
      check_relative(t, row.reported_t, 0.005, "tCO2e against the reported figure");
    }
  }
}

TEST_CASE("validation: GShard-600B and LLaMA-7B: the reported figures lie within the rounding of the published inputs and outputs") {
  // GShard-600B: 1024 chips x 3.1 days (rounded to 0.1 day), 288 W, PUE 1.09, 177 g/kWh (each
  // rounded to its last digit). The reported 24.1 MWh and 4.3 t must lie between the products
  // of the inputs' lower and upper rounding bounds; the point product misses 0.5% (0.76% and 1.6%).
  const models::RunResult g = run_file(kValidation + "training-gshard-600b.yaml");
  const double g_mwh = run_metric(g, "training/gshard-600b", "facility_energy_kwh") / 1000;
  const double g_t = run_metric(g, "training/gshard-600b", "co2e_t");
  const double lo = (3.05 / 3.1) * (287.5 / 288) * (1.085 / 1.09), hi = (3.15 / 3.1) * (288.5 / 288) * (1.095 / 1.09);
  CHECK(g_mwh * lo <= 24.1);
  CHECK(24.1 <= g_mwh * hi);
  CHECK(g_t * lo * (176.5 / 177) <= 4.3);
  CHECK(4.3 <= g_t * hi * (177.5 / 177));
  CHECK(std::abs(g_mwh - 24.1) / 24.1 > 0.005);  // why this row is not held to 0.5%
  // LLaMA-7B: the paper rounds MWh and tCO2e to whole units: 36.27 MWh is reported as 36 and
  // 13.96 t as 14.
  const models::RunResult l = run_file(kValidation + "training-llama-7b.yaml");
  const double l_mwh = run_metric(l, "training/llama-7b", "facility_energy_kwh") / 1000;
  const double l_t = run_metric(l, "training/llama-7b", "co2e_t");
  CHECK(std::round(l_mwh) == 36);
  CHECK(std::round(l_t) == 14);
  check_relative(l_t, 14, 0.005, "LLaMA-7B tCO2e");
  CHECK(std::abs(l_mwh - 36) / 36 > 0.005);  // why this row is not held to 0.5%
}

TEST_CASE("training: a run at its own site beside one at the datacenter's, a later start, embodied carbon and capex for the GPU-hours held") {
  const char* yaml = R"(
name: two-sites
horizon: 10h
training:
  - {name: here, gpu: A100-SXM4-80GB, gpus: 8, start: 2h, duration: 3h}
  - name: there
    gpu: H100-SXM5-80GB
    gpus: 16
    duration: 4h
    watts_per_gpu: 650 W
    site: {pue: 1.3, grid: {hourly: [100, 300]}}
datacenter: {pue: 1.2, grid: {intensity: 400}, electricity: {price: 0.1}, gpu_lifetime: 1000d}
)";
  const auto runs = models::run_replications(models::load_scenario_text(yaml, "two-sites.yaml"), 1);
  REQUIRE(runs.size() == 1);
  const models::RunResult& r = runs[0];
  // `here`: the catalog A100's 400 W TDP (its default draw), at the datacenter.
  const double here_j = 8 * 400.0 * 3 * 3600;
  check_relative(run_metric(r, "training/here", "it_energy_kwh"), here_j / 3.6e6, 1e-12, "here IT");
  check_relative(run_metric(r, "training/here", "facility_energy_kwh"), 1.2 * here_j / 3.6e6, 1e-12, "here facility");
  check_relative(run_metric(r, "training/here", "co2e_t"), 1.2 * here_j / 3.6e6 * 400 / 1e6, 1e-12, "here carbon");
  check_relative(run_metric(r, "training/here", "electricity_cost_usd"), 1.2 * here_j / 3.6e6 * 0.1, 1e-12, "here electricity");
  check_relative(run_metric(r, "training/here", "gpu_hours"), 24, 1e-12, "here gpu_hours");
  // Embodied carbon and capex: 24 GPU-hours of a 1,000-day life, at the catalog A100's figures.
  const models::Scenario s = models::load_scenario_text(yaml, "two-sites.yaml");
  const double share = 24 * 3600.0 / (1000 * 86400.0);
  check_relative(run_metric(r, "training/here", "embodied_co2e_t"), share * s.training[0].costs.embodied_g_per_gpu / 1e6, 1e-12, "embodied");
  check_relative(run_metric(r, "training/here", "gpu_cost_usd"), share * s.training[0].costs.price_usd_per_gpu, 1e-12, "capex");
  CHECK(s.training[0].costs.embodied_g_per_gpu > 0);
  // `there`: its own PUE and an hourly grid (100, 300, 100, 300 g/kWh over its four hours), the
  // datacenter's price.
  const double there_hour_kwh = 16 * 650.0 / 1000;
  check_relative(run_metric(r, "training/there", "it_energy_kwh"), 4 * there_hour_kwh, 1e-12, "there IT");
  check_relative(run_metric(r, "training/there", "facility_energy_kwh"), 1.3 * 4 * there_hour_kwh, 1e-12, "there facility");
  check_relative(run_metric(r, "training/there", "co2e_t"), 1.3 * there_hour_kwh * (100 + 300 + 100 + 300) / 1e6, 1e-12, "there carbon");
  check_relative(run_metric(r, "training/there", "electricity_cost_usd"), 1.3 * 4 * there_hour_kwh * 0.1, 1e-12, "there electricity");
  // `all` sums both.
  check_relative(run_metric(r, "all", "co2e_t"), run_metric(r, "training/here", "co2e_t") + run_metric(r, "training/there", "co2e_t"), 1e-12, "all");
  // The power series: here's 3.2 kW from 2 h to 5 h (steps of 6 min: the mean over each).
  const auto series = capsim::testing::run_series(r, "training/here", "power_kw");
  REQUIRE(series.size() == 101);
  CHECK(series[20].second == 0);   // the step ending at 2 h
  CHECK(series[21].second == doctest::Approx(3.2));
  CHECK(series[50].second == doctest::Approx(3.2));
  CHECK(series[51].second == 0);
}

TEST_CASE("training: located errors for a run past the horizon, a misspelt GPU, both or neither of duration and gpu_hours") {
  auto errors_of = [](const std::string& yaml) {
    try {
      models::load_scenario_text(yaml, "t.yaml");
    } catch (const models::ScenarioError& e) {
      return e.items();
    }
    return std::vector<models::Diagnostic>{};
  };
  const auto late = errors_of("name: t\nhorizon: 10d\ntraining:\n  - {name: a, gpu: V100-SXM2-32GB, gpus: 10, start: 1d, duration: 9.5d}\n");
  REQUIRE(late.size() == 1);
  CHECK(late[0].location == "t.yaml:4:67");
  CHECK(late[0].path == "training.a.duration");
  CHECK(late[0].message.find("ends at 907200 s (10.5 d), after the horizon (864000 s, 10 d)") != std::string::npos);
  const auto hours = errors_of("name: t\nhorizon: 10d\ntraining:\n  - {name: a, gpu: V100-SXM2-32GB, gpus: 10, gpu_hours: 2401}\n");
  REQUIRE(hours.size() == 1);
  CHECK(hours[0].path == "training.a.gpu_hours");
  const auto typo = errors_of("name: t\nhorizon: 10d\ntraining:\n  - {name: a, gpu: V100-SXM2, gpus: 10, duration: 1d}\n");
  REQUIRE(typo.size() == 1);
  CHECK(typo[0].path == "training.a.gpu");
  CHECK(typo[0].message.find("did you mean 'V100-SXM2-32GB'") != std::string::npos);
  const auto both = errors_of("name: t\nhorizon: 10d\ntraining:\n  - {name: a, gpu: TPU-v3, gpus: 10, duration: 1d, gpu_hours: 240}\n");
  REQUIRE(both.size() == 1);
  CHECK(both[0].message.find("one of them") != std::string::npos);
  const auto neither = errors_of("name: t\nhorizon: 10d\ntraining:\n  - {name: a, gpu: TPU-v3, gpus: 10}\n");
  REQUIRE(neither.size() == 1);
  CHECK(neither[0].path == "training.a.duration");
  // Without services or training runs a scenario still says what it lacks.
  const auto empty = errors_of("name: t\nhorizon: 10d\n");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].message.find("missing required key `services`") != std::string::npos);
}

TEST_CASE("sites: a model pool at its own site (fleet.pools[].site) over the datacenter's, the price inherited") {
  const auto run = [](const std::vector<models::Override>& overrides) {
    const auto runs = models::run_replications(models::load_scenario(kValidation + "energy-toy.yaml", overrides), 1);
    REQUIRE(runs.size() == 1);
    return runs[0];
  };
  // energy-toy's datacenter has an hourly PUE (1.1, 1.3) and grid (300, 500) and $0.10/kWh.
  const models::RunResult r = run({{"fleet.pools.gpus.site.pue", "1.5"}, {"fleet.pools.gpus.site.grid.intensity", "200"}});
  const double it_kwh = run_metric(r, "gpus", "it_energy_kwh");
  check_relative(run_metric(r, "gpus", "facility_energy_kwh"), 1.5 * it_kwh, 1e-12, "facility at the pool's PUE");
  check_relative(run_metric(r, "gpus", "co2e_t"), 1.5 * it_kwh * 200 / 1e6, 1e-12, "carbon at the pool's grid");
  check_relative(run_metric(r, "gpus", "electricity_cost_usd"), 1.5 * it_kwh * 0.1, 1e-12, "the datacenter's price");
  // The pool's power is what it was at the datacenter: only the site's rates differ.
  const models::RunResult base = run({});
  CHECK(run_metric(base, "gpus", "it_energy_kwh") == it_kwh);
  CHECK(run_metric(base, "gpus", "facility_energy_kwh") != doctest::Approx(1.5 * it_kwh));
}
