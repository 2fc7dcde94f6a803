// People who may join several services' waitlists at once ("join every waitlist", as the 2023
// sites offered). Each arrival joins each service with that service's `join` probability; when
// one service admits the person, they leave the other waitlists (leave_on_admission).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "models/event.hpp"
#include "models/scenario.hpp"
#include "models/signup_process.hpp"
#include "sim/distribution.hpp"
#include "sim/random_streams.hpp"

namespace capsim::models {

class ServiceModel;

class Population {
 public:
  Population(const Scenario& scenario, std::deque<ServiceModel>& services, Simulation& simulation, const sim::RandomStreams& streams);
  void start();
  void on_signup();
  // Called by a service: the person was admitted there.
  void admitted(std::uint32_t person, std::uint16_t service);
  // Called by a service: the person left its waitlist on their own (gave up).
  void resolved(std::uint32_t person, std::uint16_t service);

 private:
  void release_if_done(std::uint32_t person);

  const PopulationConfig* cfg_;
  std::deque<ServiceModel>* services_;
  Simulation* sim_;
  std::vector<double> join_;
  SignupProcess process_;
  sim::Distribution class_of_;
  sim::Rng arrival_rng_, class_rng_, join_rng_;
  // membership_[person * services + s]: waiting id in service s, or kNoPerson
  std::vector<std::uint32_t> membership_;
  std::vector<std::uint32_t> free_;
};

}  // namespace capsim::models
