// libFuzzer harness: any bytes as a scenario file. The loader must either build a Scenario or
// throw ScenarioError (reported as exit 2); anything else -- another exception, a crash, a
// sanitizer report, a hang -- is a bug. Built and run by scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/config/diagnostics.hpp"
#include "models/run/resource_estimate.hpp"
#include "models/config/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const capsim::models::Scenario s = capsim::models::load_scenario_text(text, "fuzz.yaml");
    (void)capsim::models::estimate_resources(s);
  } catch (const capsim::models::ScenarioError&) {
  }
  return 0;
}
