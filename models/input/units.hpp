// Quantities written the way people and datasheets write them, one parser for all dimensions:
// durations (250ms, 90s, 15min, 6h, 30d, 2w), rates (9/s, 120/min, 3/d, 500k/d), counts (500k,
// 20M, 1.5B), power (700W, 10.2kW), energy (1.5kWh, 1287MWh), CO2e mass (318kg, 552.1tCO2e),
// money (25000 USD, $25k), sizes (80GB, 2GiB) and compute rates (989 TFLOP/s).
//
// parse_quantity(text, dimension) returns the value in the dimension's one base unit
// (base_unit()): seconds, 1/s, W, J, grams CO2e, USD, bytes, FLOP/s. A plain number is a value
// in the base unit. Decimal prefixes are applied to the written digits, so "1.5kWh" is exactly
// 1.5e3 * 3600 J and "250ms" the same double as "0.25"; binary sizes (KiB = 1024 B) multiply
// by exact powers of two. Energy is kept in joules (not kWh) so that every unit is an exact
// multiple: 1 Wh = 3600 J, 1 kWh = 3.6e6 J.
//
// Every parser ignores leading and trailing whitespace and rejects empty text, NaN, infinities,
// out-of-range exponents and trailing junk. Negative values parse: range checks are the
// caller's. On failure `error` says what was expected and quotes the text, e.g.
//   expected a duration such as 250ms, 90s, 15min, 6h, 30d, 2w or a number of seconds, got "3 parsecs"
#pragma once

#include <string>
#include <string_view>

namespace capsim::models {

enum class Dimension {
  Number,    // a plain real number: 3, 2.5, 1e6, -4
  Count,     // 12, 500k, 20M, 1.5B (suffixes k, M, B)
  Duration,  // s:   ns, us, ms, s, min, h, d, w
  Rate,      // 1/s: COUNT/UNIT, 9/s, 120/min, 500k/d
  Power,     // W:   W, kW, MW, GW
  Energy,    // J:   J, kJ, MJ, GJ, Wh, kWh, MWh, GWh, TWh
  Mass,      // g CO2e: g, kg, t, and gCO2e, kgCO2e, tCO2e
  Money,     // USD: 25000 USD, 2.5M USD, $25k, $2.5M (count suffixes k, M, B)
  Bytes,     // B:   B, kB = KB, MB, GB, TB, PB (powers of 1000); KiB, MiB, GiB, TiB, PiB (of 1024)
  FlopRate,  // FLOP/s: FLOP/s, kFLOP/s, MFLOP/s, GFLOP/s, TFLOP/s, PFLOP/s, EFLOP/s; also FLOPS, TFLOPS ...
};

inline constexpr Dimension kAllDimensions[] = {Dimension::Number, Dimension::Count,  Dimension::Duration,
                                               Dimension::Rate,   Dimension::Power,  Dimension::Energy,
                                               Dimension::Mass,   Dimension::Money,  Dimension::Bytes,
                                               Dimension::FlopRate};

struct Parsed {
  double value = 0;
  std::string error;  // empty on success
  explicit operator bool() const { return error.empty(); }
};

// `text` as a quantity of `dimension`, in base_unit(dimension). Errors name the dimension with
// examples and quote the text; a unit of another dimension is named as such:
//   expected a size in bytes such as 512B, 80GB, 2GiB or a number of bytes, got "5 kW" ("kW" is a unit of power)
// parse_number, parse_count, parse_duration and parse_rate below are this with one dimension.
Parsed parse_quantity(std::string_view text, Dimension dimension);

// "power", "energy", "size in bytes" ... for messages and docs.
std::string_view dimension_name(Dimension dimension);
// The unit parse_quantity returns: "", "", "s", "1/s", "W", "J", "gCO2e", "USD", "B", "FLOP/s".
std::string_view base_unit(Dimension dimension);
// The accepted units, for docs: "W, kW, MW, GW".
std::string_view unit_list(Dimension dimension);
// A few written examples, for docs: "700W, 10.2kW, 30MW".
std::string_view unit_examples(Dimension dimension);

// A readable form that parses back to exactly `value`: the shortest among the dimension's
// usual units (ties: the larger unit), e.g. 5.4e6 J -> "1.5kWh", 2147483648 B -> "2GiB",
// 80e9 B -> "80GB", 25000 USD -> "25k USD", 9.89e14 FLOP/s -> "989TFLOP/s"; durations as
// format_seconds. parse_quantity(format_quantity(x, d), d).value == x for finite x; NaN and
// infinities come out as "nan", "inf", "-inf" (which do not parse).
std::string format_quantity(double value, Dimension dimension);

// A finite real number: 3, 2.5, .5, 1e6, -4, +4.
Parsed parse_number(std::string_view text);
// Money in USD as parse_quantity reads it, or an amount of Chinese yuan with the count suffixes,
// "240000 CNY", "240k CNY", converted at `usd_per_cny` (<= 0: yuan are refused).
Parsed parse_money(std::string_view text, double usd_per_cny);
// A number with an optional suffix k (1e3), M (1e6) or B (1e9), case-sensitive: 12, 1e6, 500k,
// 20M, 1.5B. One space may separate the number and the suffix.
Parsed parse_count(std::string_view text);
// Seconds. A plain number is seconds; units ns, us, ms, s, min, h, d, w, optionally after one
// space: 250ms, 90s, 15min, "15 min", 1.5h, 30d, 2w. Sub-second units divide (250ms == 0.25
// exactly, the same double as "0.25").
Parsed parse_duration(std::string_view text);
// Events per second. COUNT/UNIT with a count suffix allowed on the numerator and a duration
// unit as the denominator: 9/s, 4/ms, 120/min, 2/h, 3/d, 1/w, 500k/d; one space may stand on
// either side of the slash. A plain number (or count) is per second.
Parsed parse_rate(std::string_view text);

// The shortest exact form for messages and docs, in the largest of d, h, min, s, ms that
// divides the value exactly: 86400 -> "1d", 5400 -> "90min", 90 -> "90s", 0.25 -> "250ms";
// otherwise plain seconds, "1.0001s". parse_duration(format_seconds(x)).value == x for finite x.
// NaN and infinities come out as "nan", "inf", "-inf".
std::string format_seconds(double seconds);

}  // namespace capsim::models
