// What every kind of pool computes alike about its replicas' availability: when a replica of k
// GPUs fails, and how many replicas may serve under a reserved share.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/distribution.hpp"
#include "sim/random_streams.hpp"

namespace capsim::models {

// A replica fails when the first of its `gpus` GPUs does: the least of their draws, in seconds.
inline double replica_time_to_failure(sim::Distribution& per_gpu, std::int64_t gpus, sim::Rng& rng) {
  double first = per_gpu.sample(rng);
  for (std::int64_t g = 1; g < gpus; ++g) first = std::min(first, per_gpu.sample(rng));
  return first;
}

// Replicas of `replicas` that may serve while `share` of them is reserved: rounded down (the
// 1e-9 keeps 0.5 x 20 at 10 despite rounding in the share).
inline std::int64_t unreserved_replicas(double share, std::int64_t replicas) {
  return static_cast<std::int64_t>(std::floor((1 - share) * static_cast<double>(replicas) + 1e-9));
}

}  // namespace capsim::models
