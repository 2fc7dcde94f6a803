// One AI service: people sign up (from its own process, the shared population or an
// invitation), wait in its WaitingRoom, are admitted by its policy into slots, use the service
// in sessions of turns within the turn caps, and churn after their lifetime.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/admission_policy.hpp"
#include "models/event.hpp"
#include "models/request_sink.hpp"
#include "models/scenario.hpp"
#include "models/service_signals.hpp"
#include "models/signup_process.hpp"
#include "models/waiting_room.hpp"
#include "sim/distribution.hpp"
#include "sim/random_streams.hpp"
#include "sim/recorder.hpp"

namespace capsim::models {

class Population;

class ServiceModel {
 public:
  ServiceModel(const Scenario& scenario, std::uint16_t index, Simulation& simulation, sim::Recorder& recorder,
               const sim::RandomStreams& streams);

  void set_population(Population* population) { population_ = population; }
  void start();
  void handle(const Event& e);

  // A person of the shared population joins; returns their waiting id, or kNoPerson if they
  // were admitted or turned away at once.
  std::uint32_t join(std::uint16_t cls, std::uint32_t person);
  // A person leaves the waitlist because another service admitted them.
  void leave(std::uint32_t waiting_id);

 private:
  struct ActiveUser {
    sim::EventHandle churn, next;  // next: the pending turn of the open session
    std::uint32_t turns_left = 0, session_turns = 0, day_turns = 0, day = 0;
    std::uint32_t position = 0;    // in members_[cls]
    std::uint16_t cls = 0;
    bool in_session = false;
  };
  struct Counts {
    ServiceSignals signals;
    std::int64_t waiting = 0, admitted = 0, sessions = 0;
  };

  void on_signup();
  void on_abandon(std::uint32_t id);
  void on_churn(std::uint32_t user);
  void on_round();
  void on_capacity_change();
  void on_invite();
  void on_session_start();
  void on_turn(std::uint32_t user);

  std::uint16_t draw_class();
  std::uint32_t arrive(std::uint16_t cls, std::uint32_t person);  // kNoPerson unless queued
  void after_slot_freed();
  void admit_waiting(std::size_t max_count);
  void admit(std::uint16_t cls, std::uint32_t person, bool invited);
  void end_session(std::uint32_t user);
  // Session starts of all admitted users as one Poisson stream (see on_session_start).
  void schedule_sessions();
  std::int64_t capacity_now() const;
  bool slot_free() const { return counts_[0].admitted < capacity_now(); }
  void advance_session_integral();
  AdmissionView view();

  // Emitting to the service's scope and, with several classes, to the class's.
  void emit(sim::SignalId ServiceSignals::*signal, std::uint16_t cls, double value);
  void add_level(sim::SignalId ServiceSignals::*signal, std::int64_t Counts::*count, std::uint16_t cls, std::int64_t delta);

  const ServiceConfig* cfg_;
  const std::vector<UserClass>* classes_;
  Simulation* sim_;
  sim::Recorder* rec_;
  Population* population_ = nullptr;
  std::uint16_t index_;
  std::vector<Counts> counts_;  // [0]: the service; [1 + c]: class c (when reported per class)
  std::vector<RequestCounter> sinks_;  // [0]: the service; [1 + c]: class c, as counts_
  std::optional<SignupProcess> signups_;
  WaitingRoom room_;
  std::vector<ActiveUser> users_;
  std::vector<std::uint32_t> free_users_;
  std::vector<std::vector<std::uint32_t>> members_;  // admitted users of each class
  sim::EventHandle next_session_;
  int admitting_batch_ = 0;  // > 0 while a batch admits: one session reschedule at its end
  // Mutable copies of the configured distributions (sampling may update their state).
  sim::Distribution class_of_;
  std::vector<std::optional<sim::Distribution>> patience_;  // per class: the class's or the service's
  std::optional<sim::Distribution> lifetime_, referral_delay_;
  sim::Distribution turns_, think_, prompt_, output_;
  sim::Rng signup_rng_, class_rng_, patience_rng_, lifetime_rng_, order_rng_, referral_rng_, session_rng_, turn_rng_, token_rng_;
  std::size_t capacity_index_ = 0;  // current entry of the capacity schedule (+1; 0: `capacity`)
  std::size_t caps_index_ = 0;      // entries of usage.caps in force (0: none)
  Modulation session_clock_;
  AdmissionPolicy policy_;
  double session_seconds_ = 0, last_session_change_ = 0, requests_total_ = 0;
};

}  // namespace capsim::models
