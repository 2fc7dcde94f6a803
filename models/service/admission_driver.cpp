#include "models/service/admission_driver.hpp"

#include <limits>

#include <boost/random/uniform_01.hpp>

#include "models/demand/population.hpp"
#include "models/service/admitted_users.hpp"
#include "models/service/service_stats.hpp"
#include "models/service/session_generator.hpp"
#include "models/service/turn_generator.hpp"
#include "models/service/waitlist_front.hpp"

namespace capsim::models {

AdmissionDriver::AdmissionDriver(const WaitlistConfig& waitlist, sim::EventPort port, const sim::RandomStreams& streams,
                                 const std::string& service)
    : cfg_(&waitlist),
      port_(port),
      policy_(make_admission_policy(waitlist)),
      referral_rng_(streams.stream(service + "/referral")),
      capacity_(waitlist.capacity ? *waitlist.capacity : std::numeric_limits<std::int64_t>::max(), waitlist.capacity_schedule),
      capacity_now_(capacity_.initial()) {
  if (waitlist.referral) referral_delay_ = waitlist.referral->delay_s;
  if (waitlist.carbon) clean_hours_.emplace(*waitlist.carbon);
}

void AdmissionDriver::start() {
  const double every = std::visit([](const auto& p) { return p.every_s(); }, policy_);
  if (every > 0) port_.at(sim::from_seconds(every), Kind::Round);
  if (!capacity_.empty()) port_.at(sim::from_seconds(capacity_.entries().front().from), Kind::CapacityChange, 0);
}

void AdmissionDriver::handle(const sim::Event& e) {
  switch (static_cast<Kind>(e.kind)) {
    case Kind::Round: on_round(); return;
    case Kind::CapacityChange: on_capacity_change(e.entity); return;
    case Kind::Invite: on_invite(); return;
    case Kind::HeldWave: on_held_wave(); return;
  }
  sim::unknown_event(e, "AdmissionDriver");
}

AdmissionView AdmissionDriver::view() {
  ServiceStats& stats = *parts_.stats;
  const double session_seconds = stats.session_seconds(port_.now());
  return AdmissionView{port_.now(), parts_.front->waiting(), stats.admitted(), capacity_now(), session_seconds,
                       stats.requests_total()};
}

bool AdmissionDriver::admits_on_arrival() {
  const AdmissionView v = view();
  return std::visit([&](const auto& p) { return p.admit_on_arrival(v); }, policy_);
}

void AdmissionDriver::admit_waiting(std::size_t max_count) {
  ++admitting_batch_;
  for (std::size_t n = 0; n < max_count && parts_.front->waiting() > 0 && parts_.stats->admitted() < capacity_now(); ++n) {
    const WaitingPerson p = parts_.front->take_for_admission();
    admit(p.cls, p.person, false);
  }
  if (--admitting_batch_ == 0) parts_.sessions->reschedule();
}

void AdmissionDriver::admit(std::uint16_t cls, std::uint32_t person, bool invited) {
  ServiceStats& stats = *parts_.stats;
  stats.emit(&ServiceSignals::admission, cls, invited ? 1.0 : 0.0);
  stats.add_level(&ServiceSignals::admitted_users, &ServiceStats::Counts::admitted, cls, +1, port_.now());
  const std::uint32_t user = parts_.users->add(cls);
  if (admitting_batch_ == 0) parts_.sessions->reschedule();
  if (parts_.users->session_at_admission()) parts_.turns->start_session(user);
  if (const auto& ref = cfg_->referral) {
    for (int i = 0; i < ref->invites; ++i)
      if (boost::random::uniform_01<double>()(referral_rng_) < ref->accept)
        port_.in(sim::from_seconds(referral_delay_->sample(referral_rng_)), Kind::Invite);
  }
  if (person != kNoPerson && parts_.population) parts_.population->admitted(person, parts_.front->index());
}

void AdmissionDriver::follow(ServingCapacity& pool) {
  fleet_ = &pool;
  pool.watch(*this);
}

void AdmissionDriver::watch_load(PoolWindowTotals& pool) {
  pool_window_.watch(pool, cfg_->measure, feedback_rounds(cfg_->window_s, cfg_->every_s));
}

void AdmissionDriver::on_invite() {
  const std::uint16_t cls = parts_.front->draw_class();
  parts_.stats->emit(&ServiceSignals::signup, cls, 0.0);
  admit(cls, kNoPerson, true);
}

void AdmissionDriver::on_round() {
  const double every = std::visit([](const auto& p) { return p.every_s(); }, policy_);
  port_.at(port_.now() + sim::from_seconds(every), Kind::Round);
  AdmissionView v = view();
  if (pool_window_.watching()) v.pool_measure = pool_window_.at_round(port_.now());
  const std::size_t count = std::visit([&](auto& p) { return p.at_round(v); }, policy_);
  if (clean_hours_) {
    const sim::SimTime go = clean_hours_->release_at(port_.now());
    if (go > port_.now()) {
      held_waves_.push(count);
      port_.at(go, Kind::HeldWave);
      return;
    }
  }
  admit_waiting(count);
}

void AdmissionDriver::on_held_wave() { admit_waiting(held_waves_.pop()); }

void AdmissionDriver::after_slot_freed() {
  const AdmissionView v = view();
  admit_waiting(std::visit([&](const auto& p) { return p.after_slot_freed(v); }, policy_));
}

void AdmissionDriver::on_capacity_change(std::uint32_t entry) {
  const auto& entries = capacity_.entries();
  capacity_now_ = entries[entry].value;
  if (entry + 1 < entries.size()) port_.at(sim::from_seconds(entries[entry + 1].from), Kind::CapacityChange, entry + 1);
  after_slot_freed();
}

}  // namespace capsim::models
