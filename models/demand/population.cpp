#include "models/demand/population.hpp"

#include <boost/random/uniform_01.hpp>

#include "models/demand/class_share.hpp"

namespace capsim::models {

Population::Population(const PopulationConfig& config, const std::vector<UserClass>& classes, std::vector<WaitlistDoor*> doors,
                       std::vector<double> join, sim::EventPort port, const sim::RandomStreams& streams)
    : cfg_(&config),
      doors_(std::move(doors)),
      join_(std::move(join)),
      port_(port),
      process_(config.signups, streams.stream("population/signups")),
      class_of_(class_distribution(classes)),
      class_rng_(streams.stream("population/class")),
      join_rng_(streams.stream("population/join")) {}

void Population::start() {
  const double t = process_.next();
  if (t != SignupProcess::kNever) port_.at(sim::from_seconds(t), Kind::Signup);
}

void Population::handle(const sim::Event& e) {
  switch (static_cast<Kind>(e.kind)) {
    case Kind::Signup: on_signup(); return;
  }
  sim::unknown_event(e, "Population");
}

void Population::on_signup() {
  start();  // the next arrival
  const std::size_t n = join_.size();
  const std::uint32_t person = people_.acquire().index;
  if (membership_.size() < people_.slots() * n) membership_.resize(people_.slots() * n);
  for (std::size_t s = 0; s < n; ++s) membership_[person * n + s] = kNoPerson;
  const auto cls = static_cast<std::uint16_t>(class_of_.sample(class_rng_));
  bool admitted_somewhere = false;
  for (std::size_t s = 0; s < n; ++s) {
    if (!(boost::random::uniform_01<double>()(join_rng_) < join_[s])) continue;
    if (admitted_somewhere && cfg_->leave_on_admission) break;
    // Marked before joining: an immediate admission calls admitted() for this person.
    membership_[person * n + s] = kNoPerson - 1;
    const std::uint32_t id = doors_[s]->join(cls, person);
    if (membership_[person * n + s] == kNoPerson - 1) membership_[person * n + s] = id;  // still waiting (or turned away)
    admitted_somewhere = admitted_somewhere || membership_[person * n + s] == kNoPerson - 2;
    if (membership_[person * n + s] == kNoPerson - 2) membership_[person * n + s] = kNoPerson;
  }
  release_if_done(person);
}

void Population::admitted(std::uint32_t person, std::uint16_t service) {
  const std::size_t n = join_.size();
  std::uint32_t& mine = membership_[person * n + service];
  mine = mine == kNoPerson - 1 ? kNoPerson - 2 : kNoPerson;  // admitted at once while joining, or from the waitlist
  if (cfg_->leave_on_admission) {
    for (std::size_t s = 0; s < n; ++s) {
      std::uint32_t& other = membership_[person * n + s];
      if (s != service && other < kNoPerson - 2) {
        const std::uint32_t id = other;
        other = kNoPerson;
        doors_[s]->leave(id);
      }
    }
  }
  if (mine == kNoPerson) release_if_done(person);
}

void Population::resolved(std::uint32_t person, std::uint16_t service) {
  membership_[person * join_.size() + service] = kNoPerson;
  release_if_done(person);
}

void Population::release_if_done(std::uint32_t person) {
  const std::size_t n = join_.size();
  for (std::size_t s = 0; s < n; ++s)
    if (membership_[person * n + s] != kNoPerson) return;
  people_.release(people_.handle(person));
}

}  // namespace capsim::models
