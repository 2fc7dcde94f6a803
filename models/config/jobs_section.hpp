// Typed reading of the scenario's `jobs:` section (the internal GPU queue), with the checks
// that involve several keys or the fleet it refers to.
#pragma once

#include <optional>
#include <vector>

#include "models/accounting/accounting_config.hpp"
#include "models/config/config_reader.hpp"
#include "models/jobs/jobs_config.hpp"
#include "models/serving/serving_config.hpp"

namespace capsim::models {

// `datacenter`: the scenario's site, if any (deferrable teams wait for its clean hours).
JobsConfig read_jobs(Section& s, const std::vector<PoolConfig>& pools, const std::optional<SiteConfig>& datacenter);

}  // namespace capsim::models
