#include "models/waitlist/admission_policy.hpp"

namespace capsim::models {

AdmissionPolicy make_admission_policy(const WaitlistConfig& w) {
  switch (w.policy) {
    case Policy::Open: return OpenAdmission{};
    case Policy::Fifo:
    case Policy::Priority:
    case Policy::Lottery: return SlotAdmission{};
    case Policy::Waves: return WaveAdmission{w.every_s, w.wave_sizes};
    case Policy::Feedback: {
      FeedbackAdmission f;
      f.every = w.every_s;
      f.window = w.window_s;
      f.target = w.target;
      f.batch = w.batch;
      f.measure = w.measure;
      return f;
    }
  }
  return OpenAdmission{};
}

}  // namespace capsim::models
