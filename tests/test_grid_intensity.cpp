// Grid carbon intensity in the catalog: the shipped CSV files (models/catalog/grid-intensity/)
// are the shared data unchanged, every row reads into the table with its value, lookups by zone
// and year or Ember code, the errors (did you mean, years available), the `{region, year}` map a
// scenario loader reads, and `capsim catalog --grid`.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "models/catalog/builtin_catalog_files.hpp"
#include "models/config/catalog_reader.hpp"
#include "models/config/grid_intensity_lookup.hpp"
#include "models/config/grid_intensity_reader.hpp"
#include "models/input/table_file.hpp"
#include "tests/cli_runner.hpp"

using namespace capsim::models;
using capsim::testing::read_file;
using capsim::testing::run_capsim;
using capsim::testing::TempDir;

namespace {

const std::string kShipped = std::string(CAPSIM_SOURCE_DIR) + "/models/catalog/grid-intensity/";
const std::string kShared = std::string(CAPSIM_SHARED_DIR) + "/data/grid-intensity/";
constexpr const char* kFiles[] = {"electricity-maps-yearly.csv", "ember-average.csv"};

const GridIntensityTable& table() { return builtin_catalog()->grid_intensity(); }

// "zone year" (or "region") -> the g_co2e_per_kwh field as written, read from a CSV file.
std::map<std::string, std::string> written_values(const std::string& file, bool yearly) {
  CsvRows rows(file);
  REQUIRE(rows.ok());
  const int value = rows.column("g_co2e_per_kwh");
  REQUIRE(value >= 0);
  std::map<std::string, std::string> out;
  std::vector<std::string> f;
  while (rows.next(f)) out[yearly ? f[0] + " " + f[3] : f[0]] = f[static_cast<std::size_t>(value)];
  REQUIRE(rows.ok());
  return out;
}

std::string lookup_error(std::string_view region, std::optional<int> year) {
  try {
    grid_intensity(table(), region, year);
  } catch (const GridLookupError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string errors_of(const std::string& yaml) {
  Diagnostics diags("s.yaml");
  const YAML::Node root = YAML::Load(yaml);
  const auto g = read_grid_region(root["grid"], "datacenter.grid", *builtin_catalog(), diags);
  CHECK(g.has_value() == diags.empty());
  std::string out;
  for (const Diagnostic& d : diags.items()) out += d.text() + "\n";
  return out;
}

}  // namespace

TEST_CASE("grid intensity: the shipped files are the shared data byte for byte, and so is the compiled-in text") {
  for (const char* f : kFiles) {
    INFO(f);
    const std::string shipped = read_file(kShipped + f);
    CHECK(!shipped.empty());
    CHECK(shipped == read_file(kShared + f));
  }
  REQUIRE(builtin_grid_intensity_files().size() == 2);
  for (const BuiltinGridIntensityFile& f : builtin_grid_intensity_files()) {
    INFO(f.name);
    CHECK(f.text == read_file(std::string(CAPSIM_SOURCE_DIR) + "/" + std::string(f.name)));
    CHECK(f.name == grid_dataset_info(f.dataset).file);
  }
}

TEST_CASE("grid intensity: every row of both files is in the table with the value it writes") {
  const auto zones = written_values(kShared + kFiles[0], true);
  const auto ember = written_values(kShared + kFiles[1], false);
  CHECK(zones.size() == 1760);  // the README's row counts
  CHECK(ember.size() == 222);
  std::size_t zone_regions = 0;
  for (const auto& kv : table().regions()) zone_regions += kv.second.has_years() ? 1 : 0;
  CHECK(zone_regions == 352);
  CHECK(table().regions().size() == 352 + 222);
  for (const auto& [key, written] : zones) {
    const std::string zone = key.substr(0, key.find(' '));
    const int year = std::stoi(key.substr(key.find(' ') + 1));
    INFO(key);
    CHECK(g_per_kwh(table(), zone, year) == std::stod(written));
  }
  for (const auto& [region, written] : ember) {
    INFO(region);
    CHECK(g_per_kwh(table(), region, std::nullopt) == std::stod(written));
    CHECK(table().find(region)->dataset == GridDataset::Ember);
  }
}

TEST_CASE("grid intensity: PJM 2023 is the CSV's value, Ember USA is 383.55, a zone without a year is its latest") {
  const auto zones = written_values(kShared + kFiles[0], true);
  CHECK(g_per_kwh(table(), "US-MIDA-PJM", 2023) == std::stod(zones.at("US-MIDA-PJM 2023")));
  CHECK(zones.at("US-MIDA-PJM 2023") == "401");
  CHECK(g_per_kwh(table(), "USA", std::nullopt) == 383.55);  // README: USA 383.55
  CHECK(g_per_kwh(table(), "WORLD", std::nullopt) == 472.94);

  const GridIntensity latest = grid_intensity(table(), "US-MIDA-PJM", std::nullopt);
  CHECK(latest.year == 2025);
  CHECK(latest.latest_year);
  CHECK(latest.g_per_kwh == std::stod(zones.at("US-MIDA-PJM 2025")));
  CHECK(describe(latest) == "US-MIDA-PJM (PJM Interconnection) 2025, the latest year: 418 gCO2e/kWh (Electricity Maps, ODbL 1.0)");
  CHECK(describe(grid_intensity(table(), "US-MIDA-PJM", 2023)) ==
        "US-MIDA-PJM (PJM Interconnection) 2023: 401 gCO2e/kWh (Electricity Maps, ODbL 1.0)");
  CHECK(describe(grid_intensity(table(), "USA", std::nullopt)) == "USA, Ember's latest year: 383.55 gCO2e/kWh (Ember, CC BY-SA 4.0)");

  const GridRegion& pjm = *table().find("US-MIDA-PJM");
  CHECK(pjm.name == "PJM Interconnection");
  CHECK(pjm.country == "USA");
  CHECK(years_available(pjm) == "2021-2025");
  CHECK(pjm.year(2023)->renewable_pct == 7);
  CHECK(pjm.year(2023)->carbon_free_pct == 40);
  // A quoted name with commas reads as one field.
  CHECK(table().find("US-CAR-YAD")->name == "Alcoa Power Generating, Inc. Yadkin Division");
}

TEST_CASE("grid intensity: an unknown region says what was meant, a missing year lists the years") {
  CHECK(lookup_error("US-MIDA-PJN", 2023).starts_with("unknown grid region 'US-MIDA-PJN'; did you mean 'US-MIDA-PJM'? (352 Electricity Maps zones"));
  CHECK(lookup_error("PJM", 2023).starts_with("unknown grid region 'PJM'; did you mean 'US-MIDA-PJM'?"));
  CHECK(lookup_error("usa", std::nullopt).starts_with("unknown grid region 'usa'; did you mean 'USA'?"));
  // No code is close: a zone whose name contains the word.
  CHECK(lookup_error("Midcontinent", 2023).starts_with("unknown grid region 'Midcontinent'; did you mean 'US-MIDW-MISO'?"));
  CHECK(lookup_error("Atlantis-North", 2023).starts_with("unknown grid region 'Atlantis-North' (352 Electricity Maps zones"));
  CHECK(lookup_error("Atlantis-North", 2023).find("`capsim catalog --grid` lists them") != std::string::npos);

  CHECK(lookup_error("US-MIDA-PJM", 2020) == "grid region 'US-MIDA-PJM' has no year 2020; years available: 2021-2025");
  CHECK(lookup_error("US-MIDA-PJM", 2026) == "grid region 'US-MIDA-PJM' has no year 2026; years available: 2021-2025");
  CHECK(lookup_error("USA", 2023).starts_with("grid region 'USA' is an Ember average with no year"));
}

TEST_CASE("grid intensity: years_available lists a gap, and the reader reports bad rows at file:line") {
  GridIntensityTable t;
  Diagnostics diags("g.csv");
  read_grid_intensity_csv("zone,zone_name,country,year,g_co2e_per_kwh,renewable_pct,carbon_free_pct\n"
                          "XX,Somewhere,Nowhere,2021,100,1,2\n"
                          "XX,Somewhere,Nowhere,2023,90,1,2\n"
                          "XX,Somewhere,Nowhere,2023,80,1,2\n"
                          "YY,Else,Nowhere,20x1,80,1,2\n"
                          "ZZ,Else,Nowhere,2022,-5,1,2\n"
                          "WW,Else,Nowhere,2022,5\n",
                          GridDataset::ElectricityMaps, diags, t);
  CHECK(years_available(*t.find("XX")) == "2021, 2023");
  CHECK(t.find("XX")->year(2023)->g_per_kwh == 90);  // the first of the duplicates
  CHECK(t.find("YY") == nullptr);
  REQUIRE(diags.items().size() == 4);
  CHECK(diags.items()[0].text() == "g.csv:4: error: zone: 'XX' 2023 is given twice, or also by another dataset");
  CHECK(diags.items()[1].text().starts_with("g.csv:5: error: year: expected a number"));
  CHECK(diags.items()[2].text() == "g.csv:6: error: g_co2e_per_kwh: must be >= 0, got \"-5\"");
  CHECK(diags.items()[3].text() == "g.csv:7: error: expected 7 fields (zone,zone_name,country,year,g_co2e_per_kwh,renewable_pct,carbon_free_pct), got 5");

  Diagnostics header("e.csv");
  read_grid_intensity_csv("code,value\nXX,1\n", GridDataset::Ember, header, t);
  REQUIRE(header.items().size() == 1);
  CHECK(header.items()[0].text() == "e.csv:1: error: expected the header region,g_co2e_per_kwh, got \"code,value\"");
  Diagnostics clash("e.csv");
  read_grid_intensity_csv("region,g_co2e_per_kwh\nXX,1\n", GridDataset::Ember, clash, t);
  REQUIRE(clash.items().size() == 1);
  CHECK(clash.items()[0].text() == "e.csv:2: error: region: 'XX' is given twice, or also by another dataset");
}

TEST_CASE("grid intensity: a scenario's {region, year} map resolves through Scenario::catalog, errors at the key") {
  Diagnostics diags("s.yaml");
  const YAML::Node ok = YAML::Load("grid: {region: US-MIDA-PJM, year: 2023}");
  const auto g = read_grid_region(ok["grid"], "datacenter.grid", *builtin_catalog(), diags);
  REQUIRE(g.has_value());
  CHECK(g->g_per_kwh == 401);
  CHECK(errors_of("grid: {region: USA}") == "");
  CHECK(errors_of("grid:\n  region: US-MIDA-PJM\n  year: 2019\n") ==
        "s.yaml:3:9: error: datacenter.grid.year: grid region 'US-MIDA-PJM' has no year 2019; years available: 2021-2025\n");
  CHECK(errors_of("grid:\n  region: US-MIDA-PJN\n  year: 2023\n")
            .starts_with("s.yaml:2:11: error: datacenter.grid.region: unknown grid region 'US-MIDA-PJN'; did you mean 'US-MIDA-PJM'?"));
  CHECK(errors_of("grid:\n  region: USA\n  year: 2023\n").starts_with("s.yaml:3:9: error: datacenter.grid.year: grid region 'USA' is an Ember average"));
  CHECK(errors_of("grid: {region: US-MIDA-PJM, year: 2023.5}") ==
        "s.yaml:1:35: error: datacenter.grid.year: expected a year such as 2023, got \"2023.5\"\n");
  CHECK(errors_of("grid: {region: US-MIDA-PJM, yaer: 2023}") ==
        "s.yaml:1:29: error: datacenter.grid.yaer: unknown key (did you mean \"year\"?); expected region and year "
        "({region: US-MIDA-PJM, year: 2023} or {region: USA})\n");
  CHECK(errors_of("grid: {year: 2023}").starts_with("s.yaml:1:7: error: datacenter.grid.region: expected a region's code"));
  CHECK(errors_of("grid: US-MIDA-PJM").starts_with("s.yaml:1:7: error: datacenter.grid: expected a map"));
}

TEST_CASE("capsim catalog --grid lists every region with source and licence, --grid REGION shows its years") {
  TempDir dir;
  const auto list = run_capsim("catalog --grid", dir.path());
  CHECK(list.exit_code == 0);
  CHECK(list.out.starts_with("Grid carbon intensity, gCO2e per kWh consumed (life-cycle, yearly average), 574 regions\n"
                             "  region                2021  2022  2023  2024  2025   Ember  source, licence              name\n"));
  CHECK(list.out.find("\n  US-MIDA-PJM            439   434   401   403   418       -  Electricity Maps, ODbL 1.0   PJM Interconnection\n") !=
        std::string::npos);
  CHECK(list.out.find("\n  USA                      -     -     -     -     -  383.55  Ember, CC BY-SA 4.0\n") != std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = list.out.find("ODbL 1.0   "); at != std::string::npos; at = list.out.find("ODbL 1.0   ", at + 1)) ++rows;
  CHECK(rows == 352);

  const auto pjm = run_capsim("catalog --grid US-MIDA-PJM", dir.path());
  CHECK(pjm.exit_code == 0);
  CHECK(pjm.out.starts_with("US-MIDA-PJM: PJM Interconnection (USA)\n  source: Electricity Maps, yearly averages\n  licence: ODbL 1.0\n"));
  CHECK(pjm.out.find("\n    2023        401         7%          40%\n") != std::string::npos);
  CHECK(pjm.out.find("in a scenario: grid: {region: US-MIDA-PJM, year: 2021}; without year, 2025 (the latest)") != std::string::npos);
  const auto usa = run_capsim("catalog --grid USA", dir.path());
  CHECK(usa.out.find("  licence: CC BY-SA 4.0\n") != std::string::npos);
  CHECK(usa.out.find("  383.55 gCO2e/kWh\n  in a scenario: grid: {region: USA}\n") != std::string::npos);

  const auto bad = run_capsim("catalog --grid PJM", dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.starts_with("capsim catalog: error: unknown grid region 'PJM'; did you mean 'US-MIDA-PJM'?"));
  CHECK(run_capsim("catalog --help", dir.path()).out.find("capsim catalog --grid [REGION]") != std::string::npos);
}
