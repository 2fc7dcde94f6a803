// The seed scenario's headline (scenarios/msft-internal-gpu-queue.yaml): approved jobs wait days
// for GPUs while half the shared pool is reserved for OpenAI and Bing, the lowest-priority team
// longest; the queue empties once the reservation ends (day 90), and without a reservation jobs
// hardly wait at all.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

constexpr double kDay = 86400;
const std::string kFile = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/msft-internal-gpu-queue.yaml";

double series_mean(const models::RunResult& r, const std::string& scope, const std::string& metric, double from, double to) {
  double sum = 0;
  int n = 0;
  for (const auto& [t, v] : run_series(r, scope, metric))
    if (t >= from && t < to) {
      sum += v;
      ++n;
    }
  REQUIRE(n > 0);
  return sum / n;
}

}  // namespace

TEST_CASE("msft-internal-gpu-queue: jobs wait days while half the pool is reserved, and hardly at all without the reservation") {
  const auto reserved = models::run_replications(models::load_scenario(kFile, {{"horizon", "90d"}}), 2);
  for (const auto& r : reserved) {
    CHECK(run_metric(r, "jobs", "gpu_wait_mean_s") > 1 * kDay);
    CHECK(run_metric(r, "jobs/research", "gpu_wait_mean_s") > 3 * kDay);
    CHECK(run_metric(r, "jobs/m365-copilot", "gpu_wait_mean_s") < run_metric(r, "jobs/azure-ai", "gpu_wait_mean_s"));
    CHECK(run_metric(r, "jobs/azure-ai", "gpu_wait_mean_s") < run_metric(r, "jobs/research", "gpu_wait_mean_s"));
    // The VP sign-off: 5 days on average, 40% of requests turned down.
    CHECK(run_metric(r, "jobs", "approval_wait_mean_s") == doctest::Approx(5 * kDay).epsilon(0.1));
    CHECK(run_metric(r, "jobs", "jobs_rejected") / run_metric(r, "jobs", "jobs") == doctest::Approx(0.4).epsilon(0.15));
  }
  const auto unreserved = models::run_replications(models::load_scenario(kFile, {{"horizon", "90d"}, {"fleet.pools.azure-a100.reserved", "0"}}), 2);
  for (const auto& r : unreserved) CHECK(run_metric(r, "jobs", "gpu_wait_mean_s") < 3600);
}

TEST_CASE("msft-internal-gpu-queue: the backlog grows until the reservation ends on day 90, then drains") {
  const auto runs = models::run_replications(models::load_scenario(kFile), 2);
  for (const auto& r : runs) {
    CHECK(series_mean(r, "jobs", "jobs_waiting", 60 * kDay, 90 * kDay) > 20);
    CHECK(series_mean(r, "jobs", "jobs_waiting", 120 * kDay, 180 * kDay) < 1);
    // While reserved, jobs hold what is left of the 62 unreserved servers; after, more.
    CHECK(series_mean(r, "jobs", "gpus_in_use", 60 * kDay, 90 * kDay) <= 62 * 8);
    CHECK(series_mean(r, "jobs", "gpus_in_use", 91 * kDay, 100 * kDay) > 62 * 8);
  }
}
