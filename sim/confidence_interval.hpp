// Student-t confidence interval of a mean over independent replications.
#pragma once

#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "sim/running_stats.hpp"

namespace capsim::sim {

struct MeanInterval {
  double mean = 0;
  double sd = 0;
  std::size_t n = 0;
  double lo = 0;  // NaN when n < 2
  double hi = 0;
  double half_width() const { return (hi - lo) / 2; }
  bool contains(double x) const { return lo <= x && x <= hi; }
};

inline MeanInterval t_interval(const std::vector<double>& values, double level = 0.95) {
  RunningStats s;
  for (double v : values) s.add(v);
  MeanInterval r;
  r.n = values.size();
  r.mean = s.mean();
  r.sd = s.stddev();
  if (r.n < 2) {
    r.lo = r.hi = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  const boost::math::students_t dist(static_cast<double>(r.n - 1));
  const double t = boost::math::quantile(boost::math::complement(dist, (1 - level) / 2));
  const double half = t * r.sd / std::sqrt(static_cast<double>(r.n));
  r.lo = r.mean - half;
  r.hi = r.mean + half;
  return r;
}

}  // namespace capsim::sim
