#include "models/service_model.hpp"

#include <boost/random/exponential_distribution.hpp>

namespace capsim::models {

ServiceModel::ServiceModel(const ServiceConfig& config, std::uint16_t index, Simulation& simulation, sim::Recorder& recorder,
                           const sim::RandomStreams& streams)
    : sim_(&simulation),
      rec_(&recorder),
      signals_(declare_service_signals(recorder, config.name)),
      index_(index),
      capacity_(config.waitlist.capacity),
      max_waiting_(config.waitlist.max_waiting),
      mean_interarrival_s_(1.0 / config.signups.rate_per_s),
      patience_s_(config.waitlist.patience_s),
      lifetime_s_(config.usage.lifetime_s),
      signup_rng_(streams.stream(config.name + "/signups")),
      patience_rng_(streams.stream(config.name + "/patience")),
      lifetime_rng_(streams.stream(config.name + "/lifetime")) {}

void ServiceModel::start() { schedule_next_signup(); }

void ServiceModel::schedule_next_signup() {
  boost::random::exponential_distribution<double> gap(1.0);
  sim_->schedule_in(sim::from_seconds(gap(signup_rng_) * mean_interarrival_s_), Event{0, index_, EventKind::Signup});
}

void ServiceModel::set_waitlist_level() {
  rec_->set_level(signals_.waitlist_len, sim_->now(), static_cast<double>(waitlist_.size()));
}

void ServiceModel::on_signup() {
  schedule_next_signup();
  const sim::SimTime now = sim_->now();
  if (waitlist_.empty() && slot_free()) {
    rec_->emit(signals_.signup, 0.0);
    admit(now);
    return;
  }
  if (max_waiting_ && static_cast<std::int64_t>(waitlist_.size()) >= *max_waiting_) {
    rec_->emit(signals_.signup, 1.0);  // turned away: the waitlist is full
    return;
  }
  rec_->emit(signals_.signup, 0.0);
  const Waitlist::Id id = waitlist_.push(now);
  if (patience_s_) {
    const sim::SimTime patience = sim::from_seconds(patience_s_->sample(patience_rng_));
    waitlist_.person(id).patience = sim_->schedule_in(patience, Event{id, index_, EventKind::Abandon});
  }
  set_waitlist_level();
}

void ServiceModel::on_abandon(Waitlist::Id id) {
  WaitingPerson& p = waitlist_.person(id);
  waitlist_.mark_gone(id);
  rec_->emit(signals_.wait, sim::to_seconds(sim_->now() - p.signup));
  rec_->emit(signals_.abandon, 1.0);
  set_waitlist_level();
}

void ServiceModel::admit(sim::SimTime signup_time) {
  const double waited = sim::to_seconds(sim_->now() - signup_time);
  rec_->emit(signals_.wait, waited);
  rec_->emit(signals_.abandon, 0.0);
  rec_->emit(signals_.admitted_wait, waited);
  ++admitted_;
  rec_->set_level(signals_.admitted_users, sim_->now(), static_cast<double>(admitted_));
  sim_->schedule_in(sim::from_seconds(lifetime_s_.sample(lifetime_rng_)), Event{0, index_, EventKind::Churn});
}

void ServiceModel::on_churn() {
  --admitted_;
  rec_->set_level(signals_.admitted_users, sim_->now(), static_cast<double>(admitted_));
  if (waitlist_.empty()) return;
  const WaitingPerson p = waitlist_.pop_front();
  if (patience_s_) sim_->cancel(p.patience);
  set_waitlist_level();
  admit(p.signup);
}

}  // namespace capsim::models
