// A scenario as typed configuration: what the YAML file says, validated, with defaults applied
// and times in seconds. Built only by load_scenario() (scenario_loader.hpp). The domains never
// see this type: each reads its own plain *_config.hpp part.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/catalog/catalog.hpp"
#include "models/demand/demand_config.hpp"
#include "models/jobs/jobs_config.hpp"
#include "models/service/service_config.hpp"
#include "models/serving/serving_config.hpp"
#include "models/training/training_config.hpp"

namespace capsim::models {

struct Scenario {
  std::string name;
  std::string source_file;
  double horizon_s = 0;
  double warmup_s = 0;
  std::uint64_t seed = 1;
  int replications = 1;
  double interval_s = 0;  // resolved: never 0
  bool per_class = true;
  bool cumulative_energy = false;  // output.cumulative_energy: series facility_energy_kwh
  std::vector<UserClass> classes;  // at least one
  std::optional<PopulationConfig> population;
  std::vector<ServiceConfig> services;
  std::vector<PoolConfig> pools;  // fleet.pools
  std::optional<JobsConfig> jobs;  // the internal GPU queue, on one of the pools
  std::optional<SiteConfig> site;  // `datacenter`: energy, carbon and cost accounting when set
  std::vector<TrainingRunConfig> training;  // `training`; with runs, `site` is set (the defaults without a datacenter)
  // The built-in catalog with the scenario's `catalog:` files over it (shared): the GPUs and
  // models that pools and services name. Null when the scenario has none of `catalog`, `fleet`,
  // `datacenter` and `training`, which are all that read it.
  std::shared_ptr<const Catalog> catalog;
  YAML::Node resolved;    // the scenario after overrides and defaults (config.resolved.yaml)
  // What the loader derived that a user should see (a fitted step-time profile), one line each:
  // printed by `capsim check` and as comments at the head of config.resolved.yaml.
  std::vector<std::string> notes;
};

}  // namespace capsim::models
