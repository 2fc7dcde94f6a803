// What a pool tells a PoolRouter (pool_router.hpp) about its load, besides how many of its
// replicas serve now (ServingCapacity): the requests it holds and the share of its KV cache in use.
#pragma once

#include <cstdint>

#include "models/serving/serving_capacity.hpp"

namespace capsim::models {

class PoolLoad : public ServingCapacity {
 public:
  // Requests taken and not yet answered: waiting and in service. (An LLM pool also counts a
  // request whose user gave up while it waited, until its replica's queue drops it.)
  virtual std::int64_t outstanding() const = 0;
  // KV tokens in use over the KV cache of the replicas serving now; 0 for a pool without a KV
  // cache (fixed service times).
  virtual double kv_use() const = 0;

 protected:
  ~PoolLoad() = default;
};

}  // namespace capsim::models
