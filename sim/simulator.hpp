// The clock and the event loop. Domain-free: a model supplies the payload type and a handler.
//
// The handler is a template parameter, so dispatch is a direct (inlinable) call per event; a
// model switches on a small enum in its payload rather than calling through a vtable.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "sim/event_list.hpp"
#include "sim/time.hpp"

namespace capsim::sim {

template <class Payload, std::uint64_t MaxSeq = kDefaultMaxSeq>
class Simulator {
 public:
  SimTime now() const { return now_; }
  std::uint64_t events_executed() const { return executed_; }
  std::size_t pending() const { return events_.size(); }


  // A time in the past is clamped to now (the event runs after those already due now).
  EventHandle schedule_at(SimTime t, const Payload& p) { return events_.push(t < now_ ? now_ : t, p); }
  // A negative delay is a bug in the caller (it used to put the event in the past, where it ran
  // at once with a clock that went backwards); refuse it rather than clamp it silently.
  EventHandle schedule_in(SimTime dt, const Payload& p) {
    if (dt < 0) [[unlikely]] throw_negative_delay(dt);
    return events_.push(now_ + dt, p);
  }
  bool cancel(EventHandle h) { return events_.cancel(h); }
  bool is_pending(EventHandle h) const { return events_.is_pending(h); }
  // Moves a pending event to `t` (clamped to now, as schedule_at); the handle stays valid. At
  // equal times the event runs after those scheduled before the move. False if not pending.
  bool reschedule(EventHandle h, SimTime t) { return events_.reschedule(h, t < now_ ? now_ : t); }

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
  [[noreturn]] static void throw_negative_delay(SimTime dt) {
    throw std::logic_error("schedule_in: negative delay of " + std::to_string(dt) + " ticks");
  }

  EventList<Payload, MaxSeq> events_;
  SimTime now_ = 0;
  std::uint64_t executed_ = 0;
  bool stopped_ = false;
};

}  // namespace capsim::sim
