// Loading a scenario: read the YAML file, apply --set overrides, validate against the parameter
// table and build the typed Scenario. Any problem throws ScenarioError carrying every error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/config/scenario.hpp"

namespace capsim::models {

struct Override {
  std::string key;    // "services.chat.waitlist.capacity" (list items addressed by name)
  std::string value;  // YAML text: "20", "{dist: exponential, mean: 3s}"
};

// Parses "KEY=VALUE"; throws ScenarioError on a malformed one.
Override parse_override(const std::string& text);

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});
Scenario load_scenario_text(const std::string& yaml, const std::string& display_name,
                            const std::vector<Override>& overrides = {});

// The scalar at `key` (addressed as --set addresses it) in the resolved scenario, as written;
// unset when the key is absent or not a scalar.
std::optional<std::string> scenario_value(const Scenario& scenario, const std::string& key);

}  // namespace capsim::models
