// One AI service, composed: people sign up (from its own process, the shared population or an
// invitation), wait on its waitlist, are admitted by its policy into slots, use the service in
// sessions of turns within the turn caps -- each turn a request to its RequestSink -- and churn
// after their lifetime. The five parts (service_parts.hpp) are components of the world: each
// receives the events it scheduled.
#pragma once

#include <cstdint>
#include <vector>

#include "models/service/admission_driver.hpp"
#include "models/service/admitted_users.hpp"
#include "models/service/service_config.hpp"
#include "models/service/service_stats.hpp"
#include "models/service/session_generator.hpp"
#include "models/service/turn_generator.hpp"
#include "models/service/waitlist_front.hpp"
#include "models/usage/request_counter.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"
#include "sim/recorder.hpp"

namespace capsim::models {

class Service {
 public:
  // The parts take the component indices first_component .. first_component + kComponents - 1,
  // in the order for_each_component() lists them.
  static constexpr std::uint16_t kComponents = 5;

  Service(const ServiceConfig& config, const std::vector<UserClass>& classes, bool per_class, std::uint16_t index,
          sim::Simulation& simulation, std::uint16_t first_component, sim::Recorder& recorder, const sim::RandomStreams& streams);
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  void set_population(Population* population);
  // Where the service's requests are served (default: answered at once, zero latency).
  void serve_with(RequestSink& sink) { requests_.set_next(&sink); }
  // The admission capacity follows this pool (waitlist.capacity_per_replica).
  void follow(ServingCapacity& pool) { admission_.follow(pool); }
  // Feedback admission watches this pool's load (waitlist.measure ttft_p99, utilization, queue_length).
  void watch_load(PoolWindowTotals& pool) { admission_.watch_load(pool); }
  void start();
  WaitlistDoor& door() { return front_; }

  template <class F>
  void for_each_component(F&& f) {
    f(&front_);
    f(&admission_);
    f(&users_);
    f(&sessions_);
    f(&turns_);
  }

 private:
  void wire();

  // Declared first: the recording table's order is the order of metrics.csv.
  ServiceStats stats_;
  RequestCounter requests_;
  WaitlistFront front_;
  AdmissionDriver admission_;
  AdmittedUsers users_;
  SessionGenerator sessions_;
  TurnGenerator turns_;
  Population* population_ = nullptr;
};

}  // namespace capsim::models
