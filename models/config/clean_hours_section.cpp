#include "models/config/clean_hours_section.hpp"

#include <string>

#include <fmt/format.h>

namespace capsim::models {

const SiteConfig* site_for_pool(const std::optional<SiteConfig>& datacenter, std::string_view /*pool*/) {
  return datacenter ? &*datacenter : nullptr;
}

std::optional<CleanHoursRule> read_clean_hours(Section& parent, std::string_view key, const SiteConfig* site) {
  if (!parent.has(key)) return std::nullopt;
  Section s = parent.section(key);
  CleanHoursRule rule;
  if (s.has("threshold") == s.has("cleanest_hours")) {
    s.error_at(s.has("threshold") ? "cleanest_hours" : "threshold",
               "give either `threshold` (go in hours at or below this many gCO2e/kWh) or `cleanest_hours` (go in the N cleanest hours of each day), one of them");
    return std::nullopt;
  }
  if (auto t = s.optional_number("threshold")) rule.threshold_g_per_kwh = *t;
  if (auto n = s.optional_number("cleanest_hours")) rule.cleanest_hours = static_cast<int>(*n);
  rule.max_delay_s = s.optional_number("max_delay");
  if (!rule.threshold_g_per_kwh && !rule.cleanest_hours) return std::nullopt;  // out of range: reported
  if (!site) {
    parent.error_at(key, "waits for clean hours of the site's grid: needs a top-level `datacenter:` with a grid profile, e.g. datacenter: {grid: {hourly: {file: grid.csv}}}");
    return std::nullopt;
  }
  rule.grid_g_per_kwh = site->grid_g_per_kwh;
  if (const std::string problem = CleanHours::problem(rule); !problem.empty()) {
    s.error_at(rule.threshold_g_per_kwh ? "threshold" : "cleanest_hours", problem);
    return std::nullopt;
  }
  return rule;
}

}  // namespace capsim::models
