#include "models/service_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "models/population.hpp"

namespace capsim::models {
namespace {

std::vector<int> priorities_of(const std::vector<UserClass>& classes) {
  std::vector<int> p;
  for (const UserClass& c : classes) p.push_back(c.priority);
  return p;
}

sim::Distribution class_distribution(const std::vector<UserClass>& classes) {
  std::vector<double> index, share;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    index.push_back(static_cast<double>(i));
    share.push_back(classes[i].share);
  }
  return sim::Distribution::empirical(index, share);
}

constexpr double kDay = 86400.0;

}  // namespace

ServiceModel::ServiceModel(const Scenario& scenario, std::uint16_t index, Simulation& simulation, sim::Recorder& recorder,
                           const sim::RandomStreams& streams)
    : cfg_(&scenario.services[index]),
      classes_(&scenario.classes),
      sim_(&simulation),
      rec_(&recorder),
      index_(index),
      room_(scenario.services[index].waitlist.order, priorities_of(scenario.classes)),
      class_of_(class_distribution(scenario.classes)),
      lifetime_(scenario.services[index].usage.lifetime_s),
      turns_(scenario.services[index].usage.turns_per_session),
      think_(scenario.services[index].usage.think_time_s),
      prompt_(scenario.services[index].usage.prompt_tokens),
      output_(scenario.services[index].usage.output_tokens),
      session_clock_(scenario.services[index].usage.diurnal, {}),
      policy_(make_admission_policy(scenario.services[index].waitlist)) {
  for (const UserClass& c : scenario.classes) patience_.push_back(c.patience_s ? c.patience_s : cfg_->waitlist.patience_s);
  members_.resize(scenario.classes.size());
  if (cfg_->waitlist.referral) referral_delay_ = cfg_->waitlist.referral->delay_s;
  const std::string& name = cfg_->name;
  counts_.push_back(Counts{declare_service_signals(recorder, name)});
  if (scenario.per_class && classes_->size() > 1)
    for (const UserClass& c : *classes_) counts_.push_back(Counts{declare_service_signals(recorder, name + "/" + c.name)});
  sinks_.emplace_back(recorder, name);
  if (counts_.size() > 1)
    for (const UserClass& c : *classes_) sinks_.emplace_back(recorder, name + "/" + c.name);
  if (cfg_->signups) signups_.emplace(*cfg_->signups);
  auto stream = [&](const char* part) { return streams.stream(name + "/" + part); };
  signup_rng_ = stream("signups");
  class_rng_ = stream("class");
  patience_rng_ = stream("patience");
  lifetime_rng_ = stream("lifetime");
  order_rng_ = stream("order");
  referral_rng_ = stream("referral");
  session_rng_ = stream("sessions");
  turn_rng_ = stream("turns");
  token_rng_ = stream("tokens");
}

void ServiceModel::start() {
  if (signups_) {
    const double t = signups_->next(signup_rng_);
    if (t != SignupProcess::kNever) sim_->schedule_at(sim::from_seconds(t), Event{0, index_, EventKind::Signup});
  }
  const double every = std::visit([](const auto& p) { return p.every_s(); }, policy_);
  if (every > 0) sim_->schedule_at(sim::from_seconds(every), Event{0, index_, EventKind::Round});
  const WaitlistConfig& w = cfg_->waitlist;
  if (!w.capacity_schedule.empty())
    sim_->schedule_at(sim::from_seconds(w.capacity_schedule.front().first), Event{0, index_, EventKind::CapacityChange});
}

AdmissionView ServiceModel::view() {
  advance_session_integral();
  return AdmissionView{sim::to_seconds(sim_->now()), room_.size(), counts_[0].admitted, capacity_now(), session_seconds_, requests_total_};
}

void ServiceModel::handle(const Event& e) {
  switch (e.kind) {
    case EventKind::Signup: on_signup(); break;
    case EventKind::Abandon: on_abandon(e.entity); break;
    case EventKind::Churn: on_churn(e.entity); break;
    case EventKind::Round: on_round(); break;
    case EventKind::CapacityChange: on_capacity_change(); break;
    case EventKind::Invite: on_invite(); break;
    case EventKind::SessionStart: on_session_start(); break;
    case EventKind::Turn: on_turn(e.entity); break;
    default: break;
  }
}

void ServiceModel::emit(sim::SignalId ServiceSignals::*signal, std::uint16_t cls, double value) {
  rec_->emit(counts_[0].signals.*signal, value);
  if (counts_.size() > 1) rec_->emit(counts_[1 + cls].signals.*signal, value);
}

void ServiceModel::add_level(sim::SignalId ServiceSignals::*signal, std::int64_t Counts::*count, std::uint16_t cls, std::int64_t delta) {
  const sim::SimTime now = sim_->now();
  Counts& all = counts_[0];
  all.*count += delta;
  rec_->set_level(all.signals.*signal, now, static_cast<double>(all.*count));
  if (counts_.size() > 1) {
    Counts& c = counts_[1 + cls];
    c.*count += delta;
    rec_->set_level(c.signals.*signal, now, static_cast<double>(c.*count));
  }
}

std::int64_t ServiceModel::capacity_now() const {
  const WaitlistConfig& w = cfg_->waitlist;
  if (capacity_index_ > 0) return w.capacity_schedule[capacity_index_ - 1].second;
  return w.capacity ? *w.capacity : std::numeric_limits<std::int64_t>::max();
}

// --- arrivals -------------------------------------------------------------------------------

void ServiceModel::on_signup() {
  const double t = signups_->next(signup_rng_);
  if (t != SignupProcess::kNever) sim_->schedule_at(sim::from_seconds(t), Event{0, index_, EventKind::Signup});
  arrive(draw_class(), kNoPerson);
}

std::uint16_t ServiceModel::draw_class() {
  return classes_->size() == 1 ? 0 : static_cast<std::uint16_t>(class_of_.sample(class_rng_));
}

std::uint32_t ServiceModel::join(std::uint16_t cls, std::uint32_t person) { return arrive(cls, person); }

std::uint32_t ServiceModel::arrive(std::uint16_t cls, std::uint32_t person) {
  const WaitlistConfig& w = cfg_->waitlist;
  const AdmissionView v = view();
  if (std::visit([&](const auto& p) { return p.admit_on_arrival(v); }, policy_)) {
    emit(&ServiceSignals::signup, cls, 0.0);
    emit(&ServiceSignals::wait, cls, 0.0);
    emit(&ServiceSignals::abandon, cls, 0.0);
    emit(&ServiceSignals::admitted_wait, cls, 0.0);
    admit(cls, person, false);
    return kNoPerson;
  }
  if (w.max_waiting && static_cast<std::int64_t>(room_.size()) >= *w.max_waiting) {
    emit(&ServiceSignals::signup, cls, 1.0);  // turned away: the waitlist is full
    return kNoPerson;
  }
  emit(&ServiceSignals::signup, cls, 0.0);
  const WaitingRoom::Id id = room_.add(sim_->now(), cls, person);
  if (auto& patience = patience_[cls])
    room_.at(id).patience = sim_->schedule_in(sim::from_seconds(patience->sample(patience_rng_)), Event{id, index_, EventKind::Abandon});
  add_level(&ServiceSignals::waitlist_len, &Counts::waiting, cls, +1);
  return id;
}

void ServiceModel::on_abandon(std::uint32_t id) {
  const WaitingPerson p = room_.at(id);
  room_.remove(id);
  emit(&ServiceSignals::wait, p.cls, sim::to_seconds(sim_->now() - p.signup));
  emit(&ServiceSignals::abandon, p.cls, 1.0);
  add_level(&ServiceSignals::waitlist_len, &Counts::waiting, p.cls, -1);
  if (p.person != kNoPerson && population_) population_->resolved(p.person, index_);
}

void ServiceModel::leave(std::uint32_t id) {
  const WaitingPerson p = room_.at(id);
  sim_->cancel(p.patience);
  room_.remove(id);
  emit(&ServiceSignals::wait, p.cls, sim::to_seconds(sim_->now() - p.signup));
  emit(&ServiceSignals::abandon, p.cls, 0.0);
  emit(&ServiceSignals::left, p.cls, 1.0);
  add_level(&ServiceSignals::waitlist_len, &Counts::waiting, p.cls, -1);
}

// --- admission ------------------------------------------------------------------------------

void ServiceModel::admit_waiting(std::size_t max_count) {
  ++admitting_batch_;
  for (std::size_t n = 0; n < max_count && !room_.empty() && slot_free(); ++n) {
    const WaitingPerson p = room_.at(room_.take(order_rng_));
    sim_->cancel(p.patience);
    const double waited = sim::to_seconds(sim_->now() - p.signup);
    emit(&ServiceSignals::wait, p.cls, waited);
    emit(&ServiceSignals::abandon, p.cls, 0.0);
    emit(&ServiceSignals::admitted_wait, p.cls, waited);
    add_level(&ServiceSignals::waitlist_len, &Counts::waiting, p.cls, -1);
    admit(p.cls, p.person, false);
  }
  if (--admitting_batch_ == 0) schedule_sessions();
}

void ServiceModel::admit(std::uint16_t cls, std::uint32_t person, bool invited) {
  emit(&ServiceSignals::admission, cls, invited ? 1.0 : 0.0);
  add_level(&ServiceSignals::admitted_users, &Counts::admitted, cls, +1);
  std::uint32_t user;
  if (!free_users_.empty()) {
    user = free_users_.back();
    free_users_.pop_back();
    users_[user] = ActiveUser{};
  } else {
    user = static_cast<std::uint32_t>(users_.size());
    users_.emplace_back();
  }
  users_[user].cls = cls;
  users_[user].day = std::numeric_limits<std::uint32_t>::max();
  users_[user].position = static_cast<std::uint32_t>(members_[cls].size());
  members_[cls].push_back(user);
  if (lifetime_)
    users_[user].churn = sim_->schedule_in(sim::from_seconds(lifetime_->sample(lifetime_rng_)), Event{user, index_, EventKind::Churn});
  if (admitting_batch_ == 0) schedule_sessions();
  if (const auto& ref = cfg_->waitlist.referral) {
    for (int i = 0; i < ref->invites; ++i)
      if (boost::random::uniform_01<double>()(referral_rng_) < ref->accept)
        sim_->schedule_in(sim::from_seconds(referral_delay_->sample(referral_rng_)), Event{0, index_, EventKind::Invite});
  }
  if (person != kNoPerson && population_) population_->admitted(person, index_);
}

void ServiceModel::on_invite() {
  const std::uint16_t cls = draw_class();
  emit(&ServiceSignals::signup, cls, 0.0);
  admit(cls, kNoPerson, true);
}

void ServiceModel::on_round() {
  const double every = std::visit([](const auto& p) { return p.every_s(); }, policy_);
  sim_->schedule_at(sim_->now() + sim::from_seconds(every), Event{0, index_, EventKind::Round});
  const AdmissionView v = view();
  admit_waiting(std::visit([&](auto& p) { return p.at_round(v); }, policy_));
}

void ServiceModel::advance_session_integral() {
  const double now = sim::to_seconds(sim_->now());
  session_seconds_ += static_cast<double>(counts_[0].sessions) * (now - last_session_change_);
  last_session_change_ = now;
}

void ServiceModel::after_slot_freed() {
  const AdmissionView v = view();
  admit_waiting(std::visit([&](const auto& p) { return p.after_slot_freed(v); }, policy_));
}

void ServiceModel::on_capacity_change() {
  ++capacity_index_;
  const auto& schedule = cfg_->waitlist.capacity_schedule;
  if (capacity_index_ < schedule.size())
    sim_->schedule_at(sim::from_seconds(schedule[capacity_index_].first), Event{0, index_, EventKind::CapacityChange});
  after_slot_freed();
}

void ServiceModel::on_churn(std::uint32_t user) {
  ActiveUser& u = users_[user];
  sim_->cancel(u.next);
  if (u.in_session) {
    advance_session_integral();
    add_level(&ServiceSignals::active_sessions, &Counts::sessions, u.cls, -1);
  }
  add_level(&ServiceSignals::admitted_users, &Counts::admitted, u.cls, -1);
  std::vector<std::uint32_t>& members = members_[u.cls];
  members[u.position] = members.back();
  users_[members.back()].position = u.position;
  members.pop_back();
  free_users_.push_back(user);
  schedule_sessions();
  after_slot_freed();
}

// --- usage ----------------------------------------------------------------------------------

// Every admitted user starts sessions as a Poisson process (rate sessions_per_day x the class's
// usage_scale, modulated by the diurnal clock) while not in a session. Rather than one pending
// event per user (millions), the service keeps one: the superposition of all users' processes,
// drawn at the total rate; each start picks a user (class by weight, then uniformly) and is
// dropped if that user is in a session -- exact thinning of the idle users' processes. When the
// number of users changes the pending start is redrawn, which is exact by memorylessness.
void ServiceModel::schedule_sessions() {
  if (!(cfg_->usage.sessions_per_day > 0)) return;  // no usage: nothing to schedule
  sim_->cancel(next_session_);
  double weight = 0;
  for (std::size_t c = 0; c < members_.size(); ++c) weight += static_cast<double>(members_[c].size()) * (*classes_)[c].usage_scale;
  const double rate = cfg_->usage.sessions_per_day / kDay * weight;
  if (!(rate > 0)) return;
  boost::random::exponential_distribution<double> unit(1.0);
  const double tau = session_clock_.to_operational(sim::to_seconds(sim_->now())) + unit(session_rng_) / rate;
  next_session_ = sim_->schedule_at(sim::from_seconds(session_clock_.to_real(tau)), Event{0, index_, EventKind::SessionStart});
}

void ServiceModel::on_session_start() {
  schedule_sessions();
  std::size_t cls = 0;
  if (members_.size() > 1) {
    double weight = 0;
    for (std::size_t c = 0; c < members_.size(); ++c) weight += static_cast<double>(members_[c].size()) * (*classes_)[c].usage_scale;
    double u = boost::random::uniform_01<double>()(session_rng_) * weight;
    for (cls = 0; cls + 1 < members_.size(); ++cls) {
      u -= static_cast<double>(members_[cls].size()) * (*classes_)[cls].usage_scale;
      if (u < 0) break;
    }
  }
  const std::vector<std::uint32_t>& members = members_[cls];
  if (members.empty()) return;
  boost::random::uniform_int_distribution<std::size_t> pick(0, members.size() - 1);
  const std::uint32_t user = members[pick(session_rng_)];
  ActiveUser& u = users_[user];
  if (u.in_session) return;  // thinned: only idle users start sessions
  u.turns_left = static_cast<std::uint32_t>(std::max(1.0, std::round(turns_.sample(turn_rng_))));
  u.session_turns = 0;
  u.in_session = true;
  advance_session_integral();
  emit(&ServiceSignals::session, u.cls, 1.0);
  add_level(&ServiceSignals::active_sessions, &Counts::sessions, u.cls, +1);
  on_turn(user);
}

void ServiceModel::on_turn(std::uint32_t user) {
  ActiveUser& u = users_[user];
  const UsageConfig& cfg = cfg_->usage;
  const double now = sim::to_seconds(sim_->now());
  while (caps_index_ < cfg.caps.size() && cfg.caps[caps_index_].from_s <= now) ++caps_index_;
  const auto day = static_cast<std::uint32_t>(now / kDay);
  if (day != u.day) {
    u.day = day;
    u.day_turns = 0;
  }
  if (caps_index_ > 0) {
    const TurnCaps& cap = cfg.caps[caps_index_ - 1];
    if (u.session_turns >= cap.per_session || u.day_turns >= cap.per_day) {
      emit(&ServiceSignals::capped, u.cls, 1.0);
      end_session(user);
      return;
    }
  }
  Request r{sim_->now(), user, index_, u.cls, 0, 0};
  if (!cfg.token_pairs.empty()) {
    boost::random::uniform_int_distribution<std::size_t> row(0, cfg.token_pairs.size() - 1);
    const auto& [prompt, output] = cfg.token_pairs[row(token_rng_)];
    r.prompt_tokens = prompt;
    r.output_tokens = output;
  } else {
    r.prompt_tokens = std::max(0.0, std::round(prompt_.sample(token_rng_)));
    r.output_tokens = std::max(1.0, std::round(output_.sample(token_rng_)));
  }
  sinks_[0].submit(r);
  if (sinks_.size() > 1) sinks_[1 + u.cls].submit(r);
  requests_total_ += 1;
  ++u.session_turns;
  ++u.day_turns;
  if (--u.turns_left > 0) {
    u.next = sim_->schedule_in(sim::from_seconds(think_.sample(turn_rng_)), Event{user, index_, EventKind::Turn});
  } else {
    end_session(user);
  }
}

void ServiceModel::end_session(std::uint32_t user) {
  ActiveUser& u = users_[user];
  u.in_session = false;
  advance_session_integral();
  add_level(&ServiceSignals::active_sessions, &Counts::sessions, u.cls, -1);
}

}  // namespace capsim::models
