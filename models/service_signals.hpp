// The named measurements a service emits, and the statistics recorded of them.
#pragma once

#include <string>

#include "sim/recorder.hpp"

namespace capsim::models {

struct ServiceSignals {
  sim::SignalId signup;          // per signup: 1 if turned away (waitlist full), else 0
  sim::SignalId wait;            // per person leaving the waitlist (admitted or abandoning): the wait, s
  sim::SignalId abandon;         // per person leaving the waitlist: 1 if they gave up, else 0
  sim::SignalId admitted_wait;   // per admission: the wait, s
  sim::SignalId waitlist_len;    // level: people waiting
  sim::SignalId admitted_users;  // level: admitted users holding a slot
};

// Declares the service's signals under `scope` and attaches the statistics of its recording
// table (metric names of DESIGN.md's output contract).
ServiceSignals declare_service_signals(sim::Recorder& recorder, const std::string& scope);

}  // namespace capsim::models
