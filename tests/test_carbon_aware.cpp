// Carbon-aware waves and deferrable jobs (issue 9): which hour a wave or a job goes, computed by
// hand from a 24-value grid profile (scenarios/validation/carbon-waves-small.yaml and
// jobs-deferrable-small.yaml explain each figure), through the real scenario path; the clean-hour
// table itself; and the located errors.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "models/accounting/clean_hours.hpp"
#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/run/experiment.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

constexpr double kHour = 3600;
const std::vector<double> kProfile = {450, 450, 450, 450, 450, 450, 450, 450, 180, 190, 100, 170,
                                      250, 160, 120, 420, 420, 420, 420, 420, 420, 420, 420, 420};

sim::SimTime at_h(double hours) { return sim::from_seconds(hours * kHour); }
double hours_of(sim::SimTime t) { return sim::to_seconds(t) / kHour; }

models::CleanHoursRule threshold_rule(double threshold) {
  models::CleanHoursRule r;
  r.threshold_g_per_kwh = threshold;
  r.grid_g_per_kwh = kProfile;
  return r;
}

models::Scenario validation_with(const std::string& name, const std::vector<models::Override>& overrides) {
  return models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/" + name + ".yaml", overrides);
}

// Where an edited validation file is said to be (its data files are found next to it).
std::string edited_name() { return std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/edited.yaml"; }

// The validation file's text with `cut` (a line or a tail from it on) removed.
std::string validation_text_without(const std::string& name, const std::string& cut, bool tail) {
  std::ifstream in(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/" + name + ".yaml");
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  const std::size_t at = text.find(cut);
  REQUIRE_MESSAGE(at != std::string::npos, cut);
  return tail ? text.substr(0, at) : text.erase(at, cut.size());
}

std::vector<models::Diagnostic> errors_of_text(const std::string& text, const std::vector<models::Override>& overrides) {
  try {
    models::load_scenario_text(text, edited_name(), overrides);
  } catch (const models::ScenarioError& e) {
    return e.items();
  }
  return {};
}

std::vector<models::Diagnostic> errors_of(const std::string& name, const std::vector<models::Override>& overrides) {
  try {
    validation_with(name, overrides);
  } catch (const models::ScenarioError& e) {
    return e.items();
  }
  return {};
}

}  // namespace

TEST_CASE("clean hours: a threshold's next clean hour, across midnight and capped by max_delay") {
  const models::CleanHours clean(threshold_rule(200));
  CHECK(clean.period_hours() == 24);
  CHECK(hours_of(clean.release_at(at_h(3))) == 8);        // dirty night: the morning's first clean hour
  CHECK(hours_of(clean.release_at(at_h(8.5))) == 8.5);    // clean: at once
  CHECK(hours_of(clean.release_at(at_h(12.25))) == 13);   // the one dirty hour at noon
  CHECK(hours_of(clean.release_at(at_h(20))) == 32);      // evening: the next day's 8 h
  CHECK(hours_of(clean.release_at(at_h(24 * 40 + 15))) == 24 * 41 + 8);  // the profile repeats
  models::CleanHoursRule capped = threshold_rule(200);
  capped.max_delay_s = 4 * kHour;
  const models::CleanHours bounded(capped);
  CHECK(hours_of(bounded.release_at(at_h(3))) == 7);       // 3 h + 4 h before 8 h
  CHECK(hours_of(bounded.release_at(at_h(5))) == 8);       // the clean hour first
  CHECK(hours_of(bounded.release_at(at_h(12.5))) == 13);
}

TEST_CASE("clean hours: the N cleanest of each day, ties included, over whole days") {
  models::CleanHoursRule r;
  r.cleanest_hours = 2;
  r.grid_g_per_kwh = kProfile;
  const models::CleanHours two(r);
  CHECK(two.clean_at(at_h(10)));
  CHECK(two.clean_at(at_h(14)));
  CHECK_FALSE(two.clean_at(at_h(13)));
  CHECK(hours_of(two.release_at(at_h(11))) == 14);
  CHECK(hours_of(two.release_at(at_h(15))) == 34);
  r.cleanest_hours = 24;  // every hour: plain waves
  CHECK(hours_of(models::CleanHours(r).release_at(at_h(3.5))) == 3.5);
  r.cleanest_hours = 1;
  r.grid_g_per_kwh = {300};  // a flat grid: every hour ties with the cleanest
  CHECK(models::CleanHours(r).clean_at(at_h(5)));
  // 36 values repeat in whole days after 72 h; each day ranks its own hours.
  r.grid_g_per_kwh.assign(36, 400);
  r.grid_g_per_kwh[30] = 100;  // hour 6 of day 1 in the first period, hour 18 of day 2 in the second
  const models::CleanHours long_profile(r);
  CHECK(long_profile.period_hours() == 72);
  CHECK(hours_of(long_profile.release_at(at_h(24))) == 30);
  CHECK(hours_of(long_profile.release_at(at_h(48))) == 66);  // 36 + 30
  CHECK(long_profile.clean_at(at_h(0)));  // day 0 is flat at 400: every hour ties
}

TEST_CASE("validation: carbon-aware waves go in the first clean hour (event by event)") {
  const auto runs = models::run_replications(load_validation("carbon-waves-small"), 1);
  const models::RunResult& r = runs.front();
  CHECK(run_metric(r, "chat", "admitted") == 10);
  CHECK(run_metric(r, "chat", "wait_mean_s") == 31675.5);
  const auto admitted = run_series(r, "chat", "admitted_users");
  REQUIRE(admitted.size() >= 24);
  for (std::size_t h = 0; h < 24; ++h) {
    INFO("hour " << h);
    CHECK(admitted[h].first == h * kHour);
    CHECK(admitted[h].second == (h < 8 ? 0 : h < 9 ? 6 : h < 13 ? 9 : 10));
  }
}

TEST_CASE("validation: carbon-aware waves in the cleanest hours, and at max_delay when no hour is clean") {
  const auto cleanest = models::run_replications(validation_with("carbon-waves-small", {{"services.chat.waitlist.carbon", "{cleanest_hours: 2}"}}), 1);
  CHECK(run_metric(cleanest.front(), "chat", "wait_mean_s") == 37435.5);
  const auto capped = models::run_replications(
      validation_with("carbon-waves-small", {{"services.chat.waitlist.carbon", "{threshold: 50, max_delay: 2h}"}}), 1);
  CHECK(run_metric(capped.front(), "chat", "wait_mean_s") == 30955.5);
  // cleanest_hours 24 makes every hour clean: the plain waves, wave by wave (3 h, 6 h, 9 h, 12 h).
  const auto every_hour = models::run_replications(validation_with("carbon-waves-small", {{"services.chat.waitlist.carbon", "{cleanest_hours: 24}"}}), 1);
  const auto plain = models::run_replications(
      models::load_scenario_text(validation_text_without("carbon-waves-small", "      carbon: {threshold: 200}\n", false), edited_name()), 1);
  const double plain_wait = (3 * 3 * kHour + 3 * 6 * kHour + 3 * 9 * kHour + 12 * kHour - 45) / 10;
  CHECK(run_metric(every_hour.front(), "chat", "wait_mean_s") == plain_wait);
  CHECK(run_metric(plain.front(), "chat", "wait_mean_s") == plain_wait);
}

TEST_CASE("validation: deferrable jobs wait for the next clean hour before they queue for GPUs") {
  const auto runs = models::run_replications(load_validation("jobs-deferrable-small"), 1);
  const models::RunResult& r = runs.front();
  CHECK(run_metric(r, "jobs/training", "defer_wait_mean_s") == doctest::Approx(68 * kHour / 9).epsilon(1e-12));
  CHECK(run_metric(r, "jobs", "defer_wait_mean_s") == doctest::Approx(68 * kHour / 9).epsilon(1e-12));
  CHECK(run_metric(r, "jobs/training", "jobs_started") == 7);
  CHECK(run_metric(r, "jobs/training", "gpu_wait_mean_s") == 0);
  CHECK(run_metric(r, "jobs/eval", "jobs_started") == 6);  // 7, 14, ..., 42 h: not deferred
  for (const sim::Measurement& m : r.metrics) CHECK_FALSE((m.scope == "jobs/eval" && m.metric == "defer_wait_mean_s"));
  // Their carbon: one H100 (700 W, PUE 1.12 by default) for 1 h per job. The deferred jobs run
  // at hours of day 8, 10, 8, 8, 8, 8, 11 (180 + 100 + 4 x 180 + 170 = 1170 g/kWh-hours); the
  // others at 7, 14, 21, 4, 11, 18 (450 + 120 + 420 + 450 + 170 + 420 = 2030).
  const double kwh_per_job = 0.7 * 1.12;
  CHECK(run_metric(r, "jobs/training", "co2e_t") == doctest::Approx(kwh_per_job * 1170 / 1e6).epsilon(1e-9));
  CHECK(run_metric(r, "jobs/eval", "co2e_t") == doctest::Approx(kwh_per_job * 2030 / 1e6).epsilon(1e-9));
  CHECK(run_metric(r, "jobs/training", "facility_energy_kwh") == doctest::Approx(7 * kwh_per_job).epsilon(1e-9));
}

TEST_CASE("carbon rules: located errors without a datacenter, with no clean hour, with both rules, outside waves") {
  auto first_error = [](const std::vector<models::Diagnostic>& errors, const std::string& path) {
    for (const models::Diagnostic& d : errors)
      if (d.path == path) return d.text();
    return std::string("(no error at ") + path + ")";
  };
  const auto no_site = errors_of_text(validation_text_without("carbon-waves-small", "datacenter:", true), {});
  CHECK(first_error(no_site, "services.chat.waitlist.carbon").find("needs a top-level `datacenter:`") != std::string::npos);
  CHECK(first_error(no_site, "services.chat.waitlist.carbon").find("edited.yaml:25:") != std::string::npos);
  const auto never = errors_of("carbon-waves-small", {{"services.chat.waitlist.carbon.threshold", "50"}});
  CHECK(first_error(never, "services.chat.waitlist.carbon.threshold").find("its lowest is 100") != std::string::npos);
  const auto both = errors_of("carbon-waves-small", {{"services.chat.waitlist.carbon.cleanest_hours", "3"}});
  CHECK(first_error(both, "services.chat.waitlist.carbon.cleanest_hours").find("one of them") != std::string::npos);
  const auto range = errors_of("carbon-waves-small", {{"services.chat.waitlist.carbon", "{cleanest_hours: 25}"}});
  CHECK(first_error(range, "services.chat.waitlist.carbon.cleanest_hours").find("25") != std::string::npos);
  const auto fifo = errors_of("carbon-waves-small", {{"services.chat.waitlist.policy", "fifo"}, {"services.chat.waitlist.capacity", "5"}});
  CHECK(first_error(fifo, "services.chat.waitlist.carbon").find("applies only to policy: waves") != std::string::npos);
  const auto jobs_no_site = errors_of_text(validation_text_without("jobs-deferrable-small", "datacenter:", true), {});
  CHECK(first_error(jobs_no_site, "jobs.teams.training.deferrable").find("needs a top-level `datacenter:`") != std::string::npos);
  const auto jobs_never = errors_of("jobs-deferrable-small", {{"jobs.teams.training.deferrable.threshold", "10"}});
  CHECK(first_error(jobs_never, "jobs.teams.training.deferrable.threshold").find("no hour") != std::string::npos);
  CHECK(errors_of("jobs-deferrable-small", {{"jobs.teams.training.deferrable", "{threshold: 10, max_delay: 1d}"}}).empty());
}
