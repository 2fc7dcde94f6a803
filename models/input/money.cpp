// parse_money: US dollars as parse_quantity reads them, or Chinese yuan converted at a rate.
#include <fmt/format.h>

#include "models/input/units.hpp"

namespace capsim::models {

Parsed parse_money(std::string_view text, double usd_per_cny) {
  constexpr std::string_view kSpace = " \t\n\r\f\v";  // what parse_quantity trims
  const std::size_t first = text.find_first_not_of(kSpace);
  const std::string_view s = first == std::string_view::npos ? std::string_view{} : text.substr(first, text.find_last_not_of(kSpace) - first + 1);
  if (!s.ends_with("CNY")) return parse_quantity(text, Dimension::Money);
  auto fail = [&](std::string_view note) {
    return Parsed{0, fmt::format("expected an amount of yuan such as 240000 CNY or 240k CNY, got \"{}\"{}", s, note)};
  };
  if (usd_per_cny <= 0) return fail(" (an amount in CNY needs an exchange rate: here write USD)");
  const Parsed yuan = parse_count(s.substr(0, s.size() - 3));
  if (!yuan) return fail(" (the suffixes are k, M and B, then CNY)");
  return Parsed{yuan.value * usd_per_cny, {}};
}

}  // namespace capsim::models
