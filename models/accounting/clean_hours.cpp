#include "models/accounting/clean_hours.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "models/accounting/hourly_rate.hpp"

namespace capsim::models {
namespace {

constexpr std::size_t kDay = 24;

// The period the rule is tabulated over: the profile's, or whole days for cleanest_hours.
std::uint64_t tabulated_hours(const CleanHoursRule& rule) {
  const std::uint64_t n = rule.grid_g_per_kwh.size();
  return rule.cleanest_hours ? std::lcm<std::uint64_t>(n, kDay) : n;
}

std::vector<bool> clean_hours(const CleanHoursRule& rule) {
  const std::vector<double>& g = rule.grid_g_per_kwh;
  const auto period = static_cast<std::size_t>(tabulated_hours(rule));
  std::vector<bool> clean(period, false);
  if (rule.threshold_g_per_kwh) {
    for (std::size_t h = 0; h < period; ++h) clean[h] = g[h] <= *rule.threshold_g_per_kwh;
    return clean;
  }
  const auto n = static_cast<std::size_t>(*rule.cleanest_hours);
  std::vector<double> day(kDay);
  for (std::size_t start = 0; start < period; start += kDay) {
    for (std::size_t i = 0; i < kDay; ++i) day[i] = g[(start + i) % g.size()];
    std::vector<double> sorted = day;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(n - 1), sorted.end());
    const double cutoff = sorted[n - 1];
    for (std::size_t i = 0; i < kDay; ++i) clean[start + i] = day[i] <= cutoff;
  }
  return clean;
}

}  // namespace

std::string CleanHours::problem(const CleanHoursRule& rule) {
  if (rule.grid_g_per_kwh.empty()) return "the site has no grid intensity profile";
  if (rule.threshold_g_per_kwh.has_value() == rule.cleanest_hours.has_value())
    return "give either `threshold` (gCO2e/kWh) or `cleanest_hours` (the N cleanest hours of each day), one of them";
  if (rule.cleanest_hours && (*rule.cleanest_hours < 1 || *rule.cleanest_hours > static_cast<int>(kDay)))
    return fmt::format("cleanest_hours must be 1 to 24, got {}", *rule.cleanest_hours);
  if (tabulated_hours(rule) > HourlyRate::kMaxHours)
    return fmt::format("the grid profile ({} hours) repeats in whole days only after more than {} hours: use a period such as 24, 168 or 8760 hours",
                       rule.grid_g_per_kwh.size(), HourlyRate::kMaxHours);
  if (rule.threshold_g_per_kwh && !rule.max_delay_s) {
    const double lowest = *std::min_element(rule.grid_g_per_kwh.begin(), rule.grid_g_per_kwh.end());
    if (lowest > *rule.threshold_g_per_kwh)
      return fmt::format("no hour of the site's grid profile is at or below {} gCO2e/kWh (its lowest is {}), so the work would never go: raise `threshold` or give `max_delay`",
                         *rule.threshold_g_per_kwh, lowest);
  }
  return {};
}

CleanHours::CleanHours(const CleanHoursRule& rule) {
  if (const std::string p = problem(rule); !p.empty()) throw std::invalid_argument("CleanHours: " + p);
  if (rule.max_delay_s) max_delay_ = sim::from_seconds(*rule.max_delay_s);
  const std::vector<bool> clean = clean_hours(rule);
  const std::size_t period = clean.size();
  hours_to_clean_.assign(period, kNever);
  // Two passes backwards around the cycle: the second carries the first clean hour of the next
  // period to the hours at the end of this one.
  std::uint32_t next = kNever;
  for (std::size_t pass = 0; pass < 2; ++pass) {
    for (std::size_t h = period; h-- > 0;) {
      if (clean[h]) next = 0;
      else if (next != kNever) ++next;
      hours_to_clean_[h] = std::min(hours_to_clean_[h], next);
    }
  }
  any_clean_ = std::find(clean.begin(), clean.end(), true) != clean.end();
}

std::size_t CleanHours::hour_of(sim::SimTime t) const {
  return static_cast<std::size_t>((t / HourlyRate::kHour) % static_cast<sim::SimTime>(hours_to_clean_.size()));
}

sim::SimTime CleanHours::release_at(sim::SimTime due) const {
  const std::uint32_t wait = hours_to_clean_[hour_of(due)];
  if (wait == 0) return due;
  const sim::SimTime latest = max_delay_ ? due + *max_delay_ : sim::kTimeNever;
  if (wait == kNever) return latest;
  return std::min((due / HourlyRate::kHour + wait) * HourlyRate::kHour, latest);
}

}  // namespace capsim::models
