// What an admission policy may look at when it decides.
#pragma once

#include <cstddef>
#include <cstdint>

namespace capsim::models {

struct AdmissionView {
  double now_s = 0;
  std::size_t waiting = 0;
  std::int64_t admitted = 0;
  std::int64_t capacity = 0;     // in force now (the largest int64 when there is no limit)
  double session_seconds = 0;    // integral of open sessions since time 0
  double requests = 0;           // requests sent since time 0
};

}  // namespace capsim::models
