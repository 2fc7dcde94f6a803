// A scenario as typed configuration: what the YAML file says, validated, with defaults applied
// and times in seconds. Built only by load_scenario() (scenario_loader.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/distribution.hpp"

namespace capsim::models {

struct SignupConfig {
  std::string process;  // "poisson"
  double rate_per_s = 0;
};

struct WaitlistConfig {
  std::string policy;  // "fifo"
  std::int64_t capacity = 0;
  std::optional<std::int64_t> max_waiting;      // absent: unlimited
  std::optional<sim::Distribution> patience_s;  // absent: nobody gives up
};

struct UsageConfig {
  sim::Distribution lifetime_s = sim::Distribution::deterministic(1.0);
};

struct ServiceConfig {
  std::string name;
  SignupConfig signups;
  WaitlistConfig waitlist;
  UsageConfig usage;
};

struct Scenario {
  std::string name;
  std::string source_file;
  double horizon_s = 0;
  double warmup_s = 0;
  std::uint64_t seed = 1;
  int replications = 1;
  double interval_s = 0;  // resolved: never 0
  std::vector<ServiceConfig> services;
  YAML::Node resolved;    // the scenario after overrides and defaults (config.resolved.yaml)
};

}  // namespace capsim::models
