// A pool's size over time (`fleet.pools[].changes`): the order in which its additions and
// retirements take effect, the storage bound a pool reserves for, and the check that no
// retirement asks for more replicas than are installed by then. The number installed is known
// in advance (failures take replicas down, not out), so the check is exact and made at load.
// Both kinds of pool (FixedServicePool, LlmServingPool) schedule their changes through
// schedule_changes() and retire in the same order: idle replicas at once, then replicas down
// for repair, then busy ones, which take no new work and leave once they hold none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/serving/serving_config.hpp"
#include "sim/event.hpp"
#include "sim/time.hpp"

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

// Schedules each change on the pool's port at the time it takes effect: an `install` event for
// an addition, a `retire` event for a retirement, the change's index in PoolConfig::changes as
// the event's entity.
template <class Kind>
void schedule_changes(const PoolConfig& pool, const sim::EventPort& port, Kind install, Kind retire) {
  for (const ChangeStep& step : change_steps(pool))
    port.at(sim::from_seconds(step.at_s), step.delta > 0 ? install : retire, static_cast<std::uint32_t>(step.entry));
}

struct ChangeProblem {
  std::size_t entry = 0;
  std::string message;
};
// The first retirement that asks for more replicas than are installed when it takes effect.
std::vector<ChangeProblem> check_changes(const PoolConfig& pool);

}  // namespace capsim::models
