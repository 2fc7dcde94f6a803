// Policy `waves`: every `every` seconds admit the wave size in force (a constant or a schedule
// N(t)), as the 2023 waitlists sent invitations in batches.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "models/waitlist/admission_view.hpp"
#include "sim/schedule.hpp"

namespace capsim::models {

struct WaveAdmission {
  // `size_entries`: (from s, size), increasing from; no wave before the first entry.
  WaveAdmission(double every_s, const std::vector<std::pair<double, std::int64_t>>& size_entries)
      : every(every_s), sizes(0, size_entries) {}

  double every = 0;
  sim::Schedule<std::int64_t> sizes;
  sim::Schedule<std::int64_t>::Cursor round;  // rounds come at increasing times

  bool admit_on_arrival(const AdmissionView&) const { return false; }
  std::size_t after_slot_freed(const AdmissionView&) const { return 0; }
  double every_s() const { return every; }
  std::size_t at_round(const AdmissionView& v) { return static_cast<std::size_t>(sizes.value_at(v.now_s(), round)); }
};

}  // namespace capsim::models
