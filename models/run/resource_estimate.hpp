// What a run will need, estimated from the scenario before it starts, so that an impossible
// run is refused at once with the parameter to change instead of failing hours later.
#pragma once

#include <string>

#include "models/config/scenario.hpp"

namespace capsim::models {

struct ResourceEstimate {
  double signups = 0;            // expected signups of one replication, all services
  double peak_bytes = 0;         // upper estimate of one replication's memory
  std::string largest;           // the signup process that brings the most people, e.g. "services.chat.signups"
  double largest_signups = 0;
};

// Expected number of arrivals of a signup process over [0, horizon].
double expected_signups(const SignupConfig& config, double horizon_s);

ResourceEstimate estimate_resources(const Scenario& scenario);

}  // namespace capsim::models
