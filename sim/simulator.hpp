// The clock and the event loop. Domain-free: a model supplies the payload type and a handler.
//
// The handler is a template parameter, so dispatch is a direct (inlinable) call per event; a
// model switches on a small enum in its payload rather than calling through a vtable.
#pragma once

#include <cstdint>

#include "sim/event_list.hpp"
#include "sim/time.hpp"

namespace capsim::sim {

template <class Payload>
class Simulator {
 public:
  SimTime now() const { return now_; }
  std::uint64_t events_executed() const { return executed_; }
  std::size_t pending() const { return events_.size(); }

  EventHandle schedule_at(SimTime t, const Payload& p) { return events_.push(t < now_ ? now_ : t, p); }
  EventHandle schedule_in(SimTime dt, const Payload& p) { return events_.push(now_ + dt, p); }
  bool cancel(EventHandle h) { return events_.cancel(h); }
  bool is_pending(EventHandle h) const { return events_.is_pending(h); }

  // Runs events in time order while they are due at or before `until`, then sets the clock to
  // `until` (unless stop() was called from a handler). Returns the number of events run.
  template <class Handler>
  std::uint64_t run_until(SimTime until, Handler&& handle) {
    stopped_ = false;
    const std::uint64_t before = executed_;
    SimTime t;
    Payload p;
    while (!stopped_ && events_.take(until, t, p)) {
      now_ = t;
      ++executed_;
      handle(p);
    }
    if (!stopped_ && until > now_) now_ = until;
    return executed_ - before;
  }

  void stop() { stopped_ = true; }

 private:
  EventList<Payload> events_;
  SimTime now_ = 0;
  std::uint64_t executed_ = 0;
  bool stopped_ = false;
};

}  // namespace capsim::sim
