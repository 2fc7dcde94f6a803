// What one service counts and emits: its signals (service_signals.hpp) under the service's
// scope and, with several classes reported per class, under each class's scope too, plus the
// levels its admission decisions read (people waiting, admitted users, open sessions) and the
// running totals a feedback policy watches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/demand/demand_config.hpp"
#include "models/service/service_signals.hpp"
#include "sim/recorder.hpp"
#include "sim/time.hpp"

namespace capsim::models {

class ServiceStats {
 public:
  struct Counts {
    ServiceSignals signals;
    std::int64_t waiting = 0, admitted = 0, sessions = 0;
  };
  using Signal = sim::SignalId ServiceSignals::*;
  using Count = std::int64_t Counts::*;

  ServiceStats(sim::Recorder& recorder, const std::string& name, const std::vector<UserClass>& classes, bool per_class,
               ServedMetrics served);

  // Scopes under which the service reports: the service's, then one per class if per class.
  const std::vector<std::string>& class_scopes() const { return class_scopes_; }

  void emit(Signal signal, std::uint16_t cls, double value) {
    rec_->emit(counts_[0].signals.*signal, value);
    if (counts_.size() > 1) rec_->emit(counts_[1 + cls].signals.*signal, value);
  }
  void emit_total(Signal signal, double value) { rec_->emit(counts_[0].signals.*signal, value); }  // no class known
  // Inline: the member pointers are constants at every call, and this runs several times per user.
  void add_level(Signal signal, Count count, std::uint16_t cls, std::int64_t delta, sim::SimTime now) {
    Counts& all = counts_[0];
    all.*count += delta;
    rec_->set_count(all.signals.*signal, now, all.*count);
    if (counts_.size() > 1) {
      Counts& c = counts_[1 + cls];
      c.*count += delta;
      rec_->set_count(c.signals.*signal, now, c.*count);
    }
  }

  std::int64_t admitted() const { return counts_[0].admitted; }

  // Open sessions integrated over time since 0 (session-seconds), and requests sent since 0.
  // The integral is kept only when asked for (a feedback policy watches it): it costs a
  // division on every arrival and session change.
  void integrate_sessions(bool on) { integrate_sessions_ = on; }
  void add_sessions(std::uint16_t cls, std::int64_t delta, sim::SimTime now);
  double session_seconds(sim::SimTime now) { return integrate_sessions_ ? advance_session_seconds(now) : 0.0; }
  void count_request() { requests_total_ += 1; }
  double requests_total() const { return requests_total_; }

 private:
  double advance_session_seconds(sim::SimTime now);

  sim::Recorder* rec_;
  std::vector<Counts> counts_;  // [0]: the service; [1 + c]: class c (when reported per class)
  std::vector<std::string> class_scopes_;
  double session_seconds_ = 0, last_session_change_ = 0, requests_total_ = 0;
  bool integrate_sessions_ = false;
};

}  // namespace capsim::models
