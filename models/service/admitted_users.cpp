#include "models/service/admitted_users.hpp"

#include <limits>

#include "models/service/admission_driver.hpp"
#include "models/service/service_stats.hpp"
#include "models/service/session_generator.hpp"

namespace capsim::models {

AdmittedUsers::AdmittedUsers(const UsageConfig& usage, std::size_t classes, sim::EventPort port, const sim::RandomStreams& streams,
                             const std::string& service)
    : port_(port), members_(classes), session_at_admission_(usage.session_at_admission) {
  if (usage.lifetime_s) lifetime_.emplace(*usage.lifetime_s, streams.stream(service + "/lifetime"));
}

void AdmittedUsers::handle(const sim::Event& e) {
  switch (static_cast<Kind>(e.kind)) {
    case Kind::Churn: on_churn(e.entity); return;
  }
  sim::unknown_event(e, "AdmittedUsers");
}

std::uint32_t AdmittedUsers::add(std::uint16_t cls) {
  const std::uint32_t user = users_.acquire().index;
  ActiveUser& u = users_.at(user);
  u.cls = cls;
  u.day = std::numeric_limits<std::uint32_t>::max();
  u.position = static_cast<std::uint32_t>(members_[cls].size());
  members_[cls].push_back(user);
  if (lifetime_) u.churn = port_.in(sim::from_seconds(lifetime_->next()), Kind::Churn, user);
  return user;
}

void AdmittedUsers::on_churn(std::uint32_t user) {
  ActiveUser& u = users_.at(user);
  port_.cancel(u.next);
  if (u.in_session) parts_.stats->add_sessions(u.cls, -1, port_.now());
  parts_.stats->add_level(&ServiceSignals::admitted_users, &ServiceStats::Counts::admitted, u.cls, -1, port_.now());
  MemberList& members = members_[u.cls];
  members[u.position] = members.back();
  users_.at(members.back()).position = u.position;
  members.pop_back();
  users_.release(users_.handle(user));
  parts_.sessions->reschedule();
  parts_.admission->after_slot_freed();
}

}  // namespace capsim::models
