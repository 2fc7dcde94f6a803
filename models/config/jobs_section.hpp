// Typed reading of the scenario's `jobs:` section (the internal GPU queue), with the checks
// that involve several keys or the fleet it refers to.
#pragma once

#include <vector>

#include "models/config/config_reader.hpp"
#include "models/jobs/jobs_config.hpp"
#include "models/serving/serving_config.hpp"

namespace capsim::models {

JobsConfig read_jobs(Section& s, const std::vector<PoolConfig>& pools);

}  // namespace capsim::models
