#include "models/units.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace capsim::models {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Reads the leading number of `s`; `rest` gets what follows (spaces skipped).
bool leading_number(std::string_view s, double& value, std::string_view& rest) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || !std::isfinite(value)) return false;
  rest = trim(std::string_view(end, static_cast<std::size_t>(s.data() + s.size() - end)));
  return true;
}

struct Unit {
  std::string_view name;
  double factor;
};

constexpr Unit kTimeUnits[] = {{"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"min", 60},
                               {"h", 3600},  {"d", 86400}, {"w", 604800}};
constexpr Unit kCountSuffixes[] = {{"", 1}, {"k", 1e3}, {"M", 1e6}, {"B", 1e9}};

constexpr const char* kDurationHint = "expected a duration such as 250ms, 90s, 15min, 6h, 30d, 2w or a number of seconds";
constexpr const char* kRateHint = "expected a rate such as 9/s, 120/min, 3/d, 500k/d or a number per second";
constexpr const char* kCountHint = "expected a count such as 12, 500k, 20M or 1.5B";

Parsed fail(const char* hint, std::string_view text) { return Parsed{0, fmt::format("{}, got \"{}\"", hint, text)}; }

bool scale_by(const Unit* begin, const Unit* end, std::string_view unit, double& value) {
  for (const Unit* u = begin; u != end; ++u) {
    if (u->name == unit) {
      value *= u->factor;
      return true;
    }
  }
  return false;
}

}  // namespace

Parsed parse_number(std::string_view text) {
  const std::string_view s = trim(text);
  double v;
  std::string_view rest;
  if (!leading_number(s, v, rest) || !rest.empty()) return fail("expected a number", text);
  return Parsed{v, {}};
}

Parsed parse_count(std::string_view text) {
  double v;
  std::string_view rest;
  if (!leading_number(trim(text), v, rest) || !scale_by(std::begin(kCountSuffixes), std::end(kCountSuffixes), rest, v))
    return fail(kCountHint, text);
  return Parsed{v, {}};
}

Parsed parse_duration(std::string_view text) {
  double v;
  std::string_view rest;
  if (!leading_number(trim(text), v, rest)) return fail(kDurationHint, text);
  if (rest.empty()) return Parsed{v, {}};
  if (!scale_by(std::begin(kTimeUnits), std::end(kTimeUnits), rest, v)) return fail(kDurationHint, text);
  return Parsed{v, {}};
}

Parsed parse_rate(std::string_view text) {
  const std::string_view s = trim(text);
  const std::size_t slash = s.find('/');
  double v;
  std::string_view rest;
  if (!leading_number(trim(s.substr(0, slash)), v, rest) ||
      !scale_by(std::begin(kCountSuffixes), std::end(kCountSuffixes), rest, v))
    return fail(kRateHint, text);
  if (slash == std::string_view::npos) return Parsed{v, {}};
  double per = 1;
  if (!scale_by(std::begin(kTimeUnits), std::end(kTimeUnits), trim(s.substr(slash + 1)), per)) return fail(kRateHint, text);
  return Parsed{v / per, {}};
}

}  // namespace capsim::models
