// The payload of every event in a capsim run: 8 bytes, dispatched by `kind` with a switch.
#pragma once

#include <cstdint>

#include "sim/simulator.hpp"

namespace capsim::models {

enum class EventKind : std::uint8_t {
  Signup,            // a person signs up for a service (its own process)
  Abandon,           // a waiting person gives up (entity: waiting id)
  Churn,             // an admitted user leaves, freeing a slot (entity: user)
  Round,             // a wave or feedback round of admissions
  CapacityChange,    // the capacity schedule moves to its next entry
  Invite,            // an invitation brings a new user, skipping the waitlist
  SessionStart,      // an admitted user starts a session (entity: user)
  Turn,              // the next turn of a session (entity: user)
  PopulationSignup,  // a person of the shared population arrives
  Sample,            // the time series takes a point
  Warmup,            // the warm-up ends: statistics restart
};

struct Event {
  std::uint32_t entity = 0;
  std::uint16_t service = 0;
  EventKind kind = EventKind::Signup;
};
static_assert(sizeof(Event) == 8);

using Simulation = sim::Simulator<Event>;

}  // namespace capsim::models
