#include "models/catalog/equivalents.hpp"

namespace capsim::models {

Equivalents equivalents_of(double energy_kwh, double emissions_t_co2e, const EquivalenceFactors& factors) {
  constexpr double kJoulesPerKwh = 3.6e6;
  constexpr double kGramsPerTonne = 1e6;
  Equivalents e;
  if (factors.us_home_electricity_j_per_year > 0)
    e.us_homes_for_a_year = energy_kwh * kJoulesPerKwh / factors.us_home_electricity_j_per_year;
  if (factors.passenger_car_g_co2e_per_year > 0)
    e.passenger_cars_for_a_year = emissions_t_co2e * kGramsPerTonne / factors.passenger_car_g_co2e_per_year;
  return e;
}

}  // namespace capsim::models
