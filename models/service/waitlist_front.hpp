// The front of a service's waitlist: its own signups arrive (or people of the shared
// population join), the admission policy may let them straight in, otherwise they wait in the
// WaitingRoom -- unless it is full -- until admitted, until their patience runs out, or until
// another service admits them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/demand/population.hpp"
#include "models/demand/signup_process.hpp"
#include "models/service/service_config.hpp"
#include "models/service/service_parts.hpp"
#include "models/waitlist/waiting_room.hpp"
#include "sim/distribution.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"

namespace capsim::models {

class WaitlistFront final : public WaitlistDoor {
 public:
  enum class Kind : std::uint8_t { Signup, Abandon };

  WaitlistFront(const ServiceConfig& service, const std::vector<UserClass>& classes, std::uint16_t index, sim::EventPort port,
                const sim::RandomStreams& streams);
  void wire(const ServiceParts& parts) { parts_ = parts; }
  void start();
  void handle(const sim::Event& e);

  // WaitlistDoor: a person of the shared population joins / leaves for another service.
  std::uint32_t join(std::uint16_t cls, std::uint32_t person) override { return arrive(cls, person); }
  void leave(std::uint32_t waiting_id) override;

  std::size_t waiting() const { return room_.size(); }
  std::uint16_t index() const { return index_; }
  // The class of a newcomer who is not from the population (own signups, invitations).
  std::uint16_t draw_class();
  // Takes the next person in the policy's order off the waitlist for admission, recording
  // their wait. The waitlist must not be empty.
  WaitingPerson take_for_admission();

 private:
  void on_signup();
  void on_abandon(std::uint32_t id);
  // Returns the person's waiting id, or kNoPerson if admitted at once or turned away.
  std::uint32_t arrive(std::uint16_t cls, std::uint32_t person);

  const WaitlistConfig* cfg_;
  std::uint16_t index_;
  std::size_t classes_;
  sim::EventPort port_;
  ServiceParts parts_;
  std::optional<SignupProcess> signups_;
  WaitingRoom room_;
  sim::Distribution class_of_;
  std::vector<std::optional<sim::Distribution>> patience_;  // per class: the class's or the service's
  sim::Rng class_rng_, patience_rng_, order_rng_;
};

}  // namespace capsim::models
