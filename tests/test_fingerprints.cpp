// Fingerprints: each reference scenario's event trajectory and metrics, hashed, must equal the
// values recorded in tests/fingerprints.txt -- in every build (Release and the sanitizer Debug
// build check the same file, so they must agree bit for bit). A change of behaviour that is
// intended updates the file: the failure message prints the new line.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "models/run/replication.hpp"
#include "models/config/scenario_loader.hpp"
#include "sim/random_streams.hpp"

using namespace capsim;

namespace {

struct Reference {
  const char* scenario;                     // under scenarios/
  std::vector<models::Override> overrides;  // kept short so the test runs in a second
};

std::string fingerprint_line(const Reference& ref) {
  const models::Scenario s = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/" + ref.scenario, ref.overrides);
  const models::RunResult r = models::run_replication(s, 0, {.fingerprint = true});
  std::string metrics;
  for (const sim::Measurement& m : r.metrics) metrics += fmt::format("{},{},{}\n", m.scope, m.metric, m.value);
  return fmt::format("{} {:016x} {:016x} {}", ref.scenario, r.fingerprint, sim::fnv1a64(metrics), r.events);
}

}  // namespace

TEST_CASE("fingerprints of the reference scenarios are unchanged") {
  const std::vector<Reference> refs = {
      {"validation/erlang-c-10-9.yaml", {{"horizon", "2000s"}, {"warmup", "100s"}}},
      {"validation/erlang-a-10-1.2.yaml", {{"horizon", "2000s"}, {"warmup", "100s"}}},
      {"validation/erlang-b-10-0.8.yaml", {{"horizon", "2000s"}, {"warmup", "100s"}}},
      {"validation/priority-cobham.yaml", {{"horizon", "5000s"}, {"warmup", "100s"}}},
      {"validation/lottery-mm1.yaml", {{"horizon", "5000s"}, {"warmup", "100s"}}},
      {"validation/waves-small.yaml", {}},
      {"validation/referral-small.yaml", {}},
      {"validation/population-small.yaml", {}},
      {"validation/feedback-rate.yaml", {{"horizon", "6h"}}},
      {"validation/bass-adoption.yaml", {{"services.chat.signups.market", "20k"}}},
      {"validation/diurnal-poisson.yaml", {{"horizon", "6h"}}},
      {"bing-2023.yaml", {{"horizon", "12h"}, {"services.chat.signups.rates", "[{from: 0s, rate: 2/s}]"}}},
      {"validation/session-renewal.yaml", {{"horizon", "2d"}}},
      {"validation/usage-scale.yaml", {{"horizon", "10000s"}}},
      {"validation/feedback-sessions.yaml", {}},
      {"validation/weekly-poisson.yaml", {{"horizon", "1d"}}},
      {"validation/population-stay.yaml", {}},
      {"validation/capacity-schedule.yaml", {}},
      {"validation/day-cap.yaml", {}},
      {"validation/serving-erlang-c-10-9.yaml", {{"horizon", "2000s"}, {"warmup", "100s"}}},
  };
  std::map<std::string, std::string> recorded;
  std::ifstream in(std::string(CAPSIM_SOURCE_DIR) + "/tests/fingerprints.txt");
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') recorded[line.substr(0, line.find(' '))] = line;
  std::string all;
  for (const Reference& ref : refs) all += fingerprint_line(ref) + "\n";
  std::istringstream lines(all);
  for (std::string line; std::getline(lines, line);) {
    const std::string name = line.substr(0, line.find(' '));
    INFO("if the change is intended, tests/fingerprints.txt gets this line:\n" << line);
    CHECK(recorded[name] == line);
  }
}
