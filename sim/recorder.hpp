// Signals and statistics, kept apart (the OMNeT++ signal/statistic split).
//
// A model declares named signals once (an observation stream such as a wait, or a level such
// as a queue length) and emits values on them in its hot path by index. What is kept from each
// signal -- count, sum, mean, quantiles, time average, a time series -- is configured
// separately by attaching statistics, each with the metric name and unit it is reported under.
// Adding a metric therefore means adding a line to a model's recording table, never touching
// the engine or the output writers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/quantile_sketch.hpp"
#include "sim/running_stats.hpp"
#include "sim/time.hpp"
#include "sim/time_weighted.hpp"

namespace capsim::sim {

enum class SignalKind : std::uint8_t { Observation, Level };

enum class Statistic : std::uint8_t {
  Count,             // observations: number of values
  Sum,               // observations: sum of values
  Mean,              // observations: arithmetic mean
  StdDev,            // observations: sample standard deviation
  P50, P90, P99,     // observations: quantiles (QuantileSketch error bound)
  FractionPositive,  // observations: share of values > 0
  TimeMean,          // levels: time-weighted mean
  Max,               // levels: maximum; observations: maximum value
  Integral,          // levels: integral over time, level x seconds (energy from power)
  P95, P999,         // observations: quantiles 0.95 and 0.999 (QuantileSketch error bound)
  SumPerSecond,      // observations: sum of values per second measured (tokens per second)
};

// How a signal appears in the time series at each sampling instant.
enum class SeriesMode : std::uint8_t {
  Level,         // the level at the instant
  CountPerStep,  // observations since the previous instant
  SumPerStep,    // sum of the values observed since the previous instant
  RatePerSecond, // observations per second since the previous instant
  TimeMeanPerStep, // levels: time-weighted mean since the previous instant (mean power over
                   // the step, not the power at the instant)
};

struct SignalId {
  std::uint32_t index = 0;
};

struct Measurement {
  std::string scope;
  std::string metric;
  std::string unit;
  double value = 0;
};

struct SeriesPoint {
  double time_s = 0;
  std::uint32_t series = 0;  // index into Recorder::series_names()
  double value = 0;
};

struct SeriesName {
  std::string scope;
  std::string metric;
};

class Recorder {
 public:
  SignalId observation(std::string scope, std::string name);
  SignalId level(std::string scope, std::string name, double initial = 0);

  // Configuration (cold): what is kept of a signal.
  void keep(SignalId id, Statistic stat, std::string metric, std::string unit);
  void series(SignalId id, SeriesMode mode, std::string metric);

  // Hot path: two additions and a comparison, plus the statistics that need every value.
  void emit(SignalId id, double value) {
    Signal& s = signals_[id.index];
    ++s.count;
    s.sum += value;
    s.positive += value > 0;
    if (s.moments) s.stats.add(value);
    if (s.sketch) s.sketch->add(value);
  }
  void set_level(SignalId id, SimTime now, double level) { signals_[id.index].level.set(now, level); }
  // A level that is a count (|count| < 2^53): the same as set_level, a little cheaper.
  void set_count(SignalId id, SimTime now, std::int64_t count) { signals_[id.index].level.set_count(now, count); }
  double level(SignalId id) const { return signals_[id.index].level.level(); }

  // Forgets everything observed before `now` (end of the warm-up); levels keep their value.
  void restart(SimTime now);
  // Appends one point per configured series and starts the next step.
  void sample(SimTime now, std::vector<SeriesPoint>& out);
  // The configured statistics at `now`, in configuration order.
  std::vector<Measurement> measurements(SimTime now) const;
  const std::vector<SeriesName>& series_names() const { return series_names_; }
  // Calls f(scope, signal name, sketch) for each signal that keeps quantiles, in declaration
  // order (for quantiles pooled over replications).
  template <class F>
  void for_each_sketch(F&& f) const {
    for (const Signal& s : signals_)
      if (s.sketch) f(s.scope, s.name, *s.sketch);
  }

 private:
  struct Kept {
    std::uint32_t signal;
    Statistic stat;
    std::string metric;
    std::string unit;
  };
  struct Series {
    std::uint32_t signal;
    SeriesMode mode;
  };
  struct Signal {
    std::string scope;
    std::string name;
    SignalKind kind = SignalKind::Observation;
    // Since the last restart; the time series takes differences from the previous sample.
    std::uint64_t count = 0, positive = 0;
    std::int64_t count_at_sample = 0;  // negative after a restart between two samples
    double sum = 0, sum_at_sample = 0;
    bool moments = false;
    RunningStats stats;
    std::unique_ptr<QuantileSketch> sketch;
    TimeWeighted level;
    // Levels with a TimeMeanPerStep series: the integral at the previous sample, less what a
    // restart since then has dropped from the level's integral.
    bool step_means = false;
    TimeWeighted::Integral integral_at_sample;
  };

  double value_of(const Signal& s, Statistic stat, SimTime now) const;

  std::vector<Signal> signals_;
  SimTime last_sample_ = 0;
  SimTime measuring_since_ = 0;  // the last restart
  std::vector<Kept> kept_;                // in configuration order
  std::vector<Series> series_;            // in configuration order
  std::vector<SeriesName> series_names_;  // parallel to series_
};

}  // namespace capsim::sim
