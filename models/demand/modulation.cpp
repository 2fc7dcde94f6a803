#include "models/demand/modulation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace capsim::models {

Modulation::Modulation(const std::vector<double>& diurnal, const std::vector<double>& weekly) {
  if (!diurnal.empty() && diurnal.size() != 24) throw std::invalid_argument("diurnal takes 24 hourly factors");
  if (!weekly.empty() && weekly.size() != 168) throw std::invalid_argument("weekly takes 168 hourly factors");
  if (diurnal.empty() && weekly.empty()) return;
  const std::size_t hours = weekly.empty() ? 24 : 168;
  factor_.resize(hours);
  double sum = 0;
  for (std::size_t h = 0; h < hours; ++h) {
    factor_[h] = (weekly.empty() ? 1.0 : weekly[h]) * (diurnal.empty() ? 1.0 : diurnal[h % 24]);
    sum += factor_[h];
  }
  if (!(sum > 0)) throw std::invalid_argument("modulation factors must not all be 0");
  cumulative_.resize(hours + 1);
  cumulative_[0] = 0;
  for (std::size_t h = 0; h < hours; ++h) {
    factor_[h] *= static_cast<double>(hours) / sum;
    cumulative_[h + 1] = cumulative_[h] + factor_[h] * 3600.0;
  }
  period_ = static_cast<double>(hours) * 3600.0;
  cumulative_[hours] = period_;  // exact despite rounding
}

double Modulation::factor_at(double t) const {
  if (!active()) return 1.0;
  const double r = t - std::floor(t / period_) * period_;
  return factor_[std::min(factor_.size() - 1, static_cast<std::size_t>(r / 3600.0))];
}

double Modulation::to_operational(double t) const {
  if (!active()) return t;
  const double k = std::floor(t / period_);
  const double r = t - k * period_;
  const std::size_t h = std::min(factor_.size() - 1, static_cast<std::size_t>(r / 3600.0));
  return k * period_ + cumulative_[h] + factor_[h] * (r - static_cast<double>(h) * 3600.0);
}

double Modulation::to_real(double tau) const {
  if (!active()) return tau;
  const double k = std::floor(tau / period_);
  const double r = tau - k * period_;
  // The hour whose operational span holds r (hours with factor 0 have no span).
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), r);
  std::size_t h = static_cast<std::size_t>(it - cumulative_.begin()) - 1;
  h = std::min(h, factor_.size() - 1);
  while (factor_[h] == 0 && h + 1 < factor_.size()) ++h;
  return k * period_ + static_cast<double>(h) * 3600.0 + (r - cumulative_[h]) / factor_[h];
}

}  // namespace capsim::models
