#include "models/config/grid_intensity_lookup.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "models/config/catalog_lookup.hpp"
#include "models/config/suggest.hpp"
#include "models/input/units.hpp"

namespace capsim::models {
namespace {

// Codes close to what was typed; else, at most three zones whose name contains it ("Midcontinent").
std::vector<std::string> region_suggestions(const GridIntensityTable& table, std::string_view word) {
  std::vector<std::string> close = close_names(word, table.codes());
  if (!close.empty() || word.size() < 3) return close;
  const std::string w = lowercase(word);
  for (const auto& [code, region] : table.regions())
    if (lowercase(region.name).find(w) != std::string::npos) close.push_back(code);
  if (close.size() > 3) close.clear();
  return close;
}

std::string unknown_region_message(const GridIntensityTable& table, std::string_view region) {
  std::size_t zones = 0, ember = 0;
  for (const auto& kv : table.regions()) ++(kv.second.has_years() ? zones : ember);
  std::string message = fmt::format("unknown grid region '{}'", region);
  const std::vector<std::string> close = region_suggestions(table, region);
  if (!close.empty()) message += fmt::format("; did you mean {}?", quoted_names(close, "or"));
  message += fmt::format(" ({} Electricity Maps zones with a year, such as US-MIDA-PJM, US-TEX-ERCO, IE; {} Ember "
                         "ISO-3 codes and regions without one, such as USA, WORLD; `capsim catalog --grid` lists them)",
                         zones, ember);
  return message;
}

}  // namespace

std::string years_available(const GridRegion& region) {
  if (!region.has_years() || region.years.empty()) return {};
  bool contiguous = true;
  for (std::size_t i = 1; i < region.years.size(); ++i) contiguous = contiguous && region.years[i].year == region.years[i - 1].year + 1;
  if (contiguous)
    return region.years.size() == 1 ? std::to_string(region.years[0].year)
                                     : fmt::format("{}-{}", region.years.front().year, region.years.back().year);
  std::vector<int> ys;
  for (const GridYear& y : region.years) ys.push_back(y.year);
  return fmt::format("{}", fmt::join(ys, ", "));
}

GridIntensity grid_intensity(const GridIntensityTable& table, std::string_view region, std::optional<int> year) {
  const GridRegion* r = table.find(region);
  if (r == nullptr || r->years.empty()) throw GridLookupError(unknown_region_message(table, region));
  GridIntensity g;
  g.region = r;
  if (!r->has_years()) {
    if (year)
      throw GridLookupError(fmt::format("grid region '{}' is an Ember average with no year ({}); omit `year`, or name an "
                                        "Electricity Maps zone for year {}",
                                        region, grid_dataset_info(r->dataset).period, *year));
    g.g_per_kwh = r->latest().g_per_kwh;
    return g;
  }
  const GridYear* row = year ? r->year(*year) : &r->latest();
  if (row == nullptr)
    throw GridLookupError(fmt::format("grid region '{}' has no year {}; years available: {}", region, *year, years_available(*r)));
  g.year = row->year;
  g.latest_year = !year.has_value();
  g.g_per_kwh = row->g_per_kwh;
  return g;
}

std::string describe(const GridIntensity& g) {
  const GridRegion& r = *g.region;
  const GridDatasetInfo& info = grid_dataset_info(r.dataset);
  std::string what = r.name.empty() ? r.code : fmt::format("{} ({})", r.code, r.name);
  if (r.has_years()) what += fmt::format(" {}{}", g.year, g.latest_year ? ", the latest year" : "");
  else what += ", Ember's latest year";
  return fmt::format("{}: {:g} gCO2e/kWh ({}, {})", what, g.g_per_kwh, info.source, info.licence);
}

std::optional<GridIntensity> read_grid_region(const YAML::Node& node, const std::string& path, const Catalog& catalog,
                                              Diagnostics& diags) {
  constexpr const char* kShape = "{region: US-MIDA-PJM, year: 2023} or {region: USA}";
  if (!node.IsMap()) {
    diags.error(node, path, fmt::format("expected a map {}", kShape));
    return std::nullopt;
  }
  const std::vector<std::string_view> keys = {"region", "year"};
  bool ok = true;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key != "region" && key != "year") {
      diags.error(kv.first, fmt::format("{}.{}", path, key), fmt::format("unknown key{}; expected region and year ({})", did_you_mean(key, keys), kShape));
      ok = false;
    }
  }
  const YAML::Node region = node["region"];
  if (!region.IsDefined() || !region.IsScalar() || region.Scalar().empty()) {
    diags.error(region.IsDefined() ? region : node, path + ".region", fmt::format("expected a region's code ({})", kShape));
    return std::nullopt;
  }
  std::optional<int> year;
  const YAML::Node y = node["year"];
  if (y.IsDefined()) {
    const Parsed p = y.IsScalar() ? parse_number(y.Scalar()) : Parsed{0, "not a number"};
    if (!p || p.value != static_cast<double>(static_cast<int>(p.value))) {
      diags.error(y, path + ".year", fmt::format("expected a year such as 2023, got \"{}\"", y.IsScalar() ? y.Scalar() : "a map or list"));
      return std::nullopt;
    }
    year = static_cast<int>(p.value);
  }
  try {
    const GridIntensity g = grid_intensity(catalog.grid_intensity(), region.Scalar(), year);
    return ok ? std::optional<GridIntensity>(g) : std::nullopt;
  } catch (const GridLookupError& e) {
    // A year the region lacks (or an Ember average given one) is the year's fault; an unknown region the region's.
    const bool year_fault = year && catalog.grid_intensity().find(region.Scalar()) != nullptr;
    diags.error(year_fault ? y : region, path + (year_fault ? ".year" : ".region"), e.what());
    return std::nullopt;
  }
}

}  // namespace capsim::models
