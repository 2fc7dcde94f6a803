// Random variates for model parameters: a closed set of distributions in a std::variant,
// sampled with Boost.Random's algorithms, which are specified by Boost rather than by the
// standard library, so a seed gives the same numbers everywhere. Domain-free: parameters are
// plain numbers; naming, units and validation with messages are models/distribution_spec's.
//
// sample() inlines into its caller: no allocation, no virtual call per draw.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <utility>
#include <variant>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

#include "sim/random_streams.hpp"

namespace capsim::sim {

class Distribution {
 public:
  struct Deterministic {
    double value;
    double draw(Rng&) const { return value; }
    double mean() const { return value; }
  };
  struct Exponential {
    double mean_value;
    boost::random::exponential_distribution<double> unit;  // rate 1, scaled by the mean
    double draw(Rng& r) { return unit(r) * mean_value; }
    double mean() const { return mean_value; }
  };
  struct Uniform {
    double lo, hi;
    boost::random::uniform_real_distribution<double> d;  // [lo, hi); Boost requires lo < hi
    double draw(Rng& r) { return lo == hi ? lo : d(r); }
    double mean() const { return lo / 2 + hi / 2; }
  };
  struct Lognormal {
    boost::random::lognormal_distribution<double> d;  // m, s: mean and sd of the log
    double draw(Rng& r) { return d(r); }
    double mean() const { return std::exp(d.m() + d.s() * d.s() / 2); }
  };
  struct Gamma {
    boost::random::gamma_distribution<double> d;  // alpha: shape, beta: scale
    double draw(Rng& r) { return d(r); }
    double mean() const { return d.alpha() * d.beta(); }
  };
  struct Weibull {
    boost::random::weibull_distribution<double> d;  // a: shape, b: scale
    double draw(Rng& r) { return d(r); }
    double mean() const { return d.b() * std::tgamma(1 + 1 / d.a()); }
  };
  struct Empirical {
    std::vector<double> values;
    std::vector<double> cumulative;  // normalised; exactly 1 from the last positive weight on
    double mean_value;
    double draw(Rng& r) {
      const double u = boost::random::uniform_01<double>()(r);  // [0, 1)
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
      return values[static_cast<std::size_t>(it - cumulative.begin())];
    }
    double mean() const { return mean_value; }
  };

  // Parameters are the caller's to validate (models/distribution_spec does, with messages);
  // values Boost cannot sample from throw std::invalid_argument here rather than misbehave later.
  static Distribution deterministic(double v) { return Distribution(Deterministic{v}); }
  static Distribution exponential(double mean) {
    require(mean > 0 && std::isfinite(mean), "exponential: mean must be finite and > 0");
    return Distribution(Exponential{mean, boost::random::exponential_distribution<double>(1.0)});
  }
  static Distribution uniform(double lo, double hi) {
    require(lo <= hi && std::isfinite(hi - lo), "uniform: needs finite min <= max");
    return Distribution(Uniform{lo, hi, lo < hi ? boost::random::uniform_real_distribution<double>(lo, hi)
                                                 : boost::random::uniform_real_distribution<double>()});
  }
  static Distribution lognormal(double mu, double sigma) {
    require(sigma > 0 && std::isfinite(mu) && std::isfinite(sigma), "lognormal: needs finite mu and sigma > 0");
    return Distribution(Lognormal{boost::random::lognormal_distribution<double>(mu, sigma)});
  }
  static Distribution gamma(double shape, double scale) {
    require(shape > 0 && scale > 0 && std::isfinite(shape) && std::isfinite(scale), "gamma: shape and scale must be > 0");
    return Distribution(Gamma{boost::random::gamma_distribution<double>(shape, scale)});
  }
  static Distribution weibull(double shape, double scale) {
    require(shape > 0 && scale > 0 && std::isfinite(shape) && std::isfinite(scale), "weibull: shape and scale must be > 0");
    return Distribution(Weibull{boost::random::weibull_distribution<double>(shape, scale)});
  }
  // `values[i]` with probability weights[i] / sum(weights); values come back exactly. Weights
  // need not sum to 1 but must be >= 0 with a positive finite sum, one per value.
  static Distribution empirical(std::vector<double> values, std::vector<double> weights) {
    require(!values.empty() && values.size() == weights.size(), "empirical: needs one weight per value, at least one");
    double total = 0;
    for (double w : weights) {
      require(w >= 0, "empirical: weights must be >= 0");
      total += w;
    }
    require(total > 0 && std::isfinite(total), "empirical: weights must have a positive finite sum");
    Empirical e{std::move(values), std::move(weights), 0};
    double acc = 0, weighted = 0;
    std::size_t last_positive = 0;
    for (std::size_t i = 0; i < e.values.size(); ++i) {
      const double w = e.cumulative[i];
      if (w > 0) last_positive = i;
      weighted += e.values[i] * w;
      e.cumulative[i] = (acc += w) / total;
    }
    // Rounding may leave the sum short of 1: a draw near 1 would then pass the last value with
    // a positive weight and land on a zero-weight value (or past the end).
    std::fill(e.cumulative.begin() + static_cast<std::ptrdiff_t>(last_positive), e.cumulative.end(), 1.0);
    e.mean_value = weighted / total;
    return Distribution(std::move(e));
  }

  // A switch on the alternative rather than std::visit, whose dispatch table GCC leaves as an
  // indirect call: each case inlines into the caller.
  double sample(Rng& rng) {
    switch (alt_.index()) {
      case 0: return std::get_if<0>(&alt_)->draw(rng);
      case 1: return std::get_if<1>(&alt_)->draw(rng);
      case 2: return std::get_if<2>(&alt_)->draw(rng);
      case 3: return std::get_if<3>(&alt_)->draw(rng);
      case 4: return std::get_if<4>(&alt_)->draw(rng);
      case 5: return std::get_if<5>(&alt_)->draw(rng);
      default: return std::get_if<6>(&alt_)->draw(rng);
    }
  }

  // The exact mean of the distribution (not of any sample).
  double mean() const {
    return std::visit([](const auto& d) { return d.mean(); }, alt_);
  }

  using Alternative = std::variant<Deterministic, Exponential, Uniform, Lognormal, Gamma, Weibull, Empirical>;
  static_assert(std::variant_size_v<Alternative> == 7, "sample() switches over every alternative");
  const Alternative& alternative() const { return alt_; }

 private:
  // In place: no variant temporary to move from.
  template <class T>
  explicit Distribution(T alternative) : alt_(std::in_place_type<T>, std::move(alternative)) {}
  static void require(bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(what);
  }
  Alternative alt_;
};

}  // namespace capsim::sim
