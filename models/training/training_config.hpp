// Plain configuration of the `training:` section: runs that hold a number of accelerators at a
// measured mean draw for a while (the rows of Patterson et al. 2021 Table 4, LLaMA's, BLOOM's).
// Filled by the loader (models/config/training_section.cpp); defaults and sources are in the
// parameter table.
#pragma once

#include <optional>
#include <string>

#include "models/accounting/accounting_config.hpp"

namespace capsim::models {

struct TrainingRunConfig {
  std::string name;      // metrics under scope training/NAME
  std::string gpu;       // the catalog entry's name
  double gpus = 0;       // accelerators held for the whole run
  double start_s = 0;
  double duration_s = 0;
  double watts_per_gpu = 0;           // measured mean draw per chip (host share included, as Patterson counts it)
  PoolAccounting costs;               // embodied carbon and price per GPU (the catalog's); power unused
  std::optional<SiteConfig> site;     // absent: the run's `datacenter`
};

}  // namespace capsim::models
