// Policy `open`: everyone is admitted at once; there is no waitlist.
#pragma once

#include "models/waitlist/admission_view.hpp"

namespace capsim::models {

struct OpenAdmission {
  bool admit_on_arrival(const AdmissionView&) const { return true; }
  std::size_t after_slot_freed(const AdmissionView&) const { return 0; }
  double every_s() const { return 0; }
  std::size_t at_round(const AdmissionView&) { return 0; }
};

}  // namespace capsim::models
