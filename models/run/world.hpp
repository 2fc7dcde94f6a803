// The world of one replication: the simulation, the recorder and the components assembled from
// the scenario, each at an index of the component table to which its events are routed.
//
// Assembly is a table (kBuilders in world.cpp): each entry adds one kind of component for
// what the scenario says -- the recorder's clock, the services, the shared population. A new
// entity kind (a replica, a pool, a job queue, a power meter) is a builder there and an
// alternative of Component here; nothing else changes.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "models/accounting/energy_ledger.hpp"
#include "models/config/scenario.hpp"
#include "models/demand/population.hpp"
#include "models/jobs/job_queue.hpp"
#include "models/run/recorder_clock.hpp"
#include "models/service/service.hpp"
#include "models/serving/fixed_service_pool.hpp"
#include "models/serving/llm_serving_pool.hpp"
#include "models/serving/pool_router.hpp"
#include "models/training/training_run.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"
#include "sim/recorder.hpp"

namespace capsim::models {

// Every component kind. Dispatch compares the alternative's index and calls the component's
// handle() directly (inlined), without a virtual call or std::visit's table of function pointers.
using Component = std::variant<WaitlistFront*, AdmittedUsers*, AdmissionDriver*, SessionGenerator*, TurnGenerator*, FixedServicePool*,
                               LlmServingPool*, RecorderClock*, Population*, JobQueue*, TrainingRun*>;

class World {
 public:
  World(const Scenario& scenario, int replication);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Schedules every component's first events, in table order.
  void start();
  void dispatch(const sim::Event& e) {
    dispatch(components_[e.component], e, std::make_index_sequence<std::variant_size_v<Component>>());
  }

  sim::Simulation& simulation() { return sim_; }
  sim::Recorder& recorder() { return recorder_; }
  std::vector<sim::SeriesPoint>& series() { return series_; }

  // Used by the builders.
  const Scenario& scenario() const { return *scenario_; }
  const sim::RandomStreams& streams() const { return streams_; }
  std::uint16_t next_component() const { return static_cast<std::uint16_t>(components_.size()); }
  void add(Component c);

 private:
  // The most frequent kinds first (signups, churn): the comparisons run in variant order.
  template <std::size_t... I>
  static void dispatch(const Component& c, const sim::Event& e, std::index_sequence<I...>) {
    const std::size_t kind = c.index();
    (void)((kind == I && (std::get<I>(c)->handle(e), true)) || ...);
  }

  const Scenario* scenario_;
  sim::Simulation sim_;
  sim::Recorder recorder_;
  sim::RandomStreams streams_;
  std::vector<sim::SeriesPoint> series_;
  std::vector<Component> components_;

 public:
  // The components, filled by the builders; declared after the simulation and the recorder they
  // refer to, so they are built after them and destroyed before them.
  std::optional<EnergyLedger> energy;  // with a `datacenter`; not a component (no events)
  std::optional<RecorderClock> clock;
  std::deque<Service> services;  // stable addresses
  std::optional<Population> population;
  std::deque<FixedServicePool> pools;  // stable addresses
  std::deque<LlmServingPool> llm_pools;
  std::deque<PoolRouter> pool_routers;  // one per service with several pools; not components
  std::optional<JobQueue> jobs;
  std::deque<TrainingRun> training;  // stable addresses
};

}  // namespace capsim::models
