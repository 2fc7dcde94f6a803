// Quantities of every dimension behind one parser (parse_quantity, format_quantity), and the
// parameter table and config reader reading them.
#include <cmath>
#include <limits>
#include <string>

#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>

#include "models/config/config_reader.hpp"
#include "models/config/diagnostics.hpp"
#include "models/config/param_table.hpp"
#include "models/input/units.hpp"
#include "tests/parse_checks.hpp"

using namespace capsim::models;

using capsim::testing::check_error;
using capsim::testing::contains;

// ---- One parser, many dimensions (parse_quantity) ----

namespace {

double q(const char* text, Dimension d) {
  const Parsed p = parse_quantity(text, d);
  INFO(text << ": " << p.error);
  CHECK(p);
  return p.value;
}

}  // namespace

TEST_CASE("parse_quantity: power in watts") {
  CHECK(q("700", Dimension::Power) == 700);
  CHECK(q("700W", Dimension::Power) == 700);
  CHECK(q("700 W", Dimension::Power) == 700);
  CHECK(q("10.2kW", Dimension::Power) == 10200);
  CHECK(q("30 MW", Dimension::Power) == 3e7);
  CHECK(q("1.1GW", Dimension::Power) == 1.1e9);
  CHECK(q("0.3kW", Dimension::Power) == 300);  // the same double as "300"
}

TEST_CASE("parse_quantity: energy in joules") {
  CHECK(q("3600", Dimension::Energy) == 3600);
  CHECK(q("5J", Dimension::Energy) == 5);
  CHECK(q("2kJ", Dimension::Energy) == 2000);
  CHECK(q("3.6MJ", Dimension::Energy) == 3.6e6);
  CHECK(q("1GJ", Dimension::Energy) == 1e9);
  CHECK(q("1Wh", Dimension::Energy) == 3600);
  CHECK(q("1.5 kWh", Dimension::Energy) == 5.4e6);
  CHECK(q("1287MWh", Dimension::Energy) == 4.6332e12);
  CHECK(q("1.287GWh", Dimension::Energy) == 4.6332e12);  // GPT-3's training energy, both ways
  CHECK(q("2TWh", Dimension::Energy) == 7.2e15);
  CHECK(q("433196 kWh", Dimension::Energy) == 433196.0 * 3.6e6);  // BLOOM
}

TEST_CASE("parse_quantity: CO2e in grams") {
  CHECK(q("397", Dimension::Mass) == 397);
  CHECK(q("397g", Dimension::Mass) == 397);
  CHECK(q("318kg", Dimension::Mass) == 318000);
  CHECK(q("552.1t", Dimension::Mass) == 552100000);
  CHECK(q("397 gCO2e", Dimension::Mass) == 397);
  CHECK(q("318 kgCO2e", Dimension::Mass) == 318000);
  CHECK(q("24.7tCO2e", Dimension::Mass) == 24700000);
}

TEST_CASE("parse_quantity: money in US dollars") {
  CHECK(q("25000", Dimension::Money) == 25000);
  CHECK(q("25000 USD", Dimension::Money) == 25000);
  CHECK(q("25000USD", Dimension::Money) == 25000);
  CHECK(q("25k USD", Dimension::Money) == 25000);
  CHECK(q("2.5M USD", Dimension::Money) == 2.5e6);
  CHECK(q("2.5MUSD", Dimension::Money) == 2.5e6);
  CHECK(q("1.5B USD", Dimension::Money) == 1.5e9);
  CHECK(q("$25k", Dimension::Money) == 25000);
  CHECK(q("$25000", Dimension::Money) == 25000);
  CHECK(q("$2.5M", Dimension::Money) == 2.5e6);
  CHECK(q("$0.3k", Dimension::Money) == 300);
  CHECK(q(" $7 ", Dimension::Money) == 7);
  CHECK(q("25k", Dimension::Money) == 25000);  // a plain count is dollars

  const std::string hint = "expected an amount of money such as 25000 USD, 2.5M USD, $25k or a number of US dollars";
  check_error(parse_quantity("$25k USD", Dimension::Money), hint, "$25k USD");
  CHECK(contains(parse_quantity("$25k USD", Dimension::Money).error, "write $ or USD, not both"));
  CHECK(contains(parse_quantity("25000 usd", Dimension::Money).error, "did you mean \"25000USD\"?"));
  CHECK(contains(parse_quantity("25K USD", Dimension::Money).error, "did you mean \"25kUSD\"?"));
  CHECK(contains(parse_quantity("$25K", Dimension::Money).error, "did you mean \"$25k\"?"));
  check_error(parse_quantity("25000 EUR", Dimension::Money), hint, "25000 EUR");
  CHECK(contains(parse_quantity("25000 EUR", Dimension::Money).error, "the suffixes are k, M and B, then USD"));
  CHECK(contains(parse_quantity("25000  USD", Dimension::Money).error, "at most one space"));
  for (const char* bad : {"", "$", "USD", "$ 25", "nan USD", "$inf", "1e999 USD", "25 USD USD"}) {
    INFO("text: \"" << bad << "\"");
    CHECK_FALSE(parse_quantity(bad, Dimension::Money));
    CHECK(contains(parse_quantity(bad, Dimension::Money).error, hint));
  }
}

TEST_CASE("parse_quantity: sizes in bytes, decimal and binary") {
  CHECK(q("512", Dimension::Bytes) == 512);
  CHECK(q("512B", Dimension::Bytes) == 512);
  CHECK(q("64kB", Dimension::Bytes) == 64000);
  CHECK(q("64KB", Dimension::Bytes) == 64000);
  CHECK(q("3MB", Dimension::Bytes) == 3e6);
  CHECK(q("80GB", Dimension::Bytes) == 8e10);
  CHECK(q("141 GB", Dimension::Bytes) == 1.41e11);
  CHECK(q("8TB", Dimension::Bytes) == 8e12);
  CHECK(q("1PB", Dimension::Bytes) == 1e15);
  CHECK(q("320 KiB", Dimension::Bytes) == 327680);  // Llama-2-70B's KV cache per token in FP16
  CHECK(q("1.5KiB", Dimension::Bytes) == 1536);
  CHECK(q("3MiB", Dimension::Bytes) == 3145728);
  CHECK(q("2 GiB", Dimension::Bytes) == 2147483648.0);
  CHECK(q("1TiB", Dimension::Bytes) == 1099511627776.0);
  CHECK(q("1PiB", Dimension::Bytes) == 1125899906842624.0);
}

TEST_CASE("parse_quantity: compute rates in FLOP/s") {
  CHECK(q("1e15", Dimension::FlopRate) == 1e15);
  CHECK(q("7 FLOP/s", Dimension::FlopRate) == 7);
  CHECK(q("7FLOPS", Dimension::FlopRate) == 7);
  CHECK(q("2kFLOP/s", Dimension::FlopRate) == 2000);
  CHECK(q("3 MFLOP/s", Dimension::FlopRate) == 3e6);
  CHECK(q("19.5 GFLOP/s", Dimension::FlopRate) == 1.95e10);
  CHECK(q("989 TFLOP/s", Dimension::FlopRate) == 9.89e14);
  CHECK(q("312TFLOPS", Dimension::FlopRate) == 3.12e14);
  CHECK(q("2.25 PFLOP/s", Dimension::FlopRate) == 2.25e15);
  CHECK(q("1EFLOP/s", Dimension::FlopRate) == 1e18);  // "1E" is not read as an exponent
  CHECK(q("2EFLOPS", Dimension::FlopRate) == 2e18);
  CHECK(q("5 GFLOPS", Dimension::FlopRate) == 5e9);
  CHECK(q("5kFLOPS", Dimension::FlopRate) == 5000);
  CHECK(q("5MFLOPS", Dimension::FlopRate) == 5e6);
  CHECK(q("5PFLOPS", Dimension::FlopRate) == 5e15);
  CHECK(contains(parse_quantity("989 TFLOPs", Dimension::FlopRate).error, "did you mean \"989TFLOPS\"?"));
}

TEST_CASE("parse_quantity: a unit of another dimension is named in the error") {
  const std::string bytes_hint = "expected a size in bytes such as 512B, 80GB, 2GiB, 320KiB or a number of bytes";
  CHECK(parse_quantity("5 kW", Dimension::Bytes).error == bytes_hint + ", got \"5 kW\" (\"kW\" is a unit of power)");
  CHECK(parse_quantity("80GB", Dimension::Power).error ==
        "expected a power such as 700W, 10.2kW, 30MW or a number of watts, got \"80GB\" (\"GB\" is a unit of size in bytes)");
  CHECK(contains(parse_quantity("1.5kWh", Dimension::Power).error, "(\"kWh\" is a unit of energy)"));
  CHECK(contains(parse_quantity("700W", Dimension::Energy).error, "(\"W\" is a unit of power)"));
  CHECK(contains(parse_quantity("318kg", Dimension::Money).error, "expected an amount of money"));
  CHECK(contains(parse_quantity("5 TFLOP/s", Dimension::Bytes).error, "(\"TFLOP/s\" is a unit of compute rate)"));
  CHECK(contains(parse_quantity("5h", Dimension::Energy).error, "(\"h\" is a unit of duration)"));
  CHECK(contains(parse_quantity("9/s", Dimension::Power).error, "(\"/s\" is a rate)"));
  CHECK(contains(parse_quantity("2t", Dimension::Bytes).error, "(\"t\" is a unit of mass of CO2e)"));
  CHECK(contains(parse_quantity("5 kw", Dimension::Power).error, "did you mean \"5kW\"?"));
  CHECK(contains(parse_quantity("5 gib", Dimension::Bytes).error, "did you mean \"5GiB\"?"));
  CHECK(contains(parse_quantity("5 T", Dimension::Mass).error, "did you mean \"5t\"?"));
  CHECK(parse_quantity("3 parsecs", Dimension::Power).error ==
        "expected a power such as 700W, 10.2kW, 30MW or a number of watts, got \"3 parsecs\" (units: W, kW, MW, GW)");
  CHECK(contains(parse_quantity("5  kW", Dimension::Power).error, "at most one space"));
  CHECK(contains(parse_quantity("1e999 W", Dimension::Power).error, "out of range"));
  CHECK(contains(parse_quantity("1e300 TWh", Dimension::Energy).error, "out of range"));  // finite number, infinite joules
  for (Dimension d : {Dimension::Power, Dimension::Energy, Dimension::Mass, Dimension::Bytes, Dimension::FlopRate}) {
    for (const char* bad : {"", "W", "nan", "inf", "-inf", "5 5", "0x10", "5kWkW"}) {
      INFO(dimension_name(d) << ": \"" << bad << "\"");
      const Parsed p = parse_quantity(bad, d);
      CHECK_FALSE(p);
      CHECK(contains(p.error, "expected "));
      CHECK(contains(p.error, std::string(dimension_name(d))));
      CHECK(contains(p.error, "got \""));
    }
  }
  CHECK(q("-5kW", Dimension::Power) == -5000);  // parses; the range check is the caller's
}

TEST_CASE("parse_number, parse_count, parse_duration, parse_rate are parse_quantity") {
  const std::pair<Parsed (*)(std::string_view), Dimension> pairs[] = {
      {parse_number, Dimension::Number}, {parse_count, Dimension::Count}, {parse_duration, Dimension::Duration}, {parse_rate, Dimension::Rate}};
  for (const auto& [parse, d] : pairs) {
    for (const char* text : {"3", "2.5k", "90s", "15 min", "9/s", "500k/d", "5K", "5m", "3 parsecs", "", "1e999", "2 hours", "9s"}) {
      INFO(dimension_name(d) << ": \"" << text << "\"");
      const Parsed a = parse(text);
      const Parsed b = parse_quantity(text, d);
      CHECK(a.error == b.error);
      CHECK(a.value == b.value);
    }
  }
  CHECK(base_unit(Dimension::Number).empty());
  CHECK(base_unit(Dimension::Count).empty());
  CHECK(base_unit(Dimension::Duration) == "s");
  CHECK(base_unit(Dimension::Rate) == "1/s");
  CHECK(base_unit(Dimension::Power) == "W");
  CHECK(base_unit(Dimension::Energy) == "J");
  CHECK(base_unit(Dimension::Mass) == "gCO2e");
  CHECK(base_unit(Dimension::Money) == "USD");
  CHECK(base_unit(Dimension::Bytes) == "B");
  CHECK(base_unit(Dimension::FlopRate) == "FLOP/s");
  // The base unit written after a number parses as that number.
  for (Dimension d : kAllDimensions) {
    if (base_unit(d).empty()) continue;
    const std::string text = "7 " + std::string(base_unit(d) == "1/s" ? "/s" : base_unit(d));
    INFO(text);
    CHECK(parse_quantity(d == Dimension::Rate ? "7/s" : text, d).value == 7);
  }
}

TEST_CASE("format_quantity: shortest exact form, parses back") {
  CHECK(format_quantity(700, Dimension::Power) == "700W");
  CHECK(format_quantity(10200, Dimension::Power) == "10.2kW");
  CHECK(format_quantity(3e7, Dimension::Power) == "30MW");
  CHECK(format_quantity(5.4e6, Dimension::Energy) == "1.5kWh");
  CHECK(format_quantity(4.6332e12, Dimension::Energy) == "1287MWh");
  CHECK(format_quantity(3600, Dimension::Energy) == "1Wh");
  CHECK(format_quantity(5, Dimension::Energy) == "5J");
  CHECK(format_quantity(318000, Dimension::Mass) == "318kg");
  CHECK(format_quantity(552100000, Dimension::Mass) == "552.1t");
  CHECK(format_quantity(25000, Dimension::Money) == "25k USD");
  CHECK(format_quantity(2.5e6, Dimension::Money) == "2.5M USD");
  CHECK(format_quantity(12.34, Dimension::Money) == "12.34 USD");
  CHECK(format_quantity(2147483648.0, Dimension::Bytes) == "2GiB");
  CHECK(format_quantity(8e10, Dimension::Bytes) == "80GB");
  CHECK(format_quantity(327680, Dimension::Bytes) == "320KiB");
  CHECK(format_quantity(512, Dimension::Bytes) == "512B");
  CHECK(format_quantity(9.89e14, Dimension::FlopRate) == "989TFLOP/s");
  CHECK(format_quantity(5400, Dimension::Duration) == "90min");
  CHECK(format_quantity(2, Dimension::Rate) == "2/s");
  CHECK(format_quantity(std::nan(""), Dimension::Power) == "nan");
  CHECK(format_quantity(-std::numeric_limits<double>::infinity(), Dimension::Bytes) == "-inf");
  const double values[] = {0, -0.0, 1, -1, 0.1, 1.0 / 3, 2.5, 700, 10200, 5.4e6, 4.6332e12, 123456.789, 2147483648.0, 1e-300, 1e300,
                           -3600, 9.89e14, 1e18, 7e-9, 0x1p-1074, 1.7976931348623157e308};
  for (Dimension d : kAllDimensions) {
    for (double x : values) {
      const std::string text = format_quantity(x, d);
      INFO(dimension_name(d) << ": " << x << " -> " << text);
      const Parsed back = parse_quantity(text, d);
      CHECK(back);
      CHECK(back.value == x);
    }
  }
}

TEST_CASE("the parameter table: a quantity's declared unit is its dimension's base unit") {
  for (const ParamSpec& p : scenario_params()) {
    const std::optional<Dimension> d = dimension_of(p.type);
    if (!d || base_unit(*d).empty()) continue;
    INFO(p.path);
    CHECK(p.unit == base_unit(*d));
  }
  CHECK(dimension_of(ParamType::Real) == Dimension::Number);
  CHECK(dimension_of(ParamType::Integer) == Dimension::Number);
  CHECK(dimension_of(ParamType::Power) == Dimension::Power);
  CHECK(dimension_of(ParamType::FlopRate) == Dimension::FlopRate);
  CHECK_FALSE(dimension_of(ParamType::Distribution));
  CHECK(type_name(ParamType::Bytes) == "size in bytes");
}

TEST_CASE("Section reads parameters of every dimension from a table of its own") {
  using T = ParamType;
  constexpr bool req = true, opt = false, excl = true, incl = false;
  static constexpr ParamSpec kGpuTable[] = {
      {"gpus", T::List, "", "", req, 1, incl, 10, "", "GPU types."},
      {"gpus[].name", T::Name, "", "", req, 0, incl, kNoLimit, "", "Name."},
      {"gpus[].tdp", T::Power, "W", "", req, 0, excl, kNoLimit, "", "Thermal design power."},
      {"gpus[].memory", T::Bytes, "B", "", req, 0, excl, kNoLimit, "", "HBM."},
      {"gpus[].bf16", T::FlopRate, "FLOP/s", "", req, 0, excl, kNoLimit, "", "Dense BF16."},
      {"gpus[].price", T::Money, "USD", "", opt, 0, incl, kNoLimit, "", "Price."},
      {"gpus[].embodied", T::Mass, "gCO2e", "318kg", opt, 0, incl, kNoLimit, "", "Embodied carbon."},
      {"gpus[].energy", T::Energy, "J", "", opt, 0, incl, kNoLimit, "", "Some energy."},
  };
  Diagnostics diags("gpus.yaml");
  YAML::Node root = YAML::Load(
      "gpus:\n"
      "  - {name: H100-SXM, tdp: 700W, memory: 80GB, bf16: 989 TFLOP/s, price: $25k, energy: 1.5kWh}\n"
      "  - {name: bad, tdp: 80GB, memory: 5 kW, bf16: -1 TFLOP/s, price: 25 EUR}\n");
  Section top(diags, root, "", "", kGpuTable);
  std::vector<Section> gpus = top.list("gpus");
  REQUIRE(gpus.size() == 2);
  CHECK(gpus[0].number("tdp") == 700);
  CHECK(gpus[0].number("memory") == 8e10);
  CHECK(gpus[0].number("bf16") == 9.89e14);
  CHECK(gpus[0].number("price") == 25000);
  CHECK(gpus[0].number("energy") == 5.4e6);
  CHECK(gpus[0].number("embodied") == 318000);          // the default, in its unit
  CHECK(root["gpus"][0]["embodied"].Scalar() == "318kg");  // and written into the tree
  CHECK(diags.empty());
  gpus[1].number("tdp");
  gpus[1].number("memory");
  gpus[1].number("bf16");
  gpus[1].number("price");
  REQUIRE(diags.items().size() == 4);
  CHECK(diags.items()[0].path == "gpus.bad.tdp");
  CHECK(diags.items()[0].message ==
        "expected a power such as 700W, 10.2kW, 30MW or a number of watts, got \"80GB\" (\"GB\" is a unit of size in bytes)");
  CHECK(diags.items()[1].path == "gpus.bad.memory");
  CHECK(diags.items()[1].message ==
        "expected a size in bytes such as 512B, 80GB, 2GiB, 320KiB or a number of bytes, got \"5 kW\" (\"kW\" is a unit of power)");
  CHECK(diags.items()[2].message == "must be > 0 FLOP/s, got -1 TFLOP/s");
  CHECK(contains(diags.items()[3].message, "expected an amount of money"));
  CHECK(contains(diags.items()[0].text(), "gpus.yaml:3:"));
}
