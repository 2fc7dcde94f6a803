// Plain configuration of how admitted users use a service: lifetime, sessions, turns, think
// time, token lengths and turn caps.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "sim/distribution.hpp"

namespace capsim::models {

// Sessions per day and the per-day turn caps count days of this length from time 0.
inline constexpr double kSecondsPerDay = 86400.0;

struct TurnCaps {
  double from_s = 0;
  std::int64_t per_session = std::numeric_limits<std::int64_t>::max();
  std::int64_t per_day = std::numeric_limits<std::int64_t>::max();
};

struct UsageConfig {
  std::optional<sim::Distribution> lifetime_s;  // absent: users stay
  double sessions_per_day = 0;
  std::vector<double> diurnal;
  sim::Distribution turns_per_session = sim::Distribution::deterministic(1);
  sim::Distribution think_time_s = sim::Distribution::deterministic(0);
  // ShareGPT means, 161 prompt / 338 output tokens (VALIDATION.md, "Demand reference").
  sim::Distribution prompt_tokens = sim::Distribution::deterministic(161);
  sim::Distribution output_tokens = sim::Distribution::deterministic(338);
  std::vector<std::pair<double, double>> token_pairs;  // from token_trace: (prompt, output) rows
  bool token_trace_in_order = false;  // the k-th request takes the k-th row (else a row at random)
  bool session_at_admission = false;  // each user starts a session as they are admitted
  bool carry_context = false;         // a turn's prompt carries the session's earlier prompts and outputs
  std::vector<TurnCaps> caps;                          // sorted by from_s
};

}  // namespace capsim::models
