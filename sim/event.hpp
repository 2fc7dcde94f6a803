// The event of every capsim run, and how it finds its handler.
//
// An event is 8 bytes: the index of the component that scheduled it (a service's waitlist, its
// admitted users, a population, a replica, a power meter...), that component's own kind code
// and one entity number (a user, a waiting person). The world holds its components in a table
// and routes each event to `component`; the component switches on its own small kind enum. A new
// kind of entity therefore adds a component, never a case to a shared switch.
#pragma once

#include <cstdint>
#include <string>

#include "sim/simulator.hpp"

namespace capsim::sim {

struct Event {
  std::uint32_t entity = 0;
  std::uint16_t component = 0;
  std::uint8_t kind = 0;
  std::uint8_t spare = 0;
};
static_assert(sizeof(Event) == 8);

using Simulation = Simulator<Event>;

// A component's handle on the event list: what it schedules comes back to it.
class EventPort {
 public:
  EventPort() = default;
  EventPort(Simulation& simulation, std::uint16_t component) : sim_(&simulation), component_(component) {}

  template <class Kind>
  EventHandle at(SimTime t, Kind kind, std::uint32_t entity = 0) const {
    return sim_->schedule_at(t, Event{entity, component_, static_cast<std::uint8_t>(kind), 0});
  }
  template <class Kind>
  EventHandle in(SimTime delay, Kind kind, std::uint32_t entity = 0) const {
    return sim_->schedule_in(delay, Event{entity, component_, static_cast<std::uint8_t>(kind), 0});
  }
  bool cancel(EventHandle h) const { return sim_->cancel(h); }
  // Moves a pending event to time t (no earlier than now).
  bool reschedule(EventHandle h, SimTime t) const { return sim_->reschedule(h, t); }
  SimTime now() const { return sim_->now(); }

 private:
  Simulation* sim_ = nullptr;
  std::uint16_t component_ = 0;
};

// A component received a kind it does not define: a bug in the routing or the component.
// Throws std::logic_error naming both; never a silent no-op.
[[noreturn]] void unknown_event(const Event& e, const char* component);

}  // namespace capsim::sim
