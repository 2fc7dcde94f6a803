// Scenario quantities written the way people write them: durations (250ms, 90s, 15min, 6h,
// 30d, 2w), rates (9/s, 120/min, 3/d, 500k/d), counts (500k, 20M, 1.5B).
//
// Every parser ignores leading and trailing whitespace and rejects empty text, NaN, infinities,
// out-of-range exponents and trailing junk. Negative values parse: range checks are the
// caller's. On failure `error` says what was expected and quotes the text, e.g.
//   expected a duration such as 250ms, 90s, 15min, 6h, 30d, 2w or a number of seconds, got "3 parsecs"
#pragma once

#include <string>
#include <string_view>

namespace capsim::models {

struct Parsed {
  double value = 0;
  std::string error;  // empty on success
  explicit operator bool() const { return error.empty(); }
};

// A finite real number: 3, 2.5, .5, 1e6, -4, +4.
Parsed parse_number(std::string_view text);
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
