// A scenario as typed configuration: what the YAML file says, validated, with defaults applied
// and times in seconds. Built only by load_scenario() (scenario_loader.hpp).
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/signup_process.hpp"
#include "sim/distribution.hpp"

namespace capsim::models {

struct UserClass {
  std::string name;
  double share = 1;
  int priority = 0;
  std::optional<sim::Distribution> patience_s;  // overrides the service's
  double usage_scale = 1;
};

enum class Policy { Open, Fifo, Priority, Lottery, Waves, Feedback };
enum class QueueOrder { Fifo, Priority, Lottery };
enum class FeedbackMeasure { ActiveSessions, RequestRate };

struct Referral {
  int invites = 0;
  sim::Distribution delay_s = sim::Distribution::deterministic(0);
  double accept = 1;
};

struct WaitlistConfig {
  Policy policy = Policy::Fifo;
  QueueOrder order = QueueOrder::Fifo;               // who goes first (from the policy or `order`)
  std::optional<std::int64_t> capacity;              // absent: no slot limit
  std::vector<std::pair<double, std::int64_t>> capacity_schedule;  // (from s, capacity)
  std::optional<std::int64_t> max_waiting;           // absent: unlimited
  std::optional<sim::Distribution> patience_s;       // absent: nobody gives up
  double every_s = 0;                                // waves, feedback
  std::vector<std::pair<double, std::int64_t>> wave_sizes;  // (from s, size); a constant size is one entry at 0
  std::int64_t batch = 0;                            // feedback
  FeedbackMeasure measure = FeedbackMeasure::ActiveSessions;
  double window_s = 0, target = 0;                   // feedback
  std::optional<Referral> referral;
};

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
  std::vector<TurnCaps> caps;                          // sorted by from_s
};

struct ServiceConfig {
  std::string name;
  std::optional<SignupConfig> signups;  // its own signups
  double join = 0;                      // probability of joining from the shared population
  WaitlistConfig waitlist;
  UsageConfig usage;
};

struct PopulationConfig {
  SignupConfig signups;
  bool leave_on_admission = true;
};

struct Scenario {
  std::string name;
  std::string source_file;
  double horizon_s = 0;
  double warmup_s = 0;
  std::uint64_t seed = 1;
  int replications = 1;
  double interval_s = 0;  // resolved: never 0
  bool per_class = true;
  std::vector<UserClass> classes;  // at least one
  std::optional<PopulationConfig> population;
  std::vector<ServiceConfig> services;
  YAML::Node resolved;    // the scenario after overrides and defaults (config.resolved.yaml)
};

}  // namespace capsim::models
