// Everyday equivalents of a run's energy and emissions, as the seed article uses them: the yearly
// electricity of US homes and the yearly emissions of passenger cars. The factors come from
// models/catalog/equivalents.yaml (EIA and US EPA, each cited there) through the catalog reader.
#pragma once

namespace capsim::models {

// The catalog's factors, in base units (0 until a catalog file gives them).
struct EquivalenceFactors {
  double us_home_electricity_j_per_year = 0;   // us_home_electricity_per_year
  double passenger_car_g_co2e_per_year = 0;    // passenger_car_emissions_per_year
};

struct Equivalents {
  double us_homes_for_a_year = 0;       // energy / one home's yearly electricity
  double passenger_cars_for_a_year = 0; // emissions / one car's yearly emissions
};

// `energy_kwh` and `emissions_t_co2e` as that many home-years and car-years. A factor of 0
// (not in the catalog) gives 0.
Equivalents equivalents_of(double energy_kwh, double emissions_t_co2e, const EquivalenceFactors& factors);

}  // namespace capsim::models
