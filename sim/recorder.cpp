#include "sim/recorder.hpp"

#include <stdexcept>

namespace capsim::sim {

SignalId Recorder::observation(std::string scope, std::string name) {
  Signal s;
  s.scope = std::move(scope);
  s.name = std::move(name);
  signals_.push_back(std::move(s));
  return SignalId{static_cast<std::uint32_t>(signals_.size() - 1)};
}

SignalId Recorder::level(std::string scope, std::string name, double initial) {
  SignalId id = observation(std::move(scope), std::move(name));
  signals_[id.index].kind = SignalKind::Level;
  signals_[id.index].level = TimeWeighted(0, initial);
  return id;
}

void Recorder::keep(SignalId id, Statistic stat, std::string metric, std::string unit) {
  Signal& s = signals_.at(id.index);
  const bool level_stat = stat == Statistic::TimeMean || stat == Statistic::Integral;
  if (level_stat && s.kind != SignalKind::Level)
    throw std::logic_error("time mean or integral kept of observation signal " + s.name);
  if (stat == Statistic::StdDev || (stat == Statistic::Max && s.kind != SignalKind::Level)) s.moments = true;
  const bool quantile = stat == Statistic::P50 || stat == Statistic::P90 || stat == Statistic::P95 ||
                        stat == Statistic::P99 || stat == Statistic::P999;
  if (quantile && !s.sketch)
    s.sketch = std::make_unique<QuantileSketch>();
  kept_.push_back(Kept{id.index, stat, std::move(metric), std::move(unit)});
}

void Recorder::series(SignalId id, SeriesMode mode, std::string metric) {
  Signal& s = signals_.at(id.index);
  if (mode == SeriesMode::TimeMeanPerStep) {
    if (s.kind != SignalKind::Level) throw std::logic_error("time mean per step of observation signal " + s.name);
    s.step_means = true;  // from the start: integral_at_sample is the empty integral at time 0
  }
  series_names_.push_back(SeriesName{s.scope, std::move(metric)});
  series_.push_back(Series{id.index, mode});
}

void Recorder::restart(SimTime now) {
  measuring_since_ = now;
  for (Signal& s : signals_) {
    // Keep the time series' per-step differences right across the restart.
    s.count_at_sample -= static_cast<std::int64_t>(s.count);
    s.sum_at_sample -= s.sum;
    s.count = s.positive = 0;
    s.sum = 0;
    s.stats.reset();
    if (s.sketch) s.sketch->reset();
    if (s.kind == SignalKind::Level) {
      // The level's integral restarts from zero; the step in progress keeps its first part.
      if (s.step_means) s.integral_at_sample = s.integral_at_sample - s.level.integral(now);
      s.level.restart(now);
    }
  }
}

void Recorder::sample(SimTime now, std::vector<SeriesPoint>& out) {
  const double t = to_seconds(now);
  for (std::size_t i = 0; i < series_.size(); ++i) {
    const Signal& s = signals_[series_[i].signal];
    double v = 0;
    switch (series_[i].mode) {
      case SeriesMode::Level: v = s.level.level(); break;
      case SeriesMode::CountPerStep: v = static_cast<double>(static_cast<std::int64_t>(s.count) - s.count_at_sample); break;
      case SeriesMode::SumPerStep: v = s.sum - s.sum_at_sample; break;
      case SeriesMode::RatePerSecond: {
        const double span = to_seconds(now - last_sample_);
        v = span > 0 ? static_cast<double>(static_cast<std::int64_t>(s.count) - s.count_at_sample) / span : 0.0;
        break;
      }
      case SeriesMode::TimeMeanPerStep: {
        // The exact integral over the step divided by its length; a step of no length has the
        // level at the instant as its mean.
        const SimTime span = now - last_sample_;
        v = span > 0 ? static_cast<double>((s.level.integral(now) - s.integral_at_sample).ticks() /
                                           static_cast<long double>(span))
                     : s.level.level();
        break;
      }
    }
    out.push_back(SeriesPoint{t, static_cast<std::uint32_t>(i), v});
  }
  last_sample_ = now;
  for (Signal& s : signals_) {
    s.count_at_sample = static_cast<std::int64_t>(s.count);
    s.sum_at_sample = s.sum;
    if (s.step_means) s.integral_at_sample = s.level.integral(now);
  }
}

double Recorder::value_of(const Signal& s, Statistic stat, SimTime now) const {
  const bool level = s.kind == SignalKind::Level;
  switch (stat) {
    case Statistic::Count: return static_cast<double>(s.count);
    case Statistic::Sum: return s.sum;
    case Statistic::Mean: return s.count ? s.sum / static_cast<double>(s.count) : 0.0;
    case Statistic::StdDev: return s.stats.stddev();
    case Statistic::P50: return s.sketch->quantile(0.50);
    case Statistic::P90: return s.sketch->quantile(0.90);
    case Statistic::P95: return s.sketch->quantile(0.95);
    case Statistic::P99: return s.sketch->quantile(0.99);
    case Statistic::P999: return s.sketch->quantile(0.999);
    case Statistic::FractionPositive:
      return s.count ? static_cast<double>(s.positive) / static_cast<double>(s.count) : 0.0;
    case Statistic::TimeMean: return s.level.mean(now);
    case Statistic::Max: return level ? s.level.max() : s.stats.max();
    case Statistic::Integral: return s.level.integral(now).seconds();
    case Statistic::SumPerSecond: return now > measuring_since_ ? s.sum / to_seconds(now - measuring_since_) : 0.0;
  }
  return 0;
}

std::vector<Measurement> Recorder::measurements(SimTime now) const {
  std::vector<Measurement> out;
  for (const Kept& k : kept_) {
    const Signal& s = signals_[k.signal];
    out.push_back(Measurement{s.scope, k.metric, k.unit, value_of(s, k.stat, now)});
  }
  return out;
}

}  // namespace capsim::sim
