// Plain configuration of energy, carbon and cost accounting: the site (`datacenter:`) and each
// pool's power by state and cost per GPU. Filled by the loader (models/config); defaults and
// their sources are in the parameter table.
#pragma once

#include <cstdint>
#include <vector>

namespace capsim::models {

// The datacenter the fleet runs in. Each profile holds one value (constant) or one value per
// hour, repeated over the horizon (hour 0 at time 0).
struct SiteConfig {
  std::vector<double> pue{1.0};
  std::vector<double> grid_g_per_kwh{0.0};     // gCO2e per kWh drawn from the grid
  std::vector<double> price_usd_per_kwh{0.0};  // electricity
  double gpu_lifetime_s = 0;                   // over which capex and embodied carbon are spread
  double usd_per_cny = 0;                      // for prices written in yuan

  bool operator==(const SiteConfig&) const = default;
};

// What a GPU draws in each state, in W, and what it costs. `decode_w` is the draw at batch
// `decode_full_batch` and above; below, decode_w x (share_batch_1 + (1 - share_batch_1) x
// batch / decode_full_batch) (1: flat, as SplitwiseSim's constant).
struct GpuPower {
  double idle_w = 0, prefill_w = 0, decode_w = 0;
  double busy_w = 0;   // fixed pools: a replica serving a request or batch
  double training_w = 0;  // a replica lent to a job (models/jobs), either kind of pool
  double down_w = 0;   // failed (down for repair)
  double overhead_w = 0;  // per GPU while up: CPUs, memory, network, fans
  double decode_share_batch_1 = 1;
  std::int64_t decode_full_batch = 1;
};

struct PoolAccounting {
  GpuPower power;
  double embodied_g_per_gpu = 0;       // manufacturing, spread over the site's gpu_lifetime
  double price_usd_per_gpu = 0;        // capex, spread over the site's gpu_lifetime
  double rental_usd_per_gpu_hour = 0;  // > 0: rented, instead of bought (no capex)
};

}  // namespace capsim::models
