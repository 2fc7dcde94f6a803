#include "models/config/datacenter_section.hpp"

#include <string_view>

#include <fmt/format.h>

#include "models/accounting/hourly_rate.hpp"
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
  return site;
}

PoolAccounting read_pool_accounting(Section& s, const PoolConfig& pool) {
  PoolAccounting a;
  const GpuSpec& gpu = pool.llm->gpu;
  GpuPower& p = a.power;
  p.idle_w = s.optional_number("idle").value_or(gpu.power_idle_w);
  p.prefill_w = s.optional_number("prefill").value_or(gpu.power_prefill_w);
  p.decode_w = s.optional_number("decode").value_or(gpu.power_decode_w);
  p.down_w = s.number("down");
  p.overhead_w = s.number("overhead");
  p.decode_share_batch_1 = s.number("decode_share_batch_1");
  p.decode_full_batch = static_cast<std::int64_t>(s.number("decode_full_batch"));
  a.embodied_g_per_gpu = s.optional_number("embodied").value_or(gpu.embodied_g);
  a.price_usd_per_gpu = s.optional_number("gpu_price").value_or(gpu.price_usd);
  a.rental_usd_per_gpu_hour = s.optional_number("rental").value_or(0);
  if (s.has("rental") && s.has("gpu_price")) s.error_at("rental", "a GPU is either bought (`gpu_price`, spread over datacenter.gpu_lifetime) or rented (`rental` per GPU-hour), not both");
  return a;
}

}  // namespace capsim::models
