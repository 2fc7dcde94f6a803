// Policy `waves`: every `every` seconds admit the wave size in force (a constant or a schedule
// N(t)), as the 2023 waitlists sent invitations in batches.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "models/waitlist/admission_view.hpp"

namespace capsim::models {

struct WaveAdmission {
  double every = 0;
  std::vector<std::pair<double, std::int64_t>> sizes;  // (from s, size), increasing from

  bool admit_on_arrival(const AdmissionView&) const { return false; }
  std::size_t after_slot_freed(const AdmissionView&) const { return 0; }
  double every_s() const { return every; }
  std::size_t at_round(const AdmissionView& v) {
    std::int64_t size = 0;
    for (const auto& [from, n] : sizes)
      if (from <= v.now_s) size = n;
    return static_cast<std::size_t>(size);
  }
};

}  // namespace capsim::models
