// The Azure OpenAI application review (scenarios/azure-openai-2023.yaml): approvals, not
// applications, set the pace while the queue is long; the queue grows by exactly the gap between
// applications and approvals after GPT-4, and peaks when applications fall below approvals.
#include <string>

#include <doctest/doctest.h>

#include "models/config/scenario_loader.hpp"
#include "models/run/replication.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using capsim::testing::run_series;

TEST_CASE("azure-openai-2023: reviews set the pace, the queue grows by the gap after GPT-4 and peaks when applications fall") {
  const models::RunResult r =
      models::run_replication(models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/azure-openai-2023.yaml", {}), 0);
  const double day = 86400;
  const auto admitted = run_series(r, "aoai", "admitted_users");
  const auto waiting = run_series(r, "aoai", "waitlist_len");
  REQUIRE(waiting.size() == 281);  // days 0..280
  auto value_at = [&](int d) { return waiting[static_cast<std::size_t>(d)].second; };
  // admitted_users is the running count; the approvals in (d0, d1] are its difference.
  auto approved = [&](int d0, int d1) {
    return admitted[static_cast<std::size_t>(d1)].second - admitted[static_cast<std::size_t>(d0)].second;
  };
  // While the queue holds more than a day's batch, every daily batch is full: approvals are
  // the review rate times the days, whatever the applications. (Before GPT-4 the queue grows by
  // 5 a day on average, so it is past a batch of 25 from about day 5 on; from day 30 surely.)
  for (int d = 30; d < 99; ++d) REQUIRE(value_at(d) > 25);
  for (int d = 99; d <= 180; ++d) REQUIRE(value_at(d) > 95);
  CHECK(approved(30, 90) == 60 * 25);
  CHECK(approved(100, 180) == 80 * 95);
  // Days 65-98: 120 applications a day against 25 approvals; with nobody withdrawing, the
  // queue grows by the gap, 95 a day, give or take the Poisson spread of the applications
  // (sd sqrt(120 x 33) = 63; 4 sd allowed).
  const double growth = value_at(98) - value_at(65);
  INFO("queue growth days 65-98: " << growth << " (expected 95 x 33 = 3135)");
  CHECK(std::abs(growth - 95.0 * 33) < 4 * std::sqrt(120.0 * 33));
  // The queue peaks when applications fall below approvals (day 150: 50 a day against 95); it
  // grows by 15 a day before, so the peak is within the ten days up to it.
  int peak_day = 0;
  for (int d = 0; d <= 280; ++d)
    if (value_at(d) > value_at(peak_day)) peak_day = d;
  INFO("peak " << value_at(peak_day) << " on day " << peak_day);
  CHECK(peak_day >= 140);
  CHECK(peak_day <= 151);
  CHECK(waiting[static_cast<std::size_t>(peak_day)].first == peak_day * day);
}
