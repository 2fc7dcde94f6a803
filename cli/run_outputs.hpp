// The output contract of DESIGN.md: runs.csv, metrics.csv, timeseries.csv, summary.csv and
// config.resolved.yaml, each written atomically into `dir`.
#pragma once

#include <filesystem>
#include <vector>

#include "models/replication.hpp"
#include "models/scenario.hpp"

namespace capsim::cli {

void write_run_outputs(const std::filesystem::path& dir, const models::Scenario& scenario,
                       const std::vector<models::RunResult>& results);

}  // namespace capsim::cli
