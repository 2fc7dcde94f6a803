#include "models/config/datacenter_section.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "models/accounting/hourly_rate.hpp"
#include "models/config/catalog_lookup.hpp"
#include "models/config/grid_intensity_lookup.hpp"

namespace capsim::models {
namespace {

// `constant_key` or `hourly_key` (one value per hour, repeated), not both; neither, and no
// default declared for `constant_key` (a site override): `inherited`.
std::vector<double> read_profile(Section& s, const char* constant_key, const char* hourly_key, double min, const std::vector<double>& inherited) {
  if (s.has(constant_key) && s.has(hourly_key))
    s.error_at(hourly_key, fmt::format("give either `{}` (constant) or `{}` (hourly), not both", constant_key, hourly_key));
  if (!s.has(hourly_key)) {
    const std::optional<double> constant = s.optional_number(constant_key);
    return constant ? std::vector<double>{*constant} : inherited;
  }
  std::vector<double> hourly = s.numbers(hourly_key);
  if (hourly.empty()) s.error_at(hourly_key, "needs at least one hourly value (hour 0 first)");
  for (double v : hourly)
    if (v >= 0 && v < min) s.error_at(hourly_key, fmt::format("every value must be >= {}, got {}", min, v));
  if (hourly.size() > HourlyRate::kMaxHours) s.error_at(hourly_key, fmt::format("at most {} hourly values", HourlyRate::kMaxHours));
  return hourly.empty() ? std::vector<double>{min} : hourly;
}

}  // namespace

SiteConfig read_site(Section& s, const SiteConfig& base, const Catalog& catalog, std::vector<std::string>& notes) {
  SiteConfig site = base;
  site.pue = read_profile(s, "pue", "pue_hourly", 1.0, base.pue);
  Section grid = s.section("grid");
  if (grid.has("region")) {
    // A yearly average from the catalog's grid-intensity table (`capsim catalog --grid`).
    if (grid.has("intensity") || grid.has("hourly"))
      grid.error_at("region", "give a `region` (with an optional `year`) or an `intensity` or `hourly` profile, not both");
    const std::string region = grid.text("region");
    std::optional<int> year;
    if (grid.has("year")) year = static_cast<int>(grid.number("year"));
    site.grid_g_per_kwh = {0.0};
    try {
      const GridIntensity g = grid_intensity(catalog.grid_intensity(), region, year);
      site.grid_g_per_kwh = {g.g_per_kwh};
      notes.push_back(fmt::format("{}.region: {}", grid.path(), describe(g)));
    } catch (const GridLookupError& e) {
      const bool unknown_region = std::string_view(e.what()).starts_with("unknown grid region");
      grid.error_at(year && !unknown_region ? "year" : "region", e.what());
    }
  } else {
    if (grid.has("year")) grid.error_at("year", "a `year` needs a `region` (e.g. region: US-MIDA-PJM, year: 2023)");
    site.grid_g_per_kwh = read_profile(grid, "intensity", "hourly", 0.0, base.grid_g_per_kwh);
  }
  Section electricity = s.section("electricity");
  site.price_usd_per_kwh = read_profile(electricity, "price", "hourly", 0.0, base.price_usd_per_kwh);
  const HourlyRate pue(site.pue);
  for (const std::vector<double>* other : {&site.grid_g_per_kwh, &site.price_usd_per_kwh})
    if (HourlyRate::product_hours(pue, HourlyRate(*other)) > HourlyRate::kMaxHours)
      s.error_at("pue_hourly", "the PUE and grid (or price) profiles repeat together only after more than a million hours: use periods such as 24, 168 or 8760 hours");
  return site;
}

SiteConfig read_datacenter(Section& s, const Catalog& catalog, std::vector<std::string>& notes) {
  SiteConfig site = read_site(s, SiteConfig{}, catalog, notes);
  site.gpu_lifetime_s = s.number("gpu_lifetime");
  site.usd_per_cny = s.number("usd_per_cny");
  return site;
}

PoolAccounting read_pool_accounting(Section& s, const PoolConfig& pool, const GpuSpec* fixed_gpu, double usd_per_cny) {
  PoolAccounting a;
  const GpuSpec no_gpu;
  const GpuSpec& gpu = pool.llm ? pool.llm->gpu : fixed_gpu ? *fixed_gpu : no_gpu;
  GpuPower& p = a.power;
  p.idle_w = s.optional_number("idle").value_or(gpu.power_idle_w);
  if (pool.llm) {
    p.prefill_w = s.optional_number("prefill").value_or(gpu.power_prefill_w);
    p.decode_w = s.optional_number("decode").value_or(gpu.power_decode_w);
    if (s.has("busy")) s.error_at("busy", "applies to fixed pools (a replica serving a request); a model pool draws `prefill` and `decode`");
  } else {
    for (const char* key : {"prefill", "decode", "decode_share_batch_1", "decode_full_batch"})
      if (s.has(key)) s.error_at(key, "applies to pools that serve a `model`; a fixed pool's replica draws `busy` while it serves");
    p.busy_w = s.optional_number("busy").value_or(gpu.tdp_w);
  }
  // Without a catalog GPU (a fixed pool without `gpu`), a lent replica draws what serving does.
  p.training_w = s.optional_number("training").value_or(pool.llm || fixed_gpu ? gpu.tdp_w : p.busy_w);
  p.down_w = s.number("down");
  p.overhead_w = s.number("overhead");
  if (pool.llm) {
    p.decode_share_batch_1 = s.number("decode_share_batch_1");
    p.decode_full_batch = static_cast<std::int64_t>(s.number("decode_full_batch"));
  }
  if (auto cap = s.optional_number("power_cap")) {  // every state's draw, not the rest of the server
    for (double* w : {&p.idle_w, &p.prefill_w, &p.decode_w, &p.busy_w, &p.training_w, &p.down_w}) *w = std::min(*w, *cap);
  }
  a.embodied_g_per_gpu = s.optional_number("embodied").value_or(gpu.embodied_g);
  a.price_usd_per_gpu = s.optional_money("gpu_price", usd_per_cny).value_or(gpu.price_usd);
  a.rental_usd_per_gpu_hour = s.optional_number("rental").value_or(0);
  if (s.has("rental") && s.has("gpu_price")) s.error_at("rental", "a GPU is either bought (`gpu_price`, spread over datacenter.gpu_lifetime) or rented (`rental` per GPU-hour), not both");
  return a;
}

namespace {

// A power cap below the GPU's TDP slows a model pool's roofline: its peak FLOP/s scale by cap / TDP.
void apply_power_cap(Section& energy, PoolConfig& pool) {
  if (!pool.llm || !energy.has("power_cap")) return;
  GpuSpec& gpu = pool.llm->gpu;
  const double cap = energy.number("power_cap");
  if (pool.llm->profile) energy.error_at("power_cap", "slows the roofline's step times; a measured step profile is taken as measured (drop `power_cap` or the profile)");
  if (gpu.tdp_w <= 0) energy.error_at("power_cap", fmt::format("the catalog GPU {} has no tdp to scale its peak by", gpu.name));
  if (cap >= gpu.tdp_w || gpu.tdp_w <= 0) return;
  gpu.bf16_flop_per_s *= cap / gpu.tdp_w;
  gpu.fp8_flop_per_s *= cap / gpu.tdp_w;
}

}  // namespace

PoolAccounting read_pool_energy(Section& pool_item, PoolConfig& pool, const Catalog& catalog, double usd_per_cny) {
  Section energy = pool_item.section("energy");
  apply_power_cap(energy, pool);
  if (pool.llm) return read_pool_accounting(energy, pool, nullptr, usd_per_cny);
  // A fixed pool: its optional `gpu` gives the defaults; without one, its draws must be given.
  const GpuSpec* gpu = nullptr;
  if (pool_item.has("gpu")) {
    const std::string name = pool_item.text("gpu");
    gpu = catalog.find_gpu(name);
    if (!gpu) pool_item.error_at("gpu", unknown_entry_message(catalog, CatalogKind::Gpu, name));
  } else if (!energy.has("idle") || !energy.has("busy")) {
    pool_item.error_at("name", "a fixed pool under a `datacenter` needs its GPUs' draw: a catalog `gpu` (e.g. gpu: H100-SXM5-80GB) or energy.idle and energy.busy");
  }
  return read_pool_accounting(energy, pool, gpu, usd_per_cny);
}

}  // namespace capsim::models
