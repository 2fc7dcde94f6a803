// A pool's size over time (`fleet.pools[].changes`): the order in which its additions and
// retirements take effect, the storage bound a pool reserves for, and the check that no
// retirement asks for more replicas than are installed by then. The number installed is known
// in advance (failures take replicas down, not out), so the check is exact and made at load.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/serving/serving_config.hpp"

namespace capsim::models {

struct ChangeStep {
  double at_s = 0;           // when it takes effect: at + lead_time for an addition, at for a retirement
  std::int64_t delta = 0;    // + added, - retired
  std::size_t entry = 0;     // index in PoolConfig::changes
};

// The changes in the order they take effect: by time; at equal times installations first, then
// in the order given.
std::vector<ChangeStep> change_steps(const PoolConfig& pool);

// Replicas the pool may ever hold: the initial ones and every addition (retired slots are not reused).
std::int64_t max_replicas(const PoolConfig& pool);

// Replicas installed at time t (the piecewise-constant count the changes imply).
std::int64_t installed_at(const PoolConfig& pool, double t_s);

struct ChangeProblem {
  std::size_t entry = 0;
  std::string message;
};
// The first retirement that asks for more replicas than are installed when it takes effect.
std::vector<ChangeProblem> check_changes(const PoolConfig& pool);

}  // namespace capsim::models
