// Plain configuration of the internal GPU queue: teams submit GPU requests (jobs) that wait for
// an approval (a sign-off that takes a while and may say no), then for idle replicas of one
// fixed serving pool they share with serving. Read from the scenario's `jobs:` section.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/accounting/clean_hours.hpp"
#include "sim/distribution.hpp"

namespace capsim::models {

struct TeamConfig {
  std::string name;
  int priority = 0;  // lower goes first; FIFO within a priority
  sim::Distribution interarrival_s = sim::Distribution::exponential(86400);  // between a team's requests
  std::int64_t gpus = 1;                              // per job, unless gpus_distribution is set
  std::optional<sim::Distribution> gpus_distribution;  // drawn per job, rounded up, at least 1
  sim::Distribution duration_s = sim::Distribution::deterministic(3600);  // once it has its GPUs
  sim::Distribution approval_delay_s = sim::Distribution::deterministic(0);
  double approval_probability = 1;
  std::optional<CleanHoursRule> deferrable;  // an approved job in a dirty hour waits for a clean one
};

struct JobsConfig {
  std::string pool;              // a fixed serving pool (FixedServicePool), by name
  bool preempt_serving = false;  // a job may take busy replicas (their requests start over)
  std::vector<TeamConfig> teams;
};

}  // namespace capsim::models
