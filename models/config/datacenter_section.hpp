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
// that overrides it (a training run's or a pool's `site:`, declared by the "@site" template
// without defaults): what `s` does not say is `base`'s.
SiteConfig read_site(Section& s, const SiteConfig& base, const Catalog& catalog, std::vector<std::string>& notes);
// `pool` as read so far. A model pool's llm part names the GPU whose figures are the defaults; a
// fixed pool's is `fixed_gpu` (its optional `gpu`), and without one its figures default to 0
// (the loader asks for `gpu` or energy.idle and energy.busy).
// `gpu_price` may be written in yuan ("240000 CNY"), converted at `usd_per_cny`.
PoolAccounting read_pool_accounting(Section& s, const PoolConfig& pool, const GpuSpec* fixed_gpu = nullptr, double usd_per_cny = 0);
// The `energy` section of a pool item (fleet.pools[]) under a datacenter, model or fixed; a fixed
// pool's `gpu` is looked up in `catalog` (did-you-mean when unknown). An `energy.power_cap` below
// a model pool's GPU TDP scales the pool's peak FLOP/s (its roofline) by cap / TDP.
PoolAccounting read_pool_energy(Section& pool_item, PoolConfig& pool, const Catalog& catalog, double usd_per_cny);

}  // namespace capsim::models
