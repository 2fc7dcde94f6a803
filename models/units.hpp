// Scenario quantities written the way people write them: durations (250ms, 90s, 15min, 6h,
// 30d, 2w), rates (9/s, 120/min, 3/d), counts (500k, 20M, 1B).
#pragma once

#include <string>
#include <string_view>

namespace capsim::models {

struct Parsed {
  double value = 0;
  std::string error;  // empty on success: what was expected and what was given
  explicit operator bool() const { return error.empty(); }
};

Parsed parse_number(std::string_view text);    // a finite real number: 3, 2.5, 1e6, -4
Parsed parse_count(std::string_view text);     // 12, 1e6, 500k, 20M, 1.5B
Parsed parse_duration(std::string_view text);  // seconds; units ns, us, ms, s, min, h, d, w
Parsed parse_rate(std::string_view text);      // per second; 9/s, 120/min, 500k/d; plain: per second

}  // namespace capsim::models
