// Typed reading of a carbon rule ({threshold | cleanest_hours, max_delay}): a waitlist's
// `carbon` (carbon-aware waves) and a team's `deferrable` (deferrable jobs), both against the
// grid profile of the site the work runs at.
#pragma once

#include <optional>
#include <string_view>

#include "models/accounting/accounting_config.hpp"
#include "models/accounting/clean_hours.hpp"
#include "models/config/config_reader.hpp"

namespace capsim::models {

// The site whose grid decides when work for `pool` may go: the scenario's datacenter, the one
// site of every pool so far (null without one). Per-pool or per-account sites change only this.
const SiteConfig* site_for_pool(const std::optional<SiteConfig>& datacenter, std::string_view pool);

// Reads `parent.key` if present (absent: no rule). Errors are located there: no site, neither
// or both of threshold and cleanest_hours, no clean hour without a max_delay.
std::optional<CleanHoursRule> read_clean_hours(Section& parent, std::string_view key, const SiteConfig* site);

}  // namespace capsim::models
