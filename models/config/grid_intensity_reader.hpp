// Reading the grid-intensity CSV files (models/catalog/grid-intensity/, described in its
// README.md) into a GridIntensityTable: Electricity Maps' `zone,zone_name,country,year,
// g_co2e_per_kwh,renewable_pct,carbon_free_pct` and Ember's `region,g_co2e_per_kwh`. Values are
// kept as written (parse_number); errors name `file:line` and the column.
#pragma once

#include <string_view>

#include "models/catalog/grid_intensity.hpp"
#include "models/config/diagnostics.hpp"

namespace capsim::models {

// Adds the rows of one file's text; `diags` names the file in its messages.
void read_grid_intensity_csv(std::string_view text, GridDataset dataset, Diagnostics& diags, GridIntensityTable& table);

}  // namespace capsim::models
