// Typed reading of the scenario's `datacenter:` section (the site: PUE, grid intensity,
// electricity price, GPU lifetime), of the sites that override it for one account (a training
// run's `site:`), and of each pool's `energy:` (power by state, GPU costs), whose defaults come
// from the pool's catalog GPU.
#pragma once

#include <string>
#include <vector>

#include "models/accounting/accounting_config.hpp"
#include "models/catalog/catalog.hpp"
#include "models/config/config_reader.hpp"
#include "models/serving/serving_config.hpp"

namespace capsim::models {

// A grid `region` (and `year`) is looked up in `catalog`'s grid-intensity table; what was found
// goes to `notes` (config.resolved.yaml's head).
SiteConfig read_datacenter(Section& s, const Catalog& catalog, std::vector<std::string>& notes);
// The site keys (pue or pue_hourly, grid, electricity) of `s`, which is the datacenter or a site
// that overrides it (a training run's `site:`, declared by the "@site" template without
// defaults): what `s` does not say is `base`'s.
SiteConfig read_site(Section& s, const SiteConfig& base, const Catalog& catalog, std::vector<std::string>& notes);
// `pool` as read so far; it serves a model (its llm part names the GPU whose figures are the defaults).
PoolAccounting read_pool_accounting(Section& s, const PoolConfig& pool);

}  // namespace capsim::models
