// Admission policies: when people leave the waitlist for the service. Each policy is one
// small type in its own header with the same four hooks; the service holds them in a variant
// (no virtual call per arrival). Who goes first is the WaitingRoom's order, and the capacity in
// force always caps admissions. Adding a policy: a header with the hooks, an alternative here,
// a case in make_admission_policy(), its keys in the parameter table.
//
//   bool admit_on_arrival(const AdmissionView&) const  -- a new signup skips the waitlist?
//   std::size_t after_slot_freed(const AdmissionView&) const  -- admissions after a churn or a
//                                                                capacity change (SIZE_MAX: all that fit)
//   double every_s() const                              -- period of rounds (0: none; first at every_s)
//   std::size_t at_round(const AdmissionView&)          -- admissions at a round
#pragma once

#include <variant>

#include "models/waitlist/admission_view.hpp"
#include "models/waitlist/feedback_admission.hpp"
#include "models/waitlist/open_admission.hpp"
#include "models/waitlist/slot_admission.hpp"
#include "models/waitlist/wave_admission.hpp"
#include "models/waitlist/waitlist_config.hpp"

namespace capsim::models {

using AdmissionPolicy = std::variant<OpenAdmission, SlotAdmission, WaveAdmission, FeedbackAdmission>;

AdmissionPolicy make_admission_policy(const WaitlistConfig& config);

}  // namespace capsim::models
