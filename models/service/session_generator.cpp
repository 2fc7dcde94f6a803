#include "models/service/session_generator.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "models/service/admitted_users.hpp"
#include "models/service/turn_generator.hpp"

namespace capsim::models {

SessionGenerator::SessionGenerator(const UsageConfig& usage, const std::vector<UserClass>& classes, sim::EventPort port,
                                   const sim::RandomStreams& streams, const std::string& service)
    : port_(port), sessions_per_day_(usage.sessions_per_day), clock_(usage.diurnal, {}), rng_(streams.stream(service + "/sessions")) {
  for (const UserClass& c : classes) usage_scale_.push_back(c.usage_scale);
}

void SessionGenerator::handle(const sim::Event& e) {
  switch (static_cast<Kind>(e.kind)) {
    case Kind::SessionStart: on_session_start(); return;
  }
  sim::unknown_event(e, "SessionGenerator");
}

double SessionGenerator::usage_weight() const {
  double weight = 0;
  for (std::size_t c = 0; c < usage_scale_.size(); ++c) weight += static_cast<double>(parts_.users->members(c).size()) * usage_scale_[c];
  return weight;
}

void SessionGenerator::reschedule() {
  if (!(sessions_per_day_ > 0)) return;  // no usage: nothing to schedule
  port_.cancel(next_);
  const double rate = sessions_per_day_ / kSecondsPerDay * usage_weight();
  if (!(rate > 0)) return;
  boost::random::exponential_distribution<double> unit(1.0);
  const double tau = clock_.to_operational(sim::to_seconds(port_.now())) + unit(rng_) / rate;
  next_ = port_.at(sim::from_seconds(clock_.to_real(tau)), Kind::SessionStart);
}

void SessionGenerator::on_session_start() {
  reschedule();
  const AdmittedUsers& users = *parts_.users;
  std::size_t cls = 0;
  if (usage_scale_.size() > 1) {
    double u = boost::random::uniform_01<double>()(rng_) * usage_weight();
    for (cls = 0; cls + 1 < usage_scale_.size(); ++cls) {
      u -= static_cast<double>(users.members(cls).size()) * usage_scale_[cls];
      if (u < 0) break;
    }
  }
  const AdmittedUsers::MemberList& members = users.members(cls);
  if (members.empty()) return;
  boost::random::uniform_int_distribution<std::size_t> pick(0, members.size() - 1);
  const std::uint32_t user = members[pick(rng_)];
  if ((*parts_.users)[user].in_session) return;  // thinned: only idle users start sessions
  parts_.turns->start_session(user);
}

}  // namespace capsim::models
