// What an admission policy may look at when it decides.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/time.hpp"

namespace capsim::models {

struct AdmissionView {
  sim::SimTime now = 0;
  double now_s() const { return sim::to_seconds(now); }  // on demand: most decisions never need it
  std::size_t waiting = 0;
  std::int64_t admitted = 0;
  std::int64_t capacity = 0;     // in force now (the largest int64 when there is no limit)
  double session_seconds = 0;    // integral of open sessions since time 0
  double requests = 0;           // requests sent since time 0
  double pool_measure = 0;       // at feedback rounds on a pool measure: its value over the window
};

}  // namespace capsim::models
