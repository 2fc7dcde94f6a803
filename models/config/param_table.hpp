// Every scenario parameter is declared once, here: name, type, unit, default, range and help.
// The scenario reader validates against this table, `capsim describe` prints it, and
// docs/parameters.md is generated from it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "models/input/units.hpp"

namespace capsim::models {

enum class ParamType {
  Section,       // a map of further parameters
  List,          // a list of named sections ("services")
  String,        // free text
  Name,          // an identifier: letters, digits, '-', '_'
  Choice,        // one of `choices` (comma-separated)
  Integer,       // a whole number
  Real,          // a number
  Flag,          // true or false
  Numbers,       // a list of numbers, or a CSV file of them: [1.2, 0.8, ...] or {file: x.csv}
  Files,         // a list of file names, relative to the scenario file: [a.yaml, b.yaml]
  Names,         // a list of names (letters, digits, '-', '_') of other entries: [h100, a100]
  Count,         // a whole number, may use k / M / B
  Duration,      // seconds, or 250ms, 90s, 15min, 6h, 30d, 2w
  Rate,          // per second, or 9/s, 120/min, 3/d
  Distribution,  // {dist: NAME, ...} with values in `unit`
  // Datasheet quantities, read by parse_quantity and kept in the dimension's base unit, which
  // is the declared `unit` (base_unit(): "W", "J", "gCO2e", "USD", "B", "FLOP/s").
  Power,         // watts, or 700W, 10.2kW
  Energy,        // joules, or 1.5kWh, 1287MWh
  Mass,          // grams CO2e, or 318kg, 552.1t
  Money,         // US dollars, or 25000 USD, $25k
  Bytes,         // bytes, or 80GB, 2GiB
  FlopRate,      // FLOP/s, or 989 TFLOP/s
};

inline constexpr double kNoLimit = 1e300;

struct ParamSpec {
  std::string_view path;           // dotted; list items as "[]": "services[].waitlist.capacity"
  ParamType type;
  std::string_view unit;           // "s", "1/s", "users", "" ...
  std::string_view default_value;  // "" with required = false: optional, absent means "off"
  bool required;
  double min;                      // inclusive unless min_exclusive
  bool min_exclusive;
  double max;                      // inclusive
  std::string_view choices;        // Choice: "fifo"; others: ""
  std::string_view help;           // one line; ends with the default's source where it has one
};

std::span<const ParamSpec> scenario_params();
const ParamSpec* find_param(std::string_view path);
// The same in another table (a catalog file's own).
const ParamSpec* find_param(std::span<const ParamSpec> table, std::string_view path);
std::string_view type_name(ParamType type);
// The dimension a scalar type is parsed as: Integer and Real as Number, Count, Duration, Rate
// and the datasheet types as themselves; nothing for the others (Section, String, ...).
std::optional<Dimension> dimension_of(ParamType type);
// "> 0", ">= 1, <= 10000", "" (no limit) -- for messages and docs.
std::string range_text(const ParamSpec& spec);

}  // namespace capsim::models
