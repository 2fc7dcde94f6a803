// Validation of the internal GPU queue (models/jobs): a pool used by jobs alone is M/M/c
// (Erlang C) in its GPU wait; approval thins the stream (binomial rejections) and delays it; two
// priorities obey Cobham's formula for M/M/c. Scenario: scenarios/validation/jobs-erlang-c-10-9.yaml
// (times in hours there; metrics in seconds).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "tests/queueing_formulas.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

constexpr double kHour = 3600;
const std::string kJobsFile = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/jobs-erlang-c-10-9.yaml";

std::vector<models::RunResult> run_jobs(const std::vector<models::Override>& overrides) {
  return models::run_replications(models::load_scenario(kJobsFile, overrides), 2);
}

}  // namespace

TEST_CASE("validation: jobs, a pool of 10 replicas used by jobs alone at a = 9 is Erlang C") {
  const auto runs = run_jobs({});
  const double c = erlang_c(10, 9.0);  // 0.668732
  check_exact(runs, "gpu_wait_mean_s", c / (10 - 9.0) * kHour, "jobs");
  check_exact(runs, "p_gpu_wait", c, "jobs");
  check_exact(runs, "gpu_wait_p90_s", std::log(10 * c) / (10 - 9.0) * kHour, "jobs");  // P(Wq > t) = C e^{-(c mu - lambda) t}
  check_exact(runs, "gpus_in_use_mean", 9.0, "jobs");
  for (const auto& r : runs) {
    CHECK(run_metric(r, "jobs", "jobs_rejected") == 0);
    CHECK(run_metric(r, "jobs", "approval_wait_mean_s") == 0);
    CHECK(run_metric(r, "jobs/research", "gpu_wait_mean_s") == run_metric(r, "jobs", "gpu_wait_mean_s"));
    // GPU-hours of completed jobs: about one per job (1 GPU x 1 h on average).
    const double done = run_metric(r, "jobs", "jobs_completed");
    CHECK(std::abs(run_metric(r, "jobs", "gpu_hours") - done) <= 4 * std::sqrt(done));
    // Serving saw none of it: the pool's own requests and busy share stay 0.
    CHECK(run_metric(r, "gpus", "utilization") == 0);
  }
}

TEST_CASE("validation: jobs, approval with probability 0.7 after an exponential 2 h rejects 30% and leaves M/M/c at a = 6.3") {
  const auto runs = run_jobs({{"jobs.teams.research.approval", "{delay: {dist: exponential, mean: 2h}, probability: 0.7}"}});
  check_exact(runs, "approval_wait_mean_s", 2 * kHour, "jobs");
  check_exact(runs, "gpu_wait_mean_s", erlang_c(10, 6.3) / (10 - 6.3) * kHour, "jobs");
  double jobs = 0, rejected = 0;
  for (const auto& r : runs) {
    jobs += run_metric(r, "jobs", "jobs");
    rejected += run_metric(r, "jobs", "jobs_rejected");
  }
  // Binomial: within 4 standard deviations of 0.3 (jobs decided after the horizon are few).
  INFO("rejected / jobs = " << rejected / jobs);
  CHECK(std::abs(rejected / jobs - 0.3) <= 4 * std::sqrt(0.3 * 0.7 / jobs) + 10 / jobs);
}

TEST_CASE("validation: jobs, two team priorities on M/M/10 follow Cobham's formula") {
  // 3/h high priority, 6/h low, exponential 1 h each: rho = 0.9.
  const auto runs = run_jobs({{"jobs.teams", "[{name: high, priority: 0, arrivals: {rate: 3/h}, duration: {dist: exponential, mean: 1h}},"
                                             " {name: low, priority: 1, arrivals: {rate: 6/h}, duration: {dist: exponential, mean: 1h}}]"}});
  const std::vector<double> lambdas{3, 6};
  const double high = mmc_priority_wait(10, lambdas, 0) * kHour, low = mmc_priority_wait(10, lambdas, 1) * kHour;
  check_exact(runs, "gpu_wait_mean_s", high, "jobs/high");  // 343.9 s
  check_exact(runs, "gpu_wait_mean_s", low, "jobs/low");    // 3439 s
  check_exact(runs, "gpu_wait_mean_s", erlang_c(10, 9.0) * kHour, "jobs");  // the mix waits as FIFO would (conservation)
  for (const auto& r : runs) CHECK(run_metric(r, "jobs/high", "gpu_wait_mean_s") < run_metric(r, "jobs/low", "gpu_wait_mean_s"));
}
