// Inputs kept from fuzzing and hostile-input work (tests/fuzz_regressions/): each must load or
// be refused with a ScenarioError -- never crash, hang or throw anything else.
#include <doctest/doctest.h>

#include <filesystem>

#include "models/config/diagnostics.hpp"
#include "models/run/resource_estimate.hpp"
#include "models/config/scenario_loader.hpp"

TEST_CASE("fuzz regressions: every kept input loads or is refused with a scenario error") {
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(CAPSIM_SOURCE_DIR) + "/tests/fuzz_regressions")) {
    ++files;
    INFO(e.path().string());
    bool refused = false;
    try {
      const capsim::models::Scenario s = capsim::models::load_scenario(e.path().string());
      (void)capsim::models::estimate_resources(s);
    } catch (const capsim::models::ScenarioError& err) {
      refused = true;
      CHECK_FALSE(err.items().empty());
    }
    CHECK(refused);  // each kept input is a broken scenario
  }
  CHECK(files >= 4);
}
