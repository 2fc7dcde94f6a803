// The arms of a sweep: the scenario's `sweep:` block (grid: cartesian lists, zip: lockstep
// lists) and `--grid KEY=V1,V2,...` flags, as plain lists of --set overrides.
#pragma once

#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"

namespace capsim::models {

// One dimension of a sweep: a grid key (one key) or the zip group (every zip key in lockstep).
// values[i][k] is the i-th value of keys[k], as YAML text (what --set takes).
struct SweepAxis {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;
};

struct SweepSpec {
  std::vector<SweepAxis> axes;  // the arms are their cartesian product, the last varying fastest
  // The swept keys in column order (runs.csv, summary.csv).
  std::vector<std::string> keys() const;
  // Number of arms (1 with no axis: the scenario itself).
  std::size_t arms() const;
  // The overrides of arm `arm` (0-based), in key order.
  std::vector<Override> arm(std::size_t arm) const;
};

// Reads `sweep:` of the scenario file `path` (absent: no axes) and adds each --grid flag as a
// grid axis (replacing a grid key of the same name). Throws ScenarioError with located errors.
SweepSpec read_sweep(const std::string& path, const std::vector<std::string>& grid_flags);
SweepSpec read_sweep_text(const std::string& yaml, const std::string& display_name, const std::vector<std::string>& grid_flags);

}  // namespace capsim::models
