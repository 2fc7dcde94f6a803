// Plain configuration of demand: signup processes, classes of people, the shared population.
// Filled by the scenario loader (models/config); read by the demand, waitlist and service models.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/distribution.hpp"

namespace capsim::models {

struct SignupConfig {
  std::string process = "poisson";                   // poisson, piecewise, bass, gamma, trace
  double rate_per_s = 0;                              // poisson
  std::vector<std::pair<double, double>> rates;       // piecewise: (from s, rate /s), sorted
  double market = 0, p_per_s = 0, q_per_s = 0;        // bass
  double mean_s = 0, cv = 1;                          // gamma
  std::string file, column;                           // trace (file resolved against the scenario)
  bool counts = false;                                // trace: counts per interval instead of timestamps
  double interval_s = 0, scale = 1;                   // trace
  std::vector<double> diurnal, weekly;                // modulation factors (empty: none)
};

struct UserClass {
  std::string name;
  double share = 1;
  int priority = 0;
  std::optional<sim::Distribution> patience_s;  // overrides the service's
  double usage_scale = 1;
};

struct PopulationConfig {
  SignupConfig signups;
  bool leave_on_admission = true;
};

}  // namespace capsim::models
