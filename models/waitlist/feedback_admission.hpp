// Policy `feedback`: every `every` seconds admit a batch while an observed measure over a
// sliding window -- open sessions (time-averaged) or requests per second, or one of the serving
// pool's measures that the service computes over the same window (AdmissionView::pool_measure)
// -- stays under a target. The window is rounded to a whole number of rounds (at least one).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>

#include "models/waitlist/admission_view.hpp"
#include "models/waitlist/waitlist_config.hpp"

namespace capsim::models {

inline std::size_t feedback_rounds(double window, double every) {
  return static_cast<std::size_t>(std::max(1.0, std::round(window / every)));
}

struct FeedbackAdmission {
  double every = 0, window = 0, target = 0;
  std::int64_t batch = 0;
  FeedbackMeasure measure = FeedbackMeasure::ActiveSessions;
  std::deque<std::array<double, 3>> history{{0.0, 0.0, 0.0}};  // (time, session-seconds, requests)

  bool admit_on_arrival(const AdmissionView&) const { return false; }
  std::size_t after_slot_freed(const AdmissionView&) const { return 0; }
  double every_s() const { return every; }

  std::size_t at_round(const AdmissionView& v) {
    if (watches_pool(measure)) return v.pool_measure < target ? static_cast<std::size_t>(batch) : 0;
    history.push_back({v.now_s(), v.session_seconds, v.requests});
    const std::size_t rounds = feedback_rounds(window, every);
    while (history.size() > rounds + 1) history.pop_front();
    const auto& old = history.front();
    const double span = v.now_s() - old[0];
    const std::size_t k = measure == FeedbackMeasure::ActiveSessions ? 1 : 2;
    const double observed = span > 0 ? (history.back()[k] - old[k]) / span : 0;
    return observed < target ? static_cast<std::size_t>(batch) : 0;
  }
};

}  // namespace capsim::models
