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
  if (const std::string s = spacing_note(n.unit); !s.empty()) return s;
  const std::string_view meant = meant_unit(kCountSuffixes, kCountAliases, n.unit);
  if (!meant.empty()) return fmt::format(" (did you mean \"{}{}{}\"? the suffixes are k, M and B)", n.number, meant, tail);
  return " (the suffixes are k, M and B)";
}

std::string time_note(std::string_view number, std::string_view unit, std::string_view sep = "") {
  if (const std::string s = spacing_note(unit); !s.empty()) return s;
  if (unit == "m" || unit == "M") return fmt::format(" (\"{}\" is ambiguous: use min for minutes or ms for milliseconds)", unit);
  const std::string_view meant = meant_unit(kTimeUnits, kTimeAliases, unit);
  if (!meant.empty()) return fmt::format(" (did you mean \"{}{}{}\"?)", number, sep, meant);
  return " (units: ns, us, ms, s, min, h, d, w)";
}

}  // namespace

Parsed parse_number(std::string_view text) {
  const std::string_view s = trim(text);
  const Split n = split_number(s);
  if (!n.ok || !n.unit.empty()) return fail(kNumberHint, s, number_note(n));
  return Parsed{n.value, {}};
}

Parsed parse_count(std::string_view text) {
  const std::string_view s = trim(text);
  const Split n = split_number(s);
  if (!n.ok) return fail(kCountHint, s, number_note(n));
  const Unit* u = find_unit(kCountSuffixes, n.unit);
  if (!u) return fail(kCountHint, s, count_note(n));
  const std::optional<double> v = shift(n, u->exp10);
  if (!v) return fail(kCountHint, s, " (the number is out of range)");
  return Parsed{*v, {}};
}

Parsed parse_duration(std::string_view text) {
  const std::string_view s = trim(text);
  const Split n = split_number(s);
  if (!n.ok) return fail(kDurationHint, s, number_note(n));
  const Unit* u = n.unit.empty() ? &kSeconds : find_unit(kTimeUnits, n.unit);
  if (!u) return fail(kDurationHint, s, time_note(n.number, n.unit));
  const std::optional<double> v = shift(n, u->exp10);
  if (!v || !std::isfinite(*v * u->mul)) return fail(kDurationHint, s, " (the number is out of range)");
  return Parsed{*v * u->mul, {}};
}

Parsed parse_rate(std::string_view text) {
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

}  // namespace capsim::models
