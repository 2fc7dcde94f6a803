// Typed reading of the scenario's `training:` list: each run's accelerators (a catalog entry,
// with did-you-mean), its span (`duration`, or `gpu_hours` / gpus) within the horizon, its draw
// per chip (default: the catalog tdp) and an optional `site` over the datacenter's.
#pragma once

#include <string>
#include <vector>

#include "models/accounting/accounting_config.hpp"
#include "models/catalog/catalog.hpp"
#include "models/config/config_reader.hpp"
#include "models/training/training_config.hpp"

namespace capsim::models {

// `items`: the list's entries; `datacenter`: the run's site, which a run's `site` overrides.
std::vector<TrainingRunConfig> read_training(std::vector<Section>& items, const SiteConfig& datacenter, double horizon_s, const Catalog& catalog,
                                             std::vector<std::string>& notes);

}  // namespace capsim::models
