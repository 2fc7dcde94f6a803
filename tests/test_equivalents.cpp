// Everyday equivalents (models/catalog/equivalents.yaml, equivalents.hpp): the built-in factors
// as their sources state them, the seed article's 1,287 MWh = about 120 US homes, and the
// `equivalents:` section's errors.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "models/catalog/equivalents.hpp"
#include "models/config/catalog_reader.hpp"
#include "tests/cli_runner.hpp"

using namespace capsim::models;

TEST_CASE("equivalents: the built-in factors are EIA's 10,715 kWh per home and EPA's 4.6 t per car, each with its source") {
  const auto c = builtin_catalog();
  CHECK(c->equivalence_factors().us_home_electricity_j_per_year == 10715 * 3.6e6);
  CHECK(c->equivalence_factors().passenger_car_g_co2e_per_year == 4.6e6);
  REQUIRE(c->equivalence_facts().size() == 2);
  const CatalogFact& home = c->equivalence_facts()[0];
  CHECK(home.field == "us_home_electricity_per_year");
  CHECK(home.source.starts_with("eia-faq-97: 'In 2020, the average annual electricity consumption"));
  CHECK(home.source_description.find("https://www.eia.gov/tools/faqs/faq.php?id=97") != std::string::npos);
  const CatalogFact& car = c->equivalence_facts()[1];
  CHECK(car.field == "passenger_car_emissions_per_year");
  CHECK(car.source_description.find("EPA-420-F-23-014") != std::string::npos);
}

TEST_CASE("equivalents: the article's 1,287 MWh is about 120 US homes for a year, GPT-3's 552.1 tCO2e about 120 cars") {
  const EquivalenceFactors& f = builtin_catalog()->equivalence_factors();
  const Equivalents e = equivalents_of(1287e3, 552.1, f);
  // 1,287,000 kWh / 10,715 kWh per home = 120.11; 552.1 t / 4.6 t per car = 120.02.
  CHECK(e.us_homes_for_a_year == doctest::Approx(1287e3 / 10715).epsilon(1e-12));
  CHECK(std::lround(e.us_homes_for_a_year) == 120);
  CHECK(e.passenger_cars_for_a_year == doctest::Approx(552.1 / 4.6).epsilon(1e-12));
  CHECK(std::lround(e.passenger_cars_for_a_year) == 120);
  // Linear, and a factor missing from the catalog gives 0 rather than infinity.
  CHECK(equivalents_of(2 * 1287e3, 0, f).us_homes_for_a_year == doctest::Approx(2 * e.us_homes_for_a_year));
  const Equivalents none = equivalents_of(1287e3, 552.1, EquivalenceFactors{});
  CHECK(none.us_homes_for_a_year == 0);
  CHECK(none.passenger_cars_for_a_year == 0);
}

TEST_CASE("equivalents: a catalog file may override a factor, and its errors point at the key") {
  Catalog c = *builtin_catalog();
  Diagnostics ok("mine.yaml");
  read_catalog_text("equivalents:\n  us_home_electricity_per_year: {value: \"10.5 MWh\", source: \"eia: 2023\"}\nsources:\n  eia: \"EIA\"\n", ok, c);
  CHECK(ok.empty());
  CHECK(c.equivalence_factors().us_home_electricity_j_per_year == 10.5e6 * 3600);
  CHECK(c.equivalence_factors().passenger_car_g_co2e_per_year == 4.6e6);  // kept
  CHECK(c.equivalence_facts().size() == 2);
  CHECK(c.equivalence_facts()[0].written == "10.5 MWh");

  Diagnostics bad("mine.yaml");
  read_catalog_text("equivalents:\n  us_home_electricity_per_yr: {value: \"10 MWh\", assumption: \"x\"}\n"
                    "  passenger_car_emissions_per_year: {value: \"4.6 kW\", assumption: \"x\"}\n"
                    "  us_home_electricity_per_year: {value: \"10 MWh\"}\n",
                    bad, c);
  REQUIRE(bad.items().size() == 3);
  CHECK(bad.items()[0].text().starts_with("mine.yaml:2:3: error: equivalents.us_home_electricity_per_yr: unknown factor (did you mean "
                                          "\"us_home_electricity_per_year\"?)"));
  CHECK(bad.items()[1].text().starts_with("mine.yaml:3:45: error: equivalents.passenger_car_emissions_per_year.value: expected a"));
  CHECK(bad.items()[2].text().starts_with("mine.yaml:4:33: error: equivalents.us_home_electricity_per_year: no `source` and no `assumption`"));
}

TEST_CASE("capsim catalog lists the equivalents with their sources") {
  capsim::testing::TempDir dir;
  const auto r = capsim::testing::run_capsim("catalog", dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\nEquivalents (2): what one unit of an everyday thing stands for\n"
                   "  us_home_electricity_per_year       10715 kWh  eia-faq-97: 'In 2020,") != std::string::npos);
  CHECK(r.out.find("\n  passenger_car_emissions_per_year   4.6 t      epa-420-f-23-014: ") != std::string::npos);
  CHECK(r.out.find("\nGrid carbon intensity: 352 Electricity Maps zones by year (ODbL 1.0), 222 Ember regions (CC BY-SA 4.0)\n") !=
        std::string::npos);
}
