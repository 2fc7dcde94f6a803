// Plain configuration of the serving fleet: pools of replicas that answer the services' requests.
// This first form serves with `fixed` service times: a replica holds one request at a time for a
// drawn service time (the queueing checks of VALIDATION.md, image generation). Continuous
// batching with roofline step times comes next (../shared/SERVING.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/distribution.hpp"

namespace capsim::models {

struct PoolConfig {
  std::string name;
  std::int64_t replicas = 1;
  sim::Distribution service_time_s = sim::Distribution::deterministic(1);  // per request
  std::optional<std::int64_t> queue_limit;  // absent: unlimited; a request finding it full is rejected
};

}  // namespace capsim::models
