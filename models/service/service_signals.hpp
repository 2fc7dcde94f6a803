// The named measurements a service (or one class of its users) emits, and the statistics
// recorded of them: the recording table of DESIGN.md's output contract.
#pragma once

#include <string>

#include "sim/recorder.hpp"

namespace capsim::models {

struct ServiceSignals {
  sim::SignalId signup;           // per signup: 1 if turned away (waitlist full), else 0
  sim::SignalId wait;             // per person leaving the waitlist (admitted, gave up, left): the wait, s
  sim::SignalId abandon;          // per person leaving the waitlist: 1 if they gave up, else 0
  sim::SignalId left;             // per person leaving the waitlist because another service admitted them: 1
  sim::SignalId admitted_wait;    // per admission from the waitlist: the wait, s
  sim::SignalId admission;        // per admission: 1 if by invitation (skipping the waitlist), else 0
  sim::SignalId session;          // per session started
  sim::SignalId capped;           // per turn refused by a cap
  sim::SignalId waitlist_len;     // level: people waiting
  sim::SignalId admitted_users;   // level: admitted users (holding a slot)
  sim::SignalId active_sessions;  // level: sessions open
  // Served by a pool (services[].serving) only: what users saw of their requests.
  sim::SignalId ttft, tpot, e2e;  // per completed request: s; tpot for outputs of 2 tokens or more
  sim::SignalId failed;           // per answered request: 1 if rejected or timed out, else 0
  sim::SignalId rejected, timed_out;  // per request rejected ("at capacity") / given up
  sim::SignalId slo;              // per answered request, with SLO targets: 1 if completed within them, else 0
};

struct ServedMetrics {
  bool served = false;  // the service's requests go to a pool
  bool slo = false;     // it has TTFT / TPOT targets
};

// Declares the signals under `scope` and attaches the statistics and time series.
ServiceSignals declare_service_signals(sim::Recorder& recorder, const std::string& scope, ServedMetrics served);

}  // namespace capsim::models
