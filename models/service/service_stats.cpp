#include "models/service/service_stats.hpp"

namespace capsim::models {

ServiceStats::ServiceStats(sim::Recorder& recorder, const std::string& name, const std::vector<UserClass>& classes, bool per_class,
                           ServedMetrics served)
    : rec_(&recorder) {
  counts_.push_back(Counts{declare_service_signals(recorder, name, served)});
  if (per_class && classes.size() > 1) {
    for (const UserClass& c : classes) {
      class_scopes_.push_back(name + "/" + c.name);
      counts_.push_back(Counts{declare_service_signals(recorder, class_scopes_.back(), served)});
    }
  }
}

double ServiceStats::advance_session_seconds(sim::SimTime now) {
  const double t = sim::to_seconds(now);
  session_seconds_ += static_cast<double>(counts_[0].sessions) * (t - last_session_change_);
  last_session_change_ = t;
  return session_seconds_;
}

void ServiceStats::add_sessions(std::uint16_t cls, std::int64_t delta, sim::SimTime now) {
  session_seconds(now);
  add_level(&ServiceSignals::active_sessions, &Counts::sessions, cls, delta, now);
}

}  // namespace capsim::models
