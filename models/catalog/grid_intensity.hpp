// Grid carbon intensity by region and year (models/catalog/grid-intensity/: Electricity Maps
// zones 2021-2025, Ember countries and regions), as plain rows with the dataset each came from.
// Filled by models/config/grid_intensity_reader.hpp from the built-in CSV files and held by the
// Catalog; a region is looked up, with "did you mean" and the years available, by
// models/config/grid_intensity_lookup.hpp.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace capsim::models {

enum class GridDataset { ElectricityMaps, Ember };

// Who published a dataset, under which licence, and the file it ships in.
struct GridDatasetInfo {
  std::string_view source;   // "Electricity Maps"
  std::string_view licence;  // "ODbL 1.0"
  std::string_view file;     // "models/catalog/grid-intensity/electricity-maps-yearly.csv"
  std::string_view period;   // "yearly averages 2021-2025" / "the latest year Ember had (CO2.js 0.19.0)"
};
const GridDatasetInfo& grid_dataset_info(GridDataset dataset);

// One yearly average. Ember's rows have no year (0) and no shares (-1).
struct GridYear {
  int year = 0;
  double g_per_kwh = 0;          // life-cycle gCO2e per kWh consumed
  double renewable_pct = -1;     // share of consumption, percent; -1 when the dataset has none
  double carbon_free_pct = -1;
};

struct GridRegion {
  std::string code;      // "US-MIDA-PJM" (an Electricity Maps zone), "USA", "WORLD" (Ember)
  std::string name;      // "PJM Interconnection"; "" for Ember
  std::string country;   // "USA"; "" for Ember
  GridDataset dataset = GridDataset::ElectricityMaps;
  std::vector<GridYear> years;  // ascending; Ember: one row with year 0

  // The row of `year`, or null.
  const GridYear* year(int y) const;
  // The last row (the latest year; Ember's one row).
  const GridYear& latest() const { return years.back(); }
  bool has_years() const { return dataset == GridDataset::ElectricityMaps; }
};

class GridIntensityTable {
 public:
  // Adds one row. False (nothing added) if the code already holds that year or belongs to the
  // other dataset.
  bool add(GridDataset dataset, std::string_view code, std::string_view name, std::string_view country, GridYear row);

  const GridRegion* find(std::string_view code) const;
  // Every region, sorted by code.
  const std::map<std::string, GridRegion, std::less<>>& regions() const { return regions_; }
  std::vector<std::string> codes() const;

 private:
  std::map<std::string, GridRegion, std::less<>> regions_;
};

}  // namespace capsim::models
