#include "models/catalog/grid_intensity.hpp"

#include <algorithm>

namespace capsim::models {

const GridDatasetInfo& grid_dataset_info(GridDataset dataset) {
  static const GridDatasetInfo kElectricityMaps{"Electricity Maps", "ODbL 1.0",
                                                "models/catalog/grid-intensity/electricity-maps-yearly.csv",
                                                "yearly averages"};
  static const GridDatasetInfo kEmber{"Ember", "CC BY-SA 4.0", "models/catalog/grid-intensity/ember-average.csv",
                                      "the latest year Ember had when CO2.js 0.19.0 was built (the file names none)"};
  return dataset == GridDataset::Ember ? kEmber : kElectricityMaps;
}

const GridYear* GridRegion::year(int y) const {
  for (const GridYear& r : years)
    if (r.year == y) return &r;
  return nullptr;
}

bool GridIntensityTable::add(GridDataset dataset, std::string_view code, std::string_view name, std::string_view country,
                             GridYear row) {
  auto it = regions_.find(code);
  if (it == regions_.end()) {
    GridRegion r;
    r.code = std::string(code);
    r.name = std::string(name);
    r.country = std::string(country);
    r.dataset = dataset;
    it = regions_.emplace(r.code, std::move(r)).first;
  }
  GridRegion& region = it->second;
  if (region.dataset != dataset || region.year(row.year) != nullptr) return false;
  const auto at = std::upper_bound(region.years.begin(), region.years.end(), row.year,
                                   [](int y, const GridYear& r) { return y < r.year; });
  region.years.insert(at, row);
  return true;
}

const GridRegion* GridIntensityTable::find(std::string_view code) const {
  const auto it = regions_.find(code);
  return it == regions_.end() ? nullptr : &it->second;
}

std::vector<std::string> GridIntensityTable::codes() const {
  std::vector<std::string> out;
  out.reserve(regions_.size());
  for (const auto& kv : regions_) out.push_back(kv.first);
  return out;
}

}  // namespace capsim::models
