// One AI service's front door: signups arrive, wait on the waitlist, are admitted by the policy
// into a limited number of slots, and churn after their lifetime, freeing the slot.
#pragma once

#include <cstdint>
#include <optional>

#include "models/event.hpp"
#include "models/scenario.hpp"
#include "models/service_signals.hpp"
#include "models/waitlist.hpp"
#include "sim/distribution.hpp"
#include "sim/random_streams.hpp"
#include "sim/recorder.hpp"

namespace capsim::models {

class ServiceModel {
 public:
  ServiceModel(const ServiceConfig& config, std::uint16_t index, Simulation& simulation, sim::Recorder& recorder,
               const sim::RandomStreams& streams);

  void start();
  void on_signup();
  void on_abandon(Waitlist::Id id);
  void on_churn();

 private:
  bool slot_free() const { return admitted_ < capacity_; }
  void admit(sim::SimTime signup_time);
  void schedule_next_signup();
  void set_waitlist_level();

  Simulation* sim_;
  sim::Recorder* rec_;
  ServiceSignals signals_;
  std::uint16_t index_;
  std::int64_t capacity_;
  std::optional<std::int64_t> max_waiting_;
  double mean_interarrival_s_;
  std::optional<sim::Distribution> patience_s_;
  sim::Distribution lifetime_s_;
  sim::Rng signup_rng_, patience_rng_, lifetime_rng_;
  std::int64_t admitted_ = 0;
  Waitlist waitlist_;
};

}  // namespace capsim::models
