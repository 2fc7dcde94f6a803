// Simulation time: one integer type for the whole program.
//
// Time is counted in integer nanosecond ticks, so ordering is exact and a 1-year horizon keeps
// nanosecond resolution with no floating-point drift (int64 covers about 292 years).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace capsim::sim {

using SimTime = std::int64_t;

inline constexpr SimTime kTicksPerSecond = 1'000'000'000;
inline constexpr SimTime kTimeNever = std::numeric_limits<SimTime>::max();
// Longest representable span in seconds (about 292 years); scenario validation refuses more.
inline constexpr double kMaxSeconds = 9.0e9;

// Seconds to ticks, rounded to the nearest tick (half away from zero). Callers keep `seconds`
// within [-kMaxSeconds, kMaxSeconds].
inline SimTime from_seconds(double seconds) {
  const double ticks = seconds * static_cast<double>(kTicksPerSecond);
  return ticks >= 0 ? static_cast<SimTime>(ticks + 0.5) : -static_cast<SimTime>(0.5 - ticks);  // NOLINT(bugprone-incorrect-roundings): the documented rounding; llround would differ only 1 ulp below a half tick and is a libm call here
}

inline double to_seconds(SimTime t) {
  return static_cast<double>(t) / static_cast<double>(kTicksPerSecond);
}

}  // namespace capsim::sim
