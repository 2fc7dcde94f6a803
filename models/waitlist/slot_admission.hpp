// Policies `fifo`, `priority` and `lottery`: admit whenever one of `capacity` slots is free
// (an M/M/c-style gate); they differ only in the WaitingRoom's order.
#pragma once

#include <cstdint>

#include "models/waitlist/admission_view.hpp"

namespace capsim::models {

struct SlotAdmission {
  bool admit_on_arrival(const AdmissionView& v) const { return v.waiting == 0 && v.admitted < v.capacity; }
  std::size_t after_slot_freed(const AdmissionView&) const { return SIZE_MAX; }
  double every_s() const { return 0; }
  std::size_t at_round(const AdmissionView&) { return 0; }
};

}  // namespace capsim::models
