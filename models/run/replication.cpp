#include "models/run/replication.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include <fmt/format.h>

#include "models/catalog/equivalents.hpp"
#include "models/run/world.hpp"

namespace capsim::models {
namespace {

// A hash of the event trajectory (time, component, kind, entity of every event), as OMNeT++
// keeps fingerprints: any unintended change of behaviour changes it.
struct TrajectoryHash {
  std::uint64_t value = 0x9E3779B97F4A7C15ULL;
  void add(sim::SimTime now, const sim::Event& e) {
    value = (value ^ static_cast<std::uint64_t>(now) ^ (std::uint64_t{e.kind} << 56) ^ (std::uint64_t{e.component} << 40) ^ e.entity) *
            0xBF58476D1CE4E5B9ULL;
    value ^= value >> 31;
  }
};

// The event loop in slices of simulated time (for progress and the stop flag; slicing does not
// change the trajectory). `Fingerprint` compiles the trajectory hash in or out of the loop.
template <bool Fingerprint>
bool run_slices(World& world, const Scenario& scenario, int replication, ReplicationProgress* progress, const std::atomic<bool>* stop,
                std::uint64_t max_events, TrajectoryHash& hash) {
  sim::Simulation& simulation = world.simulation();
  const sim::SimTime horizon = sim::from_seconds(scenario.horizon_s);
  const std::uint64_t limit = max_events ? max_events : std::numeric_limits<std::uint64_t>::max();
  auto handle = [&](const sim::Event& e) {
    if constexpr (Fingerprint) hash.add(simulation.now(), e);
    if (simulation.events_executed() > limit) {
      simulation.stop();
      return;
    }
    world.dispatch(e);
  };
  constexpr int kSlices = 200;
  for (int i = 1; i <= kSlices; ++i) {
    if (stop && stop->load(std::memory_order_relaxed)) return false;
    const sim::SimTime until = i == kSlices ? horizon : horizon / kSlices * i;
    simulation.run_until(until, handle);
    if (simulation.events_executed() > limit)
      throw LimitExceeded(fmt::format(
          "replication {} passed --max-events {} at {:.4g} s of simulated time ({:.2g}% of the horizon); shorten `horizon`, "
          "lower the signup rates or sessions_per_day, or raise --max-events",
          replication, max_events, sim::to_seconds(simulation.now()), 100 * simulation.now() / static_cast<double>(horizon)));
    if (progress) {
      progress->fraction.store(static_cast<double>(i) / kSlices, std::memory_order_relaxed);
      progress->events.store(simulation.events_executed(), std::memory_order_relaxed);
    }
  }
  return true;
}

// The services' energy rows: each pool's figures less its jobs', split among the services that
// used it by GPU-time share (energy_ledger.hpp), under the service's name -- unless a pool has
// that name too.
void append_service_energy(const World& world, const Scenario& scenario, std::vector<sim::Measurement>& out) {
  std::vector<std::string> names;
  for (const ServiceConfig& s : scenario.services) names.push_back(s.name);
  std::vector<EnergyLedger::Routed> routed;
  for (const PoolConfig& p : scenario.pools) {
    EnergyLedger::Routed r{p.name, {}};
    for (std::size_t i = 0; i < scenario.services.size(); ++i) {
      const ServiceConfig& s = scenario.services[i];
      if (s.pool == p.name || std::find(s.pools.begin(), s.pools.end(), p.name) != s.pools.end()) r.services.push_back(static_cast<std::uint16_t>(i));
    }
    routed.push_back(std::move(r));
  }
  for (const sim::Measurement& m : world.energy->service_measurements(sim::from_seconds(scenario.horizon_s), names, routed)) {
    bool pool_named = false;
    for (const PoolConfig& p : scenario.pools) pool_named = pool_named || p.name == m.scope;
    if (!pool_named) out.push_back(m);
  }
}

// The energy ledger's rows, the services' (append_service_energy), the run's cost per user the
// services admitted and the equivalents of its facility energy and carbon (scope `all`).
void append_energy(const World& world, const Scenario& scenario, std::vector<sim::Measurement>& metrics) {
  double admitted = 0;
  for (const sim::Measurement& m : metrics)
    for (const ServiceConfig& s : scenario.services)
      if (m.scope == s.name && m.metric == "admitted") admitted += m.value;
  std::vector<sim::Measurement> energy = world.energy->measurements(sim::from_seconds(scenario.horizon_s));
  double cost = 0, facility_kwh = 0, co2e_t = 0;
  for (const sim::Measurement& m : energy) {
    if (m.scope != "all") continue;
    if (m.metric == "cost_usd") cost = m.value;
    if (m.metric == "facility_energy_kwh") facility_kwh = m.value;
    if (m.metric == "co2e_t") co2e_t = m.value;
  }
  metrics.insert(metrics.end(), energy.begin(), energy.end());
  for (const TrainingRun& run : world.training) metrics.push_back(run.gpu_hours(sim::from_seconds(scenario.horizon_s)));
  append_service_energy(world, scenario, metrics);
  metrics.push_back({"all", "cost_per_admitted_user_usd", "USD", admitted > 0 ? cost / admitted : 0});
  // As the seed article puts GPT-3's 1,287 MWh: so many US homes' electricity for a year, so many
  // passenger cars' emissions for a year (factors and sources: models/catalog/equivalents.yaml).
  const Equivalents eq = equivalents_of(facility_kwh, co2e_t, scenario.catalog->equivalence_factors());
  metrics.push_back({"all", "us_homes_equivalent", "home-years", eq.us_homes_for_a_year});
  metrics.push_back({"all", "cars_equivalent", "car-years", eq.passenger_cars_for_a_year});
}

}  // namespace

RunResult run_replication(const Scenario& scenario, int replication, const ReplicationOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  World world(scenario, replication);
  world.start();

  RunResult result;
  result.replication = replication;
  TrajectoryHash hash;
  const bool done = options.fingerprint
                        ? run_slices<true>(world, scenario, replication, options.progress, options.stop, options.max_events, hash)
                        : run_slices<false>(world, scenario, replication, options.progress, options.stop, options.max_events, hash);
  if (!done) return result;

  result.completed = true;
  if (options.fingerprint) result.fingerprint = hash.value;
  result.events = world.simulation().events_executed();
  result.metrics = world.recorder().measurements(sim::from_seconds(scenario.horizon_s));
  if (world.energy) append_energy(world, scenario, result.metrics);
  result.series_names = world.recorder().series_names();
  world.recorder().for_each_sketch([&result](const std::string& scope, const std::string& signal, const sim::QuantileSketch& sketch) {
    result.sketches.push_back(SignalSketch{scope, signal, sketch});
  });
  result.series = std::move(world.series());
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return result;
}

}  // namespace capsim::models
