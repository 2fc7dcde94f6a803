// Who leaves a service's waitlist, and when: the admission policy (admission_policy.hpp) is
// asked at each arrival, after each freed slot and at its rounds; the capacity in force (a
// constant or a schedule) caps every admission; referral invitations bring users in past the
// waitlist. With `carbon` (waves only), a wave due in a dirty hour of the site's grid is held
// until the next clean hour (CleanHours) and admitted then, subject to the capacity then.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/accounting/clean_hours.hpp"
#include "models/service/pool_measure_window.hpp"
#include "models/service/service_parts.hpp"
#include "models/serving/serving_capacity.hpp"
#include "models/waitlist/admission_policy.hpp"
#include "models/waitlist/waitlist_config.hpp"
#include "sim/distribution.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"
#include "sim/ring.hpp"
#include "sim/schedule.hpp"

namespace capsim::models {

class AdmissionDriver final : public CapacityWatcher {
 public:
  enum class Kind : std::uint8_t { Round, CapacityChange, Invite, HeldWave };

  AdmissionDriver(const WaitlistConfig& waitlist, sim::EventPort port, const sim::RandomStreams& streams, const std::string& service);
  void wire(const ServiceParts& parts) { parts_ = parts; }
  void start();
  void handle(const sim::Event& e);

  // Whether a newcomer skips the waitlist now.
  bool admits_on_arrival();
  // A user joins: from the waitlist, at once on arrival, or by invitation. `person`: in the
  // shared population, or kNoPerson.
  void admit(std::uint16_t cls, std::uint32_t person, bool invited);
  // A slot was freed (churn) or the capacity changed: admit what the policy allows.
  void after_slot_freed();
  // With capacity_per_replica: the capacity follows this pool's serving replicas.
  void follow(ServingCapacity& pool);
  void on_serving_replicas_changed() override { after_slot_freed(); }
  // Feedback on a pool measure (ttft_p99, utilization, queue_length): this pool's, over the window.
  void watch_load(PoolWindowTotals& pool);

 private:
  void on_round();
  void on_capacity_change(std::uint32_t entry);
  void on_invite();
  void on_held_wave();
  void admit_waiting(std::size_t max_count);
  std::int64_t capacity_now() const {
    return fleet_ ? *cfg_->capacity_per_replica * fleet_->serving_replicas() : capacity_now_;
  }
  AdmissionView view();

  const WaitlistConfig* cfg_;
  sim::EventPort port_;
  ServiceParts parts_;
  AdmissionPolicy policy_;
  std::optional<sim::Distribution> referral_delay_;
  sim::Rng referral_rng_;
  // `capacity`, then the capacity_schedule's entries; each change is an event at its time
  // carrying the entry's index, so what is in force follows the event order exactly.
  sim::Schedule<std::int64_t> capacity_;
  std::int64_t capacity_now_;
  const ServingCapacity* fleet_ = nullptr;
  PoolMeasureWindow pool_window_;
  // Carbon-aware waves: when a wave may go, and the sizes of the waves held, in due order (their
  // release times never decrease with the due time, so the HeldWave events come in this order).
  std::optional<CleanHours> clean_hours_;
  sim::Ring<std::size_t> held_waves_;
  int admitting_batch_ = 0;         // > 0 while a batch admits: one session reschedule at its end
};

}  // namespace capsim::models
