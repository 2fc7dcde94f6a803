// People who may join several services' waitlists at once ("join every waitlist", as the 2023
// sites offered). Each arrival joins each service with that service's `join` probability; when
// one service admits the person, they leave the other waitlists (leave_on_admission).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/demand/demand_config.hpp"
#include "models/demand/signup_process.hpp"
#include "sim/distribution.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"
#include "sim/slot_pool.hpp"

namespace capsim::models {

inline constexpr std::uint32_t kNoPerson = 0xFFFFFFFFu;

// A service's waitlist as the population sees it.
class WaitlistDoor {
 public:
  // The person joins; returns their waiting id, or kNoPerson if admitted at once or turned away.
  virtual std::uint32_t join(std::uint16_t cls, std::uint32_t person) = 0;
  // The person leaves the waitlist because another service admitted them.
  virtual void leave(std::uint32_t waiting_id) = 0;

 protected:
  ~WaitlistDoor() = default;
};

class Population {
 public:
  enum class Kind : std::uint8_t { Signup };

  // `doors[s]` and `join[s]`: service s's waitlist and the probability of joining it.
  Population(const PopulationConfig& config, const std::vector<UserClass>& classes, std::vector<WaitlistDoor*> doors,
             std::vector<double> join, sim::EventPort port, const sim::RandomStreams& streams);
  void start();
  void handle(const sim::Event& e);
  // Called by a service: the person was admitted there.
  void admitted(std::uint32_t person, std::uint16_t service);
  // Called by a service: the person left its waitlist on their own (gave up).
  void resolved(std::uint32_t person, std::uint16_t service);

 private:
  void on_signup();
  void release_if_done(std::uint32_t person);

  const PopulationConfig* cfg_;
  std::vector<WaitlistDoor*> doors_;
  std::vector<double> join_;
  sim::EventPort port_;
  SignupProcess process_;
  sim::Distribution class_of_;
  sim::Rng class_rng_, join_rng_;
  // A person's slot; their waiting ids live in membership_[person * services + s] (kNoPerson:
  // not on service s's waitlist), so slots need no data of their own.
  struct PersonSlot {};
  sim::SlotPool<PersonSlot> people_;
  std::vector<std::uint32_t> membership_;
};

}  // namespace capsim::models
