// Every scenario parameter is declared once, here: name, type, unit, default, range and help.
// The scenario reader validates against this table, `capsim describe` prints it, and
// docs/parameters.md is generated from it.
#pragma once

#include <span>
#include <string>
#include <string_view>

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
  Count,         // a whole number, may use k / M / B
  Duration,      // seconds, or 250ms, 90s, 15min, 6h, 30d, 2w
  Rate,          // per second, or 9/s, 120/min, 3/d
  Distribution,  // {dist: NAME, ...} with values in `unit`
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
std::string_view type_name(ParamType type);
// "> 0", ">= 1, <= 10000", "" (no limit) -- for messages and docs.
std::string range_text(const ParamSpec& spec);

}  // namespace capsim::models
