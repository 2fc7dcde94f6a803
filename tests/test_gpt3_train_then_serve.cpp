// scenarios/gpt3-train-then-serve.yaml: the day a ChatGPT-like service's cumulative inference
// energy passes GPT-3's training energy, read from the run's facility_energy_kwh series and
// checked against a hand computation from the file's own numbers: the training's energy exactly,
// and the crossover between the times the fleet's facility power bounds give.
#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "models/config/scenario_loader.hpp"
#include "models/run/experiment.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using capsim::testing::run_metric;
using capsim::testing::run_series;

TEST_CASE("gpt3-train-then-serve: inference passes GPT-3's training energy on day 3, within the hand-computed bounds") {
  const models::Scenario s = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/gpt3-train-then-serve.yaml");
  const auto runs = models::run_replications(s, 1);
  REQUIRE(runs.size() == 1);
  const models::RunResult& r = runs[0];

  // Training: 10 chips x 14.8 days x 330 W x PUE 1.10 (Patterson's GPT-3 row at 1:1000).
  const models::TrainingRunConfig& train = s.training.at(0);
  const double train_kwh = train.gpus * train.duration_s * train.watts_per_gpu * train.site->pue.at(0) / 3.6e6;
  CHECK(train_kwh == doctest::Approx(1289.376).epsilon(1e-12));
  CHECK(std::abs(run_metric(r, "training/gpt-3", "facility_energy_kwh") - train_kwh) <= 1e-9 * train_kwh);

  // The crossover: the first hourly sample at which the pool's cumulative facility energy is
  // above the training's.
  const auto served = run_series(r, "a100", "facility_energy_kwh");
  REQUIRE(served.size() == 15 * 24 + 1);
  double crossover_h = -1;
  for (const auto& [t, kwh] : served)
    if (kwh > train_kwh) {
      crossover_h = t / 3600;
      break;
    }
  REQUIRE(crossover_h > 0);
  // The series ends at the pool's metric, and `all` is the pool plus the training.
  CHECK(served.back().second == doctest::Approx(run_metric(r, "a100", "facility_energy_kwh")).epsilon(1e-12));
  CHECK(run_series(r, "all", "facility_energy_kwh").back().second ==
        doctest::Approx(run_metric(r, "a100", "facility_energy_kwh") + train_kwh).epsilon(1e-12));
  // Carbon so far (co2e_kg, for scripts/plot.py's carbon over time) likewise ends at co2e_t, and
  // never falls.
  const auto carbon = run_series(r, "all", "co2e_kg");
  REQUIRE(carbon.size() == served.size());
  CHECK(carbon.back().second == doctest::Approx(1000 * run_metric(r, "all", "co2e_t")).epsilon(1e-12));
  for (std::size_t i = 1; i < carbon.size(); ++i) CHECK(carbon[i].second >= carbon[i - 1].second);

  // Hand bounds on the fleet's facility power, from the file's numbers: 4 replicas x 8 GPUs at
  // PUE 1.12, each GPU drawing idle, decode or prefill power plus the server overhead.
  const models::PoolConfig& pool = s.pools.at(0);
  const models::GpuPower& w = pool.accounting->power;
  const double gpus = static_cast<double>(pool.replicas * pool.gpus_per_replica), pue = s.site->pue.at(0);
  const double idle = w.idle_w + w.overhead_w, decode = w.decode_w + w.overhead_w, prefill = w.prefill_w + w.overhead_w;
  REQUIRE(w.decode_share_batch_1 == 1);  // decode draws decode_w at any batch
  REQUIRE(idle < decode);
  REQUIRE(decode < prefill);
  // Busy (prefill or decode) a share `u` of the time, and in prefill at most a share `p`: each
  // prefill step holds up the first token of the requests it carries, so the time in prefill
  // steps is at most the sum of the times to first token.
  const double horizon = s.horizon_s;
  const double u = run_metric(r, "a100", "utilization");
  const double p = run_metric(r, "a100", "completed") * run_metric(r, "a100", "ttft_mean_s") / (static_cast<double>(pool.replicas) * horizon);
  REQUIRE(p < 1);
  const double low_kw = gpus * pue * (u * decode + (1 - u) * idle) / 1000;
  const double high_kw = gpus * pue * (decode + p * (prefill - decode)) / 1000;
  const double earliest_h = train_kwh / high_kw, latest_h = train_kwh / low_kw;
  INFO("crossover at " << crossover_h << " h; bounds " << earliest_h << " - " << latest_h << " h");
  CHECK(crossover_h >= earliest_h);
  CHECK(crossover_h <= latest_h + 1);  // the first hourly sample after the crossing
  // The headline: both bounds fall on day 3 (48-72 h).
  CHECK(earliest_h > 48);
  CHECK(latest_h + 1 <= 72);
  CHECK(std::ceil(crossover_h / 24) == 3);
}
