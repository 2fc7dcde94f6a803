// The recorder's clock as a component: takes a time-series point every `interval` up to the
// horizon, and restarts the statistics (and the energy ledger's sums) at the end of the warm-up.
#pragma once

#include <cstdint>
#include <vector>

#include "models/accounting/energy_ledger.hpp"
#include "sim/event.hpp"
#include "sim/recorder.hpp"

namespace capsim::models {

class RecorderClock {
 public:
  enum class Kind : std::uint8_t { Sample, WarmupEnd };

  RecorderClock(sim::Recorder& recorder, sim::EventPort port, sim::SimTime interval, sim::SimTime warmup, sim::SimTime horizon,
                std::vector<sim::SeriesPoint>& series, EnergyLedger* energy = nullptr)
      : rec_(&recorder), port_(port), interval_(interval), warmup_(warmup), horizon_(horizon), series_(&series), energy_(energy) {}

  void start() {
    if (warmup_ > 0) port_.at(warmup_, Kind::WarmupEnd);
    port_.at(0, Kind::Sample);
  }

  void handle(const sim::Event& e) {
    switch (static_cast<Kind>(e.kind)) {
      case Kind::Sample: {
        if (energy_) energy_->update_cumulative(port_.now());
        rec_->sample(port_.now(), *series_);
        const sim::SimTime next = port_.now() + interval_;
        if (next <= horizon_) port_.at(next, Kind::Sample);
        return;
      }
      case Kind::WarmupEnd:
        rec_->restart(port_.now());
        if (energy_) energy_->restart(port_.now());
        return;
    }
    sim::unknown_event(e, "RecorderClock");
  }

 private:
  sim::Recorder* rec_;
  sim::EventPort port_;
  sim::SimTime interval_, warmup_, horizon_;
  std::vector<sim::SeriesPoint>* series_;
  EnergyLedger* energy_;
};

}  // namespace capsim::models
