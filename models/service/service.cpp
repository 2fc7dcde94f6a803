#include "models/service/service.hpp"

namespace capsim::models {

Service::Service(const ServiceConfig& config, const std::vector<UserClass>& classes, bool per_class, std::uint16_t index,
                 sim::Simulation& simulation, std::uint16_t first_component, sim::Recorder& recorder, const sim::RandomStreams& streams)
    : stats_(recorder, config.name, classes, per_class, ServedMetrics{!config.pool.empty(), config.slo_ttft_s || config.slo_tpot_s}),
      requests_(recorder, config.name, stats_.class_scopes()),
      front_(config, classes, index, sim::EventPort(simulation, first_component), streams),
      admission_(config.waitlist, sim::EventPort(simulation, static_cast<std::uint16_t>(first_component + 1)), streams, config.name),
      users_(config.usage, classes.size(), sim::EventPort(simulation, static_cast<std::uint16_t>(first_component + 2)), streams,
             config.name),
      sessions_(config.usage, classes, sim::EventPort(simulation, static_cast<std::uint16_t>(first_component + 3)), streams, config.name),
      turns_(config, index, requests_, sim::EventPort(simulation, static_cast<std::uint16_t>(first_component + 4)), streams) {
  stats_.integrate_sessions(config.waitlist.policy == Policy::Feedback && config.waitlist.measure == FeedbackMeasure::ActiveSessions);
  wire();
}

void Service::wire() {
  const ServiceParts parts{&front_, &admission_, &users_, &sessions_, &turns_, &stats_, population_};
  front_.wire(parts);
  admission_.wire(parts);
  users_.wire(parts);
  sessions_.wire(parts);
  turns_.wire(parts);
}

void Service::set_population(Population* population) {
  population_ = population;
  wire();
}

void Service::start() {
  front_.start();
  admission_.start();
}

}  // namespace capsim::models
