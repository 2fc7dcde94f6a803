#include "models/demand/signup_process.hpp"

#include <cmath>
#include <stdexcept>

#include <boost/random/uniform_01.hpp>
#include <fmt/format.h>

#include "models/input/table_file.hpp"
#include "models/input/units.hpp"

namespace capsim::models {

double bass_share(double t, double p, double q) {
  const double e = std::exp(-(p + q) * t);
  return (1 - e) / (1 + (q / p) * e);
}

SignupProcess::SignupProcess(const SignupConfig& config, const sim::Rng& stream)
    : config_(config),
      kind_(config.process == "piecewise" ? Kind::Piecewise
            : config.process == "bass"    ? Kind::Bass
            : config.process == "gamma"   ? Kind::Gamma
            : config.process == "trace"   ? Kind::Trace
                                          : Kind::Poisson),
      modulation_(config.diurnal, config.weekly),
      rates_(0.0, config.rates),
      trace_rng_(stream) {
  if (kind_ == Kind::Gamma) {
    const double shape = 1 / (config_.cv * config_.cv);
    draws_.emplace(sim::Distribution::gamma(shape, config_.mean_s / shape), stream);
  } else if (kind_ == Kind::Poisson) {
    draws_.emplace(sim::Distribution::exponential(1.0), stream, config_.rate_per_s);  // Exp(1) x 1.0 / rate: the gap
  } else if (kind_ != Kind::Trace) {
    draws_.emplace(sim::Distribution::exponential(1.0), stream);  // Exp(1) x 1.0: Boost's unit draw, exactly
  }
  if (kind_ == Kind::Trace) {
    trace_ = std::make_unique<CsvRows>(config_.file);
    if (!trace_->ok()) throw std::runtime_error(trace_->error());
    trace_column_ = config_.column.empty() ? 0 : trace_->column(config_.column);
    if (trace_column_ < 0) throw std::runtime_error(fmt::format("\"{}\" has no column {}", config_.file, config_.column));
  }
}

SignupProcess::SignupProcess(SignupProcess&&) noexcept = default;
SignupProcess::~SignupProcess() = default;

std::string SignupProcess::check_trace(const SignupConfig& config) {
  CsvRows rows(config.file);
  if (!rows.ok()) return rows.error();
  const int column = config.column.empty() ? 0 : rows.column(config.column);
  if (column < 0) return fmt::format("\"{}\" has no column {}", config.file, config.column);
  std::vector<std::string> fields;
  double last = -std::numeric_limits<double>::infinity();
  std::size_t n = 0;
  while (rows.next(fields)) {
    ++n;
    const std::string& field = fields[static_cast<std::size_t>(column)];
    if (config.counts) {
      const Parsed c = parse_number(field);
      if (!c || c.value < 0 || c.value != std::floor(c.value)) return fmt::format("{}: expected a whole count, got \"{}\"", rows.where(), field);
    } else {
      double t;
      if (!parse_time_field(field, t)) return fmt::format("{}: expected a time (seconds or YYYY-MM-DD HH:MM:SS), got \"{}\"", rows.where(), field);
      if (t < last) return fmt::format("{}: timestamps must not decrease", rows.where());
      last = t;
    }
  }
  if (!rows.ok()) return rows.error();
  if (n == 0) return fmt::format("\"{}\" has a header but no rows", config.file);
  return "";
}

double SignupProcess::next() {
  if (trace_) return next_trace();
  const double tau = next_operational();
  if (tau == kNever) return kNever;
  tau_ = tau;
  return modulation_.to_real(tau);
}

double SignupProcess::next_operational() {
  const double draw = draws_->next();  // the gap (poisson, gamma), or Exp(1)
  if (kind_ == Kind::Poisson || kind_ == Kind::Gamma) return tau_ + draw;
  if (kind_ == Kind::Bass) {
    // Invert m F(t) = m F(tau) + E: with x = e^{-(p+q)t}, F = (1 - x) / (1 + (q/p) x).
    const double m = config_.market, p = config_.p_per_s, q = config_.q_per_s;
    if (bass_cumulative_ == 0) bass_cumulative_ = m * bass_share(tau_, p, q);
    bass_cumulative_ += draw;
    const double u = bass_cumulative_ / m;
    if (u >= 1) return kNever;
    const double x = (1 - u) / (1 + u * q / p);
    return -std::log(x) / (p + q);
  }
  // piecewise: walk the segments from tau_, spending an Exp(1) amount of cumulative intensity.
  // The rate is 0 before the first entry, so no arrival comes before it.
  double need = draw;
  for (double t = tau_;;) {
    const double rate = rates_.value_at(t, rates_at_);
    const double end = rates_.next_change(t, rates_at_);
    if (rate > 0) {
      const double room = (end - t) * rate;
      if (room >= need) return t + need / rate;
      need -= room;
    }
    if (end == kNever) return kNever;
    t = end;
  }
}

double SignupProcess::next_trace() {
  if (config_.counts) {
    while (count_left_ < 1) {
      if (!trace_->next(fields_)) {
        if (!trace_->ok()) throw std::runtime_error(trace_->error());
        return kNever;
      }
      const Parsed c = parse_number(fields_[static_cast<std::size_t>(trace_column_)]);
      if (!c || c.value < 0 || c.value != std::floor(c.value))
        throw std::runtime_error(fmt::format("{}: expected a whole count, got \"{}\"", trace_->where(), fields_[static_cast<std::size_t>(trace_column_)]));
      interval_lo_ = static_cast<double>(interval_index_) * config_.interval_s / config_.scale;
      interval_hi_ = static_cast<double>(interval_index_ + 1) * config_.interval_s / config_.scale;
      ++interval_index_;
      count_left_ = c.value;
    }
    // The smallest of k uniforms on [lo, hi): lo + (hi - lo)(1 - U^{1/k}); then k - 1 remain above it.
    const double u = boost::random::uniform_01<double>()(trace_rng_);
    interval_lo_ += (interval_hi_ - interval_lo_) * (1 - std::pow(u, 1 / count_left_));
    count_left_ -= 1;
    return interval_lo_;
  }
  if (!trace_->next(fields_)) {
    if (!trace_->ok()) throw std::runtime_error(trace_->error());
    return kNever;
  }
  double t;
  const std::string& field = fields_[static_cast<std::size_t>(trace_column_)];
  if (!parse_time_field(field, t)) throw std::runtime_error(fmt::format("{}: expected a time (seconds or YYYY-MM-DD HH:MM:SS), got \"{}\"", trace_->where(), field));
  if (std::isnan(trace_origin_)) trace_origin_ = t;
  const double at = (t - trace_origin_) / config_.scale;
  if (at < tau_) throw std::runtime_error(fmt::format("{}: timestamps must not decrease", trace_->where()));
  tau_ = at;
  return at;
}

}  // namespace capsim::models
