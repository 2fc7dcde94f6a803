#include "models/input/units.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <span>

#include <fmt/format.h>

namespace capsim::models {
namespace {

constexpr std::string_view kNumberHint = "expected a number such as 3, 2.5, 1e6 or -4";
constexpr std::string_view kCountHint = "expected a count such as 12, 1e6, 500k, 20M or 1.5B";
constexpr std::string_view kDurationHint =
    "expected a duration such as 250ms, 90s, 15min, 6h, 30d, 2w or a number of seconds";
constexpr std::string_view kRateHint = "expected a rate such as 9/s, 120/min, 3/d, 500k/d or a number per second";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// A scale: value * 10^exp10 * mul. Decimal scales are applied by shifting the exponent of the
// written number, so "250ms" is the same double as "0.25" and "0.3k" the same as "300".
struct Unit {
  std::string_view name;
  int exp10;
  double mul;
};

constexpr Unit kTimeUnits[] = {{"ns", -9, 1}, {"us", -6, 1}, {"ms", -3, 1}, {"s", 0, 1},
                               {"min", 0, 60}, {"h", 0, 3600}, {"d", 0, 86400}, {"w", 0, 604800}};
constexpr Unit kSeconds = kTimeUnits[3];
constexpr Unit kCountSuffixes[] = {{"", 0, 1}, {"k", 3, 1}, {"M", 6, 1}, {"B", 9, 1}};

struct Alias {
  std::string_view written;  // lower case
  std::string_view meant;
};
constexpr Alias kTimeAliases[] = {
    {"nsec", "ns"},      {"nanosecond", "ns"},   {"nanoseconds", "ns"},  {"usec", "us"},    {"\xC2\xB5s", "us"},
    {"microsecond", "us"}, {"microseconds", "us"}, {"msec", "ms"},       {"millisecond", "ms"}, {"milliseconds", "ms"},
    {"sec", "s"},        {"secs", "s"},          {"second", "s"},        {"seconds", "s"},  {"mins", "min"},
    {"minute", "min"},   {"minutes", "min"},     {"hr", "h"},            {"hrs", "h"},      {"hour", "h"},
    {"hours", "h"},      {"day", "d"},           {"days", "d"},          {"wk", "w"},       {"wks", "w"},
    {"week", "w"},       {"weeks", "w"},
};
constexpr Alias kCountAliases[] = {{"m", "M"}, {"b", "B"}, {"thousand", "k"}, {"million", "M"}, {"billion", "B"}, {"bn", "B"}};

const Unit* find_unit(std::span<const Unit> units, std::string_view name) {
  for (const Unit& u : units)
    if (u.name == name) return &u;
  return nullptr;
}

// What the writer probably meant by an unknown unit: a known unit in another case or a
// spelled-out alias. Empty if nothing close.
std::string_view meant_unit(std::span<const Unit> units, std::span<const Alias> aliases, std::string_view unit) {
  const std::string l = lower(unit);
  for (const Unit& u : units)
    if (!u.name.empty() && u.name == l) return u.name;
  for (const Alias& a : aliases)
    if (a.written == l) return a.meant;
  return {};
}

// The leading number of a string and what follows it.
struct Split {
  bool ok = false;
  bool out_of_range = false;
  double value = 0;
  std::string_view number;  // the digits as written, without a leading '+'
  std::string_view unit;    // after the number, one separating space removed
};

Split split_number(std::string_view s) {
  Split r;
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) return r;
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), r.value);
  if (ec == std::errc::result_out_of_range) r.out_of_range = true;
  if (ec != std::errc() || !std::isfinite(r.value)) return r;
  r.ok = true;
  r.number = s.substr(0, static_cast<std::size_t>(end - s.data()));
  r.unit = s.substr(r.number.size());
  if (!r.unit.empty() && r.unit.front() == ' ') r.unit.remove_prefix(1);
  return r;
}

// number * 10^exp10, rounded once from the decimal text when it has no exponent of its own.
std::optional<double> shift(const Split& n, int exp10) {
  double v = n.value;
  if (exp10 == 0) return v;
  if (n.number.find_first_of("eE") == std::string_view::npos) {
    const std::string text = fmt::format("{}e{}", n.number, exp10);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  } else {
    v = exp10 > 0 ? v * std::pow(10.0, exp10) : v / std::pow(10.0, -exp10);
  }
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

Parsed fail(std::string_view hint, std::string_view text, std::string_view note = {}) {
  return Parsed{0, fmt::format("{}, got \"{}\"{}", hint, text, note)};
}

std::string number_note(const Split& n) { return n.out_of_range ? " (the number is out of range)" : ""; }

std::string spacing_note(std::string_view unit) {
  return !unit.empty() && is_space(unit.front()) ? " (at most one space may stand before the unit)" : "";
}

// `tail` follows the count in the suggestion: "/d" in "5K/d".
std::string count_note(const Split& n, std::string_view tail = {}) {
  if (std::string s = spacing_note(n.unit); !s.empty()) return s;
  const std::string_view meant = meant_unit(kCountSuffixes, kCountAliases, n.unit);
  if (!meant.empty()) return fmt::format(" (did you mean \"{}{}{}\"? the suffixes are k, M and B)", n.number, meant, tail);
  return " (the suffixes are k, M and B)";
}

std::string time_note(std::string_view number, std::string_view unit, std::string_view sep = "") {
  if (std::string s = spacing_note(unit); !s.empty()) return s;
  if (unit == "m" || unit == "M") return fmt::format(" (\"{}\" is ambiguous: use min for minutes or ms for milliseconds)", unit);
  const std::string_view meant = meant_unit(kTimeUnits, kTimeAliases, unit);
  if (!meant.empty()) return fmt::format(" (did you mean \"{}{}{}\"?)", number, sep, meant);
  return " (units: ns, us, ms, s, min, h, d, w)";
}

Parsed number_from(std::string_view text) {
  const std::string_view s = trim(text);
  const Split n = split_number(s);
  if (!n.ok || !n.unit.empty()) return fail(kNumberHint, s, number_note(n));
  return Parsed{n.value, {}};
}

Parsed count_from(std::string_view text) {
  const std::string_view s = trim(text);
  const Split n = split_number(s);
  if (!n.ok) return fail(kCountHint, s, number_note(n));
  const Unit* u = find_unit(kCountSuffixes, n.unit);
  if (!u) return fail(kCountHint, s, count_note(n));
  const std::optional<double> v = shift(n, u->exp10);
  if (!v) return fail(kCountHint, s, " (the number is out of range)");
  return Parsed{*v, {}};
}

Parsed duration_from(std::string_view text) {
  const std::string_view s = trim(text);
  const Split n = split_number(s);
  if (!n.ok) return fail(kDurationHint, s, number_note(n));
  const Unit* u = n.unit.empty() ? &kSeconds : find_unit(kTimeUnits, n.unit);
  if (!u) return fail(kDurationHint, s, time_note(n.number, n.unit));
  const std::optional<double> v = shift(n, u->exp10);
  if (!v || !std::isfinite(*v * u->mul)) return fail(kDurationHint, s, " (the number is out of range)");
  return Parsed{*v * u->mul, {}};
}

Parsed rate_from(std::string_view text) {
  const std::string_view s = trim(text);
  const std::size_t slash = s.find('/');
  std::string_view left = s.substr(0, slash);
  std::string_view per = slash == std::string_view::npos ? std::string_view("s") : s.substr(slash + 1);
  if (!left.empty() && left.back() == ' ') left.remove_suffix(1);
  if (!per.empty() && per.front() == ' ') per.remove_prefix(1);
  const Split n = split_number(left);
  if (!n.ok || (!left.empty() && is_space(left.back()))) return fail(kRateHint, s, number_note(n));
  const Unit* count = find_unit(kCountSuffixes, n.unit);
  if (!count) {
    // "9s" or "9 min": a unit without the slash.
    if (slash == std::string_view::npos && find_unit(kTimeUnits, n.unit))
      return fail(kRateHint, s, fmt::format(" (did you mean \"{}/{}\"?)", n.number, n.unit));
    return fail(kRateHint, s, count_note(n, slash == std::string_view::npos ? std::string_view() : s.substr(slash)));
  }
  const Unit* u = find_unit(kTimeUnits, per);
  if (!u) return fail(kRateHint, s, per.empty() ? std::string(" (a time unit must follow the slash)")
                                                : time_note(left, per, "/"));
  // count / (10^exp * mul seconds) = count * 10^-exp / mul
  const std::optional<double> v = shift(n, count->exp10 - u->exp10);
  if (!v) return fail(kRateHint, s, " (the number is out of range)");
  return Parsed{*v / u->mul, {}};
}

// ---- Datasheet dimensions: a number and one unit from the dimension's table. ----

constexpr Unit kBase = {"", 0, 1};
constexpr Unit kPowerUnits[] = {{"W", 0, 1}, {"kW", 3, 1}, {"MW", 6, 1}, {"GW", 9, 1}};
constexpr Unit kEnergyUnits[] = {{"J", 0, 1},      {"kJ", 3, 1},      {"MJ", 6, 1},      {"GJ", 9, 1},      {"Wh", 0, 3600},
                                 {"kWh", 3, 3600}, {"MWh", 6, 3600}, {"GWh", 9, 3600}, {"TWh", 12, 3600}};
constexpr Unit kMassUnits[] = {{"g", 0, 1}, {"kg", 3, 1}, {"t", 6, 1}, {"gCO2e", 0, 1}, {"kgCO2e", 3, 1}, {"tCO2e", 6, 1}};
constexpr Unit kByteUnits[] = {{"B", 0, 1},      {"kB", 3, 1},          {"KB", 3, 1},           {"MB", 6, 1},
                               {"GB", 9, 1},     {"TB", 12, 1},         {"PB", 15, 1},          {"KiB", 0, 0x1p10},
                               {"MiB", 0, 0x1p20}, {"GiB", 0, 0x1p30}, {"TiB", 0, 0x1p40}, {"PiB", 0, 0x1p50}};
constexpr Unit kFlopUnits[] = {{"FLOP/s", 0, 1},   {"kFLOP/s", 3, 1},  {"MFLOP/s", 6, 1},  {"GFLOP/s", 9, 1},  {"TFLOP/s", 12, 1},
                               {"PFLOP/s", 15, 1}, {"EFLOP/s", 18, 1}, {"FLOPS", 0, 1},    {"kFLOPS", 3, 1},   {"MFLOPS", 6, 1},
                               {"GFLOPS", 9, 1},   {"TFLOPS", 12, 1},  {"PFLOPS", 15, 1},  {"EFLOPS", 18, 1}};
// What format_quantity may write, largest first.
constexpr Unit kPowerShown[] = {kPowerUnits[3], kPowerUnits[2], kPowerUnits[1], kPowerUnits[0]};
constexpr Unit kEnergyShown[] = {kEnergyUnits[8], kEnergyUnits[7], kEnergyUnits[6], kEnergyUnits[5], kEnergyUnits[4], kEnergyUnits[0]};
constexpr Unit kMassShown[] = {kMassUnits[2], kMassUnits[1], kMassUnits[0]};
constexpr Unit kByteShown[] = {kByteUnits[11], kByteUnits[6], kByteUnits[10], kByteUnits[5], kByteUnits[9], kByteUnits[4],
                               kByteUnits[8],  kByteUnits[3], kByteUnits[7],  kByteUnits[1], kByteUnits[0]};
constexpr Unit kFlopShown[] = {kFlopUnits[6], kFlopUnits[5], kFlopUnits[4], kFlopUnits[3], kFlopUnits[2], kFlopUnits[1], kFlopUnits[0]};

struct DimensionInfo {
  Dimension dimension;
  std::string_view name;
  std::string_view base;
  std::string_view unit_list;
  std::string_view examples;
  std::string_view hint;
  std::span<const Unit> units;  // datasheet dimensions only
  std::span<const Unit> shown;
};

constexpr DimensionInfo kDimensions[] = {
    {Dimension::Number, "number", "", "", "3, 2.5, 1e6, -4", kNumberHint, {}, {}},
    {Dimension::Count, "count", "", "k, M, B", "12, 500k, 20M, 1.5B", kCountHint, {}, {}},
    {Dimension::Duration, "duration", "s", "ns, us, ms, s, min, h, d, w", "250ms, 90s, 15min, 6h, 30d, 2w", kDurationHint, {}, {}},
    {Dimension::Rate, "rate", "1/s", "COUNT/UNIT, UNIT one of ns, us, ms, s, min, h, d, w", "9/s, 120/min, 3/d, 500k/d", kRateHint, {}, {}},
    {Dimension::Power, "power", "W", "W, kW, MW, GW", "700W, 10.2kW, 30MW",
     "expected a power such as 700W, 10.2kW, 30MW or a number of watts", kPowerUnits, kPowerShown},
    {Dimension::Energy, "energy", "J", "J, kJ, MJ, GJ, Wh, kWh, MWh, GWh, TWh", "1.5kWh, 1287MWh, 1.287GWh, 3.6MJ",
     "expected an energy such as 1.5kWh, 1287MWh, 1.287GWh, 3.6MJ or a number of joules", kEnergyUnits, kEnergyShown},
    {Dimension::Mass, "mass of CO2e", "gCO2e", "g, kg, t, gCO2e, kgCO2e, tCO2e", "397g, 318kg, 552.1t, 14tCO2e",
     "expected a mass of CO2e such as 397g, 318kg, 552.1t, 14tCO2e or a number of grams", kMassUnits, kMassShown},
    {Dimension::Money, "amount of money", "USD", "USD, $ (with k, M, B)", "25000 USD, 2.5M USD, $25k",
     "expected an amount of money such as 25000 USD, 2.5M USD, $25k or a number of US dollars", {}, {}},
    {Dimension::Bytes, "size in bytes", "B", "B, kB = KB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB", "512B, 80GB, 2GiB, 320KiB",
     "expected a size in bytes such as 512B, 80GB, 2GiB, 320KiB or a number of bytes", kByteUnits, kByteShown},
    {Dimension::FlopRate, "compute rate", "FLOP/s",
     "FLOP/s, kFLOP/s, MFLOP/s, GFLOP/s, TFLOP/s, PFLOP/s, EFLOP/s (or FLOPS, TFLOPS ...)", "989 TFLOP/s, 312TFLOPS, 2.25PFLOP/s",
     "expected a compute rate such as 989 TFLOP/s, 312TFLOPS, 2.25PFLOP/s or a number of FLOP/s", kFlopUnits, kFlopShown},
};

const DimensionInfo& info(Dimension d) {
  for (const DimensionInfo& i : kDimensions)
    if (i.dimension == d) return i;
  return kDimensions[0];
}

// n * 10^(unit's exponent) * unit's multiplier, or an out-of-range failure.
Parsed scaled(const Split& n, const Unit& u, std::string_view hint, std::string_view text) {
  const std::optional<double> v = shift(n, u.exp10);
  if (!v || !std::isfinite(*v * u.mul)) return fail(hint, text, " (the number is out of range)");
  return Parsed{*v * u.mul, {}};
}

// `unit` belongs to another dimension: " ("kW" is a unit of power)"; empty if not.
std::string other_dimension_note(Dimension d, std::string_view unit) {
  for (const DimensionInfo& other : kDimensions)
    if (other.dimension != d && find_unit(other.units, unit)) return fmt::format(" (\"{}\" is a unit of {})", unit, other.name);
  if (find_unit(kTimeUnits, unit)) return fmt::format(" (\"{}\" is a unit of duration)", unit);
  if (unit.find('/') != std::string_view::npos && d != Dimension::FlopRate) return fmt::format(" (\"{}\" is a rate)", unit);
  return {};
}

// Why `unit` is not one of `d`'s units: spacing, letter case, another dimension's unit.
std::string unit_note(const DimensionInfo& d, std::string_view number, std::string_view unit) {
  if (std::string s = spacing_note(unit); !s.empty()) return s;
  const std::string l = lower(unit);
  for (const Unit& u : d.units)
    if (lower(u.name) == l) return fmt::format(" (did you mean \"{}{}\"?)", number, u.name);
  if (std::string other = other_dimension_note(d.dimension, unit); !other.empty()) return other;
  return fmt::format(" (units: {})", d.unit_list);
}

Parsed datasheet_from(std::string_view text, const DimensionInfo& d) {
  const std::string_view s = trim(text);
  const Split n = split_number(s);
  if (!n.ok) return fail(d.hint, s, number_note(n));
  const Unit* u = n.unit.empty() ? &kBase : find_unit(d.units, n.unit);
  if (!u) return fail(d.hint, s, unit_note(d, n.number, n.unit));
  return scaled(n, *u, d.hint, s);
}

// 25000, 25000 USD, 2.5M USD, 2.5MUSD, $25k, $2.5M: an amount with count suffixes k, M, B.
Parsed money_from(std::string_view text) {
  const DimensionInfo& d = info(Dimension::Money);
  const std::string_view s = trim(text);
  std::string_view body = s;
  const bool dollar = body.starts_with('$');
  if (dollar) body.remove_prefix(1);
  const Split n = split_number(body);
  if (!n.ok) return fail(d.hint, s, number_note(n));
  if (const std::string note = spacing_note(n.unit); !note.empty()) return fail(d.hint, s, note);
  std::string_view suffix = n.unit;
  const bool usd = suffix.ends_with("USD");
  if (usd) {
    suffix.remove_suffix(3);
    if (suffix.ends_with(' ')) suffix.remove_suffix(1);
  }
  const Unit* c = find_unit(kCountSuffixes, suffix);
  if (c && !(dollar && usd)) return scaled(n, *c, d.hint, s);
  if (dollar && usd) return fail(d.hint, s, " (write $ or USD, not both)");
  if (lower(n.unit).ends_with("usd")) {  // "25000 usd", "25K USD"
    std::string_view before = n.unit.substr(0, n.unit.size() - 3);
    if (before.ends_with(' ')) before.remove_suffix(1);
    const Unit* known = find_unit(kCountSuffixes, before);
    const std::string_view meant = known ? known->name : meant_unit(kCountSuffixes, kCountAliases, before);
    if (known || !meant.empty()) return fail(d.hint, s, fmt::format(" (did you mean \"{}{}USD\"?)", n.number, meant));
  }
  const std::string_view meant = meant_unit(kCountSuffixes, kCountAliases, n.unit);
  if (!meant.empty()) return fail(d.hint, s, fmt::format(" (did you mean \"{}{}{}\"?)", dollar ? "$" : "", n.number, meant));
  if (std::string other = other_dimension_note(Dimension::Money, n.unit); !other.empty()) return fail(d.hint, s, other);
  return fail(d.hint, s, " (the suffixes are k, M and B, then USD; or $ before the number)");
}

// The shortest "{value in u}{u}{after}" over `units` that parses back to exactly `value`; ties
// go to the earlier unit. The last unit must be the base unit, which always reads back exactly.
std::string shortest_exact(double value, Dimension d, std::span<const Unit> units, std::string_view after) {
  std::string best;
  for (const Unit& u : units) {
    const double n = value / (std::pow(10.0, u.exp10) * u.mul);
    const std::string text = fmt::format("{}{}{}", n, u.name, after);
    const Parsed back = parse_quantity(text, d);
    if (back && back.value == value && (best.empty() || text.size() < best.size())) best = text;
  }
  return best;
}

}  // namespace

Parsed parse_quantity(std::string_view text, Dimension dimension) {
  switch (dimension) {
    case Dimension::Number: return number_from(text);
    case Dimension::Count: return count_from(text);
    case Dimension::Duration: return duration_from(text);
    case Dimension::Rate: return rate_from(text);
    case Dimension::Money: return money_from(text);
    default: return datasheet_from(text, info(dimension));
  }
}

std::string_view dimension_name(Dimension dimension) { return info(dimension).name; }
std::string_view base_unit(Dimension dimension) { return info(dimension).base; }
std::string_view unit_list(Dimension dimension) { return info(dimension).unit_list; }
std::string_view unit_examples(Dimension dimension) { return info(dimension).examples; }

Parsed parse_number(std::string_view text) { return parse_quantity(text, Dimension::Number); }

Parsed parse_count(std::string_view text) { return parse_quantity(text, Dimension::Count); }
Parsed parse_duration(std::string_view text) { return parse_quantity(text, Dimension::Duration); }
Parsed parse_rate(std::string_view text) { return parse_quantity(text, Dimension::Rate); }

std::string format_seconds(double seconds) {
  if (std::isnan(seconds)) return "nan";
  if (std::isinf(seconds)) return seconds > 0 ? "inf" : "-inf";
  if (seconds == 0) return "0s";
  constexpr double kLimit = 1e15;  // beyond this, whole units stop being readable
  if (std::abs(seconds) < kLimit) {
    for (const Unit& u : {kTimeUnits[6], kTimeUnits[5], kTimeUnits[4], kSeconds}) {
      const double n = seconds / u.mul;
      if (n == std::trunc(n) && n * u.mul == seconds) return fmt::format("{}{}", n, u.name);
    }
    if (std::abs(seconds) < 1) {
      const double ms = std::round(seconds * 1000);
      if (ms / 1000 == seconds) return fmt::format("{}ms", ms);
    }
  }
  return fmt::format("{}s", seconds);
}

std::string format_quantity(double value, Dimension dimension) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  switch (dimension) {
    case Dimension::Number: case Dimension::Count: return fmt::format("{}", value);
    case Dimension::Duration: return format_seconds(value);
    case Dimension::Rate: return fmt::format("{}/s", value);
    case Dimension::Money: {
      constexpr Unit kMoneyShown[] = {kCountSuffixes[3], kCountSuffixes[2], kCountSuffixes[1], kCountSuffixes[0]};
      return shortest_exact(value, dimension, kMoneyShown, " USD");
    }
    default: return shortest_exact(value, dimension, info(dimension).shown, "");
  }
}

}  // namespace capsim::models
