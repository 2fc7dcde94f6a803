#include "models/service/session_generator.hpp"

#include <array>

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
  draw_next_start();
  prefetch_next_starts();
}

void SessionGenerator::draw_next_start() {
  port_.cancel(next_);
  const double rate = sessions_per_day_ / kSecondsPerDay * usage_weight();
  if (!(rate > 0)) return;
  boost::random::exponential_distribution<double> unit(1.0);
  const double tau = clock_.to_operational(sim::to_seconds(port_.now())) + unit(rng_) / rate;
  next_ = port_.at(sim::from_seconds(clock_.to_real(tau)), Kind::SessionStart);
}

template <class Engine>
std::int64_t SessionGenerator::draw_user_position(Engine& engine, std::size_t& cls) const {
  const AdmittedUsers& users = *parts_.users;
  cls = 0;
  if (usage_scale_.size() > 1) {
    double u = boost::random::uniform_01<double>()(engine) * usage_weight();
    for (cls = 0; cls + 1 < usage_scale_.size(); ++cls) {
      u -= static_cast<double>(users.members(cls).size()) * usage_scale_[cls];
      if (u < 0) break;
    }
  }
  const std::size_t members = users.members(cls).size();
  if (members == 0) return -1;
  return static_cast<std::int64_t>(boost::random::uniform_int_distribution<std::size_t>(0, members - 1)(engine));
}

// Each start draws, in this order: the time of the one after it, then its user. From here the
// next two starts will draw exactly that, unless the users change first (then reschedule()
// comes here again). The member of the start two ahead is prefetched; one ahead, if the last
// call already prefetched its member (it was then two ahead), the user it names is.
void SessionGenerator::prefetch_next_starts() {
  const double rate = sessions_per_day_ / kSecondsPerDay * usage_weight();
  if (!(rate > 0)) return;
  sim::LookaheadRng::Cursor ahead = rng_.peek();
  boost::random::exponential_distribution<double> unit(1.0);
  const AdmittedUsers& users = *parts_.users;
  std::array<Pick, 2> picks;
  for (Pick& p : picks) {
    unit(ahead);
    std::size_t cls = 0;
    p.position = draw_user_position(ahead, cls);
    p.cls = cls;
  }
  if (picks[0].position >= 0 && picks[0].position == two_ahead_.position && picks[0].cls == two_ahead_.cls) {
    users.prefetch(users.members(picks[0].cls)[static_cast<std::size_t>(picks[0].position)]);
  }
  if (picks[1].position >= 0) __builtin_prefetch(&users.members(picks[1].cls)[static_cast<std::size_t>(picks[1].position)]);
  two_ahead_ = picks[1];
}

void SessionGenerator::on_session_start() {
  draw_next_start();
  std::size_t cls = 0;
  const std::int64_t position = draw_user_position(rng_, cls);
  prefetch_next_starts();
  if (position < 0) return;
  const std::uint32_t user = parts_.users->members(cls)[static_cast<std::size_t>(position)];
  if ((*parts_.users)[user].in_session) return;  // thinned: only idle users start sessions
  parts_.turns->start_session(user);
}

}  // namespace capsim::models
