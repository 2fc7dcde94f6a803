// Arrival processes of signups: poisson, piecewise-constant rate, Bass diffusion, gamma
// renewal (bursty), and trace replay; any but a trace may be modulated (modulation.hpp).
// Each process keeps exactly one future arrival in the event list: next() is called when the
// previous arrival happens. Non-homogeneous processes are sampled exactly by inversion of
// their cumulative intensity.
#pragma once

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/demand/demand_config.hpp"
#include "models/demand/modulation.hpp"
#include "sim/buffered_sampler.hpp"
#include "sim/random_streams.hpp"
#include "sim/schedule.hpp"

namespace capsim::models {

class CsvRows;

// Bass cumulative adoption share F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}).
double bass_share(double t, double p, double q);

class SignupProcess {
 public:
  static constexpr double kNever = std::numeric_limits<double>::infinity();

  // `stream`: the process's own random stream (nothing else may read it: gaps are drawn in blocks).
  SignupProcess(const SignupConfig& config, const sim::Rng& stream);
  SignupProcess(SignupProcess&&) noexcept;
  ~SignupProcess();  // out of line: the trace reader is an incomplete type here
  // Reads a trace once, as replay would, and returns the first problem ("file:line: ...") or "".
  // Scenario loading calls it so that a bad row is a scenario error, not a failure mid-run.
  static std::string check_trace(const SignupConfig& config);
  // The next arrival time (seconds) after the previous one, or kNever. Throws std::runtime_error
  // with file:line on a malformed trace row.
  double next();

 private:
  double next_operational();  // in operational time
  double next_trace();

  enum class Kind { Poisson, Piecewise, Bass, Gamma, Trace };
  SignupConfig config_;
  Kind kind_;
  Modulation modulation_;
  sim::Schedule<double> rates_;            // piecewise: rate /s from each time on, 0 before the first
  sim::Schedule<double>::Cursor rates_at_;  // operational time only increases
  // The one draw each arrival takes (all but traces): the gap itself (poisson: Exp(1) / rate;
  // gamma) or Exp(1) of cumulative intensity (piecewise, bass), from the stream in blocks
  // (buffered_sampler.hpp).
  std::optional<sim::BufferedSampler> draws_;
  sim::Rng trace_rng_;  // traces of counts: uniforms, one at a time
  double tau_ = 0;             // operational time of the last arrival
  double bass_cumulative_ = 0; // expected adoptions up to tau_ (m F(tau_))
  std::unique_ptr<CsvRows> trace_;
  int trace_column_ = 0;
  double trace_origin_ = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::string> fields_;
  // counts format: arrivals left in the current interval [lo, hi)
  double count_left_ = 0, interval_lo_ = 0, interval_hi_ = 0;
  std::size_t interval_index_ = 0;
};

}  // namespace capsim::models
