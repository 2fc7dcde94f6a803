// Plain configuration of one service: where its signups come from, its waitlist and its usage.
#pragma once

#include <optional>
#include <string>

#include "sim/distribution.hpp"

#include "models/demand/demand_config.hpp"
#include "models/usage/usage_config.hpp"
#include "models/waitlist/waitlist_config.hpp"

namespace capsim::models {

struct ServiceConfig {
  std::string name;
  std::optional<SignupConfig> signups;  // its own signups
  double join = 0;                      // probability of joining from the shared population
  WaitlistConfig waitlist;
  UsageConfig usage;
  std::string pool;  // the fleet pool serving its requests; empty: answered at once
  std::optional<sim::Distribution> timeout_s;  // users give up on a request without a first token by then
  // Service-level objectives: a completed request is within them if its time to first token and
  // its time per output token are at most these (absent: no bound); slo_attainment is the share
  // of answered requests (completed, rejected or given up) that are.
  std::optional<double> slo_ttft_s, slo_tpot_s;
  double retry_probability = 0;                // after a rejection or a timeout, the user tries again...
  std::optional<sim::Distribution> retry_delay_s;  // ...after this delay; otherwise the session ends
};

}  // namespace capsim::models
