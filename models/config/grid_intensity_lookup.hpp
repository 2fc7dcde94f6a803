// Looking up a region's grid carbon intensity in the catalog's GridIntensityTable: an Electricity
// Maps zone and year (`US-MIDA-PJM`, 2023; without a year, the zone's latest), or an Ember ISO-3
// code or region without a year (`USA`, `WORLD`). Unknown regions get "did you mean"; a missing
// year gets the years available. For a scenario loader, read_grid_region() reads the map
// `{region: US-MIDA-PJM, year: 2023}` and reports at the key's file:line:column.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "models/catalog/catalog.hpp"
#include "models/config/diagnostics.hpp"

namespace capsim::models {

// An unknown region, a year the region lacks, or a year given for an Ember average.
class GridLookupError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct GridIntensity {
  const GridRegion* region = nullptr;  // into the table
  int year = 0;                        // the year used; 0 for an Ember average
  bool latest_year = false;            // no year was asked: the zone's latest was taken
  double g_per_kwh = 0;
};

// Throws GridLookupError:
//   unknown grid region 'US-MIDA-PJN'; did you mean 'US-MIDA-PJM'? (...)
//   grid region 'US-MIDA-PJM' has no year 2019; years available: 2021-2025
GridIntensity grid_intensity(const GridIntensityTable& table, std::string_view region, std::optional<int> year);
inline double g_per_kwh(const GridIntensityTable& table, std::string_view region, std::optional<int> year) {
  return grid_intensity(table, region, year).g_per_kwh;
}

// "US-MIDA-PJM (PJM Interconnection) 2025, the latest year: 418 gCO2e/kWh (Electricity Maps, ODbL 1.0)"
std::string describe(const GridIntensity& g);

// The years of a region as "2021-2025" (or "2021, 2023" when not contiguous); "" for Ember.
std::string years_available(const GridRegion& region);

// `{region: NAME, year: YEAR}` at `node` (`path` is its key, "datacenter.grid"); nullopt after
// reporting every error in `diags` at the offending key.
std::optional<GridIntensity> read_grid_region(const YAML::Node& node, const std::string& path, const Catalog& catalog,
                                              Diagnostics& diags);

}  // namespace capsim::models
