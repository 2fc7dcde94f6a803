#include "models/service/waitlist_front.hpp"

#include "models/demand/class_share.hpp"
#include "models/service/admission_driver.hpp"
#include "models/service/service_stats.hpp"

namespace capsim::models {
namespace {

std::vector<int> priorities_of(const std::vector<UserClass>& classes) {
  std::vector<int> p;
  p.reserve(classes.size());
  for (const UserClass& c : classes) p.push_back(c.priority);
  return p;
}

}  // namespace

WaitlistFront::WaitlistFront(const ServiceConfig& service, const std::vector<UserClass>& classes, std::uint16_t index,
                             sim::EventPort port, const sim::RandomStreams& streams)
    : cfg_(&service.waitlist),
      index_(index),
      classes_(classes.size()),
      port_(port),
      room_(service.waitlist.order, priorities_of(classes)),
      class_of_(class_distribution(classes)),
      class_rng_(streams.stream(service.name + "/class")),
      patience_rng_(streams.stream(service.name + "/patience")),
      order_rng_(streams.stream(service.name + "/order")) {
  if (service.signups) signups_.emplace(*service.signups, streams.stream(service.name + "/signups"));
  for (const UserClass& c : classes) patience_.push_back(c.patience_s ? c.patience_s : service.waitlist.patience_s);
}

void WaitlistFront::start() {
  if (!signups_) return;
  const double t = signups_->next();
  if (t != SignupProcess::kNever) port_.at(sim::from_seconds(t), Kind::Signup);
}

void WaitlistFront::handle(const sim::Event& e) {
  switch (static_cast<Kind>(e.kind)) {
    case Kind::Signup: on_signup(); return;
    case Kind::Abandon: on_abandon(e.entity); return;
  }
  sim::unknown_event(e, "WaitlistFront");
}

std::uint16_t WaitlistFront::draw_class() {
  return classes_ == 1 ? 0 : static_cast<std::uint16_t>(class_of_.sample(class_rng_));
}

void WaitlistFront::on_signup() {
  start();  // the next arrival
  arrive(draw_class(), kNoPerson);
}

std::uint32_t WaitlistFront::arrive(std::uint16_t cls, std::uint32_t person) {
  ServiceStats& stats = *parts_.stats;
  if (parts_.admission->admits_on_arrival()) {
    stats.emit(&ServiceSignals::signup, cls, 0.0);
    stats.emit(&ServiceSignals::wait, cls, 0.0);
    stats.emit(&ServiceSignals::abandon, cls, 0.0);
    stats.emit(&ServiceSignals::admitted_wait, cls, 0.0);
    parts_.admission->admit(cls, person, false);
    return kNoPerson;
  }
  if (cfg_->max_waiting && static_cast<std::int64_t>(room_.size()) >= *cfg_->max_waiting) {
    stats.emit(&ServiceSignals::signup, cls, 1.0);  // turned away: the waitlist is full
    return kNoPerson;
  }
  stats.emit(&ServiceSignals::signup, cls, 0.0);
  const WaitingRoom::Id id = room_.add(port_.now(), cls, person);
  if (auto& patience = patience_[cls]) room_.at(id).patience = port_.in(sim::from_seconds(patience->sample(patience_rng_)), Kind::Abandon, id);
  stats.add_level(&ServiceSignals::waitlist_len, &ServiceStats::Counts::waiting, cls, +1, port_.now());
  return id;
}

void WaitlistFront::on_abandon(std::uint32_t id) {
  const WaitingPerson p = room_.at(id);
  room_.remove(id);
  ServiceStats& stats = *parts_.stats;
  stats.emit(&ServiceSignals::wait, p.cls, sim::to_seconds(port_.now() - p.signup));
  stats.emit(&ServiceSignals::abandon, p.cls, 1.0);
  stats.add_level(&ServiceSignals::waitlist_len, &ServiceStats::Counts::waiting, p.cls, -1, port_.now());
  if (p.person != kNoPerson && parts_.population) parts_.population->resolved(p.person, index_);
}

void WaitlistFront::leave(std::uint32_t id) {
  const WaitingPerson p = room_.at(id);
  port_.cancel(p.patience);
  room_.remove(id);
  ServiceStats& stats = *parts_.stats;
  stats.emit(&ServiceSignals::wait, p.cls, sim::to_seconds(port_.now() - p.signup));
  stats.emit(&ServiceSignals::abandon, p.cls, 0.0);
  stats.emit(&ServiceSignals::left, p.cls, 1.0);
  stats.add_level(&ServiceSignals::waitlist_len, &ServiceStats::Counts::waiting, p.cls, -1, port_.now());
}

WaitingPerson WaitlistFront::take_for_admission() {
  const WaitingPerson p = room_.at(room_.take(order_rng_));
  port_.cancel(p.patience);
  const double waited = sim::to_seconds(port_.now() - p.signup);
  ServiceStats& stats = *parts_.stats;
  stats.emit(&ServiceSignals::wait, p.cls, waited);
  stats.emit(&ServiceSignals::abandon, p.cls, 0.0);
  stats.emit(&ServiceSignals::admitted_wait, p.cls, waited);
  stats.add_level(&ServiceSignals::waitlist_len, &ServiceStats::Counts::waiting, p.cls, -1, port_.now());
  return p;
}

}  // namespace capsim::models
