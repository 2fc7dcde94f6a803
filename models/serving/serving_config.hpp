// Plain configuration of the serving fleet: pools of replicas that answer the services' requests.
// This first form serves with `fixed` service times: a replica holds one request at a time for a
// drawn service time (the queueing checks of VALIDATION.md, image generation). Continuous
// batching with roofline step times comes next (../shared/SERVING.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/accounting/accounting_config.hpp"
#include "models/serving/llm_pool_config.hpp"
#include "sim/distribution.hpp"

namespace capsim::models {

// Failures of a pool's GPUs: each GPU fails after a time drawn from `time_to_failure`; a failed
// GPU takes its whole replica down for a `repair` time, and the request it was serving goes back
// to the head of the queue, its progress lost. A repaired replica comes back as new (all its GPUs'
// clocks restart: exact for exponential lifetimes, an assumption otherwise).
struct FailureConfig {
  sim::Distribution time_to_failure_s = sim::Distribution::exponential(1);  // per GPU
  sim::Distribution repair_s = sim::Distribution::deterministic(0);
};

// One change of a pool's size over time (`fleet.pools[].changes`): `add` replicas ordered at
// `at` come into service at `at + lead_time`; `retire` replicas leave at `at` -- idle ones at
// once, then ones down for repair, then busy ones after their current batch (they take no new
// one). Exactly one of add and retire is > 0. At equal times, installations come first.
struct FleetChange {
  double at_s = 0;
  std::int64_t add = 0;
  double lead_time_s = 0;  // with add
  std::int64_t retire = 0;
};

struct PoolConfig {
  std::string name;
  std::int64_t replicas = 1;
  std::int64_t gpus_per_replica = 1;
  sim::Distribution service_time_s = sim::Distribution::deterministic(1);  // per request
  std::optional<std::int64_t> queue_limit;  // absent: unlimited; a request finding it full is rejected
  std::optional<FailureConfig> failures;     // absent: replicas never fail
  // Share of the replicas held for another tenant (as half of Azure's GPUs were kept for OpenAI
  // and Bing in 2023): from each time on; before the first entry, `reserved`. A reservation that
  // grows lets busy replicas finish their request first (no preemption).
  double reserved = 0;
  std::vector<std::pair<double, double>> reserved_schedule;  // (from s, share)
  // Static batching: a free replica takes up to `batch_max` waiting requests at once and serves
  // them together for one draw of `service_time` (per batch); all finish together. 1: one at a time.
  std::int64_t batch_max = 1;
  std::vector<FleetChange> changes;  // in the order given; empty: the pool keeps `replicas`
  // Set: the pool serves an LLM with continuous batching (LlmServingPool) and service_time_s is
  // unused; absent: `fixed` service times (FixedServicePool).
  std::optional<LlmPoolConfig> llm;
  // Set when the scenario has a `datacenter`: the pool's power by state and its GPUs' costs.
  std::optional<PoolAccounting> accounting;
  // `site`: the pool runs there instead of at the datacenter (its PUE, grid, price); absent: the datacenter's.
  std::optional<SiteConfig> site;
};

}  // namespace capsim::models
