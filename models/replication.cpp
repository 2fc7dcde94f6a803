#include "models/replication.hpp"

#include <chrono>
#include <deque>
#include <limits>

#include <fmt/format.h>

#include <optional>

#include "models/population.hpp"
#include "models/service_model.hpp"

namespace capsim::models {

RunResult run_replication(const Scenario& scenario, int replication, ReplicationProgress* progress, const std::atomic<bool>* stop,
                          std::uint64_t max_events) {
  const auto wall_start = std::chrono::steady_clock::now();
  Simulation simulation;
  sim::Recorder recorder;
  const sim::RandomStreams streams(scenario.seed, static_cast<std::uint64_t>(replication));
  std::deque<ServiceModel> services;  // stable addresses
  for (std::size_t i = 0; i < scenario.services.size(); ++i)
    services.emplace_back(scenario, static_cast<std::uint16_t>(i), simulation, recorder, streams);
  std::optional<Population> population;
  if (scenario.population) {
    population.emplace(scenario, services, simulation, streams);
    for (ServiceModel& s : services) s.set_population(&*population);
  }

  RunResult result;
  result.replication = replication;
  const sim::SimTime horizon = sim::from_seconds(scenario.horizon_s);
  const sim::SimTime interval = sim::from_seconds(scenario.interval_s);
  const sim::SimTime warmup = sim::from_seconds(scenario.warmup_s);
  if (warmup > 0) simulation.schedule_at(warmup, Event{0, 0, EventKind::Warmup});
  simulation.schedule_at(0, Event{0, 0, EventKind::Sample});
  for (ServiceModel& s : services) s.start();
  if (population) population->start();

  const std::uint64_t limit = max_events ? max_events : std::numeric_limits<std::uint64_t>::max();
  std::uint64_t fingerprint = 0x9E3779B97F4A7C15ULL;
  auto handle = [&](const Event& e) {
    fingerprint = (fingerprint ^ static_cast<std::uint64_t>(simulation.now()) ^ (std::uint64_t{static_cast<std::uint8_t>(e.kind)} << 56) ^
                   (std::uint64_t{e.service} << 40) ^ e.entity) * 0xBF58476D1CE4E5B9ULL;
    fingerprint ^= fingerprint >> 31;
    if (simulation.events_executed() > limit) {
      simulation.stop();
      return;
    }
    switch (e.kind) {
      case EventKind::PopulationSignup: population->on_signup(); break;
      case EventKind::Sample: {
        recorder.sample(simulation.now(), result.series);
        const sim::SimTime next = simulation.now() + interval;
        if (next <= horizon) simulation.schedule_at(next, Event{0, 0, EventKind::Sample});
        break;
      }
      case EventKind::Warmup: recorder.restart(simulation.now()); break;
      default: services[e.service].handle(e); break;
    }
  };

  // Run in slices so that progress can be reported; the slicing does not change the trajectory.
  constexpr int kSlices = 200;
  for (int i = 1; i <= kSlices; ++i) {
    if (stop && stop->load(std::memory_order_relaxed)) return result;
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

  result.completed = true;
  result.fingerprint = fingerprint;
  result.events = simulation.events_executed();
  result.metrics = recorder.measurements(horizon);
  result.series_names = recorder.series_names();
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return result;
}

}  // namespace capsim::models
