// A service served by several pools (`services[].serving.pools`, e.g. an H100 pool and an A100
// pool): picks a pool for each request and forwards it there; the pool's own router then picks
// a replica. It has no events of its own (it is not a component), so a scenario that gives one
// `pool` never builds one and keeps its trajectory.
//
// The rules, each over the pools with a replica serving now (a pool whose replicas are all down
// or reserved takes nothing; with none serving anywhere the first pool takes the request and
// rejects or queues it as it would alone):
// - round_robin: in turn, weighted by serving replicas (smooth weighted round robin: a pool of 3
//   replicas and one of 1 take 3 and 1 of every 4 requests, interleaved). It does not look at
//   load, so a slower GPU type gets its replicas' share whatever its speed.
// - least_outstanding (the default): the pool with the fewest outstanding requests per serving
//   replica after taking this one, (outstanding + 1) / replicas. Per replica, not per unit of
//   throughput: a faster pool drains sooner, holds fewer requests, and so takes more of them
//   without any estimate of its speed (which depends on the prompt and output lengths and the
//   batch). Ties go round robin.
// - power_of_two: two replicas drawn at random among all the serving ones (so a pool by its
//   replicas), the request going to the pool of the one whose pool has fewer outstanding per
//   replica; cheaper in a fleet of many pools, no better than least_outstanding with two.
// - least_kv: the pool with the least share of its KV cache in use (LLM pools only), ties by
//   outstanding per replica, then round robin.
// As a ServingCapacity it is the sum of its pools' serving replicas, for a waitlist capacity per
// replica, and tells its watchers when any pool's count changes. Answers go from the pool to the
// asker directly (the service records its latencies over all its pools).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/serving/pool_load.hpp"
#include "models/serving/router.hpp"
#include "models/usage/request.hpp"
#include "sim/random_streams.hpp"

namespace capsim::models {

class PoolRouter final : public RequestSink, public ServingCapacity, private CapacityWatcher {
 public:
  struct Pool {
    RequestSink* sink;
    PoolLoad* load;
  };

  PoolRouter(RouterKind kind, std::vector<Pool> pools, sim::Rng rng);
  PoolRouter(const PoolRouter&) = delete;
  PoolRouter& operator=(const PoolRouter&) = delete;

  void submit(const Request& request, RequestListener& listener) override;
  std::int64_t serving_replicas() const override;
  void watch(CapacityWatcher& watcher) override;

  RouterKind kind() const { return kind_; }
  // The pool (index into the list given) that would take the next request.
  std::size_t pick();

 private:
  void on_serving_replicas_changed() override;
  // a's load per serving replica after one more request is below b's (both serve).
  bool less_loaded(std::size_t a, std::size_t b) const;
  bool less_kv(std::size_t a, std::size_t b) const;

  RouterKind kind_;
  std::vector<Pool> pools_;
  std::vector<std::int64_t> serving_;  // scratch: each pool's serving replicas at this pick
  std::vector<std::int64_t> credit_;   // round robin
  std::size_t start_ = 0;              // where the next search starts: ties go round robin
  sim::Rng rng_;                       // power of two
  std::vector<CapacityWatcher*> watchers_;
};

}  // namespace capsim::models
