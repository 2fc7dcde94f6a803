// The all-waitlists scenario (scenarios/all-waitlists-2023.yaml): one crowd on six waitlists,
// taking the first seat offered. The slow lists admit their full daily waves yet lose nearly
// everyone to the fast ones, and they shrink overnight when Bing (day 42) and ChatGPT plugins
// (day 50) let everyone in; with leave_on_admission false nobody leaves.
#include <map>
#include <string>

#include <doctest/doctest.h>

#include "models/config/scenario_loader.hpp"
#include "models/run/replication.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using capsim::testing::run_metric;
using capsim::testing::run_series;

namespace {

const std::string kFile = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/all-waitlists-2023.yaml";
constexpr double kDay = 86400;

// The value of a daily series at day d (samples at every whole day, 0 included).
double at_day(const std::vector<std::pair<double, double>>& s, int d) {
  REQUIRE(s.size() == 61);
  CHECK(s[static_cast<std::size_t>(d)].first == d * kDay);
  return s[static_cast<std::size_t>(d)].second;
}

}  // namespace

TEST_CASE("all-waitlists-2023: the slow waitlists admit full waves yet lose most of their people to the fast ones") {
  const models::RunResult r = models::run_replication(models::load_scenario(kFile, {}), 0);
  // Copilot X admits 50 a day and Ernie Bot 20: their queues never run dry (about 1,500 and 500
  // join each day), so every one of the 60 daily waves is full.
  CHECK(run_metric(r, "copilot-x", "admitted") == 60 * 50);
  CHECK(run_metric(r, "ernie-bot", "admitted") == 60 * 20);
  // Their members are also on Bing's list (80%) or pay for Midjourney (20%), which let people in
  // far faster: most leave before their turn (left more than ten times those admitted).
  for (const char* slow : {"copilot-x", "ernie-bot"}) {
    INFO(slow);
    CHECK(run_metric(r, slow, "left") > 10 * run_metric(r, slow, "admitted"));
  }
  // Midjourney has no waitlist: everyone who joins is in at once, and leaves no list of its own.
  CHECK(run_metric(r, "midjourney-v5", "admitted") == run_metric(r, "midjourney-v5", "signups"));
  CHECK(run_metric(r, "midjourney-v5", "left") == 0);
  CHECK(run_metric(r, "midjourney-v5", "wait_mean_s") == 0);

  // When Bing drops its waitlist (day 42) it admits everyone on it, and they leave Copilot X's
  // list: that list, which grew through the week before, loses more than half overnight though
  // Copilot X itself admits its usual 50. The same when ChatGPT plugins open to all (day 50).
  const auto copilot = run_series(r, "copilot-x", "waitlist_len");
  const auto bing = run_series(r, "bing", "waitlist_len");
  const double c34 = at_day(copilot, 34), c41 = at_day(copilot, 41), c42 = at_day(copilot, 42), c49 = at_day(copilot, 49),
               c50 = at_day(copilot, 50);
  INFO("copilot-x waiting: day 34 " << c34 << ", 41 " << c41 << ", 42 " << c42 << ", 49 " << c49 << ", 50 " << c50);
  CHECK(c41 > c34);
  CHECK(at_day(bing, 41) > 0);
  CHECK(at_day(bing, 42) == 0);
  CHECK(c42 < 0.5 * c41);
  CHECK(c50 < 0.5 * c49);
}

TEST_CASE("all-waitlists-2023: with leave_on_admission false nobody leaves, and Copilot X's list keeps everyone it did not admit") {
  const models::RunResult r =
      models::run_replication(models::load_scenario(kFile, {{"population.leave_on_admission", "false"}}), 0);
  for (const char* s : {"bing", "chatgpt-plugins", "copilot-x", "firefly", "ernie-bot", "midjourney-v5"}) {
    INFO(s);
    CHECK(run_metric(r, s, "left") == 0);
  }
  // No one gives up (no patience) and the waves are full: the list ends with every signup but
  // the 3,000 admitted.
  CHECK(at_day(run_series(r, "copilot-x", "waitlist_len"), 60) == run_metric(r, "copilot-x", "signups") - 60 * 50);
}
