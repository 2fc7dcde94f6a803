// Random variates for model parameters: a closed set of distributions in a std::variant,
// sampled with Boost.Random's portable algorithms (the same numbers on every standard library).
// sample() is a std::visit: no allocation and no virtual call per draw.
#pragma once

#include <algorithm>
#include <cmath>
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
  static Distribution deterministic(double v) { return Distribution(Deterministic{v}); }
  static Distribution exponential(double mean) { return Distribution(Exponential{mean, boost::random::exponential_distribution<double>(1.0)}); }
  static Distribution uniform(double lo, double hi) { return Distribution(Uniform{boost::random::uniform_real_distribution<double>(lo, hi)}); }
  static Distribution lognormal(double mu, double sigma) { return Distribution(Lognormal{boost::random::lognormal_distribution<double>(mu, sigma)}); }
  static Distribution gamma(double shape, double scale) { return Distribution(Gamma{boost::random::gamma_distribution<double>(shape, scale)}); }
  static Distribution weibull(double shape, double scale) { return Distribution(Weibull{boost::random::weibull_distribution<double>(shape, scale)}); }
  // `weights` need not sum to 1; the caller checks they are >= 0 with a positive sum.
  static Distribution empirical(std::vector<double> values, const std::vector<double>& weights) {
    Empirical e;
    e.values = std::move(values);
    double total = 0;
    for (double w : weights) total += w;
    double acc = 0;
    for (double w : weights) e.cumulative.push_back((acc += w) / total);
    e.cumulative.back() = 1.0;
    return Distribution(std::move(e));
  }

  // A switch on the alternative (not std::visit, which GCC leaves as an indirect call), so
  // each draw inlines into its caller.
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

  double mean() const {
    return std::visit([](const auto& d) { return d.mean(); }, alt_);
  }

 private:
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
    boost::random::uniform_real_distribution<double> d;
    double draw(Rng& r) { return d.a() == d.b() ? d.a() : d(r); }
    double mean() const { return (d.a() + d.b()) / 2; }
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
    std::vector<double> cumulative;
    double draw(Rng& r) {
      const double u = boost::random::uniform_01<double>()(r);
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
      return values[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), values.size() - 1)];
    }
    double mean() const {
      double m = 0, prev = 0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        m += values[i] * (cumulative[i] - prev);
        prev = cumulative[i];
      }
      return m;
    }
  };
  using Alternative = std::variant<Deterministic, Exponential, Uniform, Lognormal, Gamma, Weibull, Empirical>;
  static_assert(std::variant_size_v<Alternative> == 7, "sample() switches over every alternative");
  explicit Distribution(Alternative a) : alt_(std::move(a)) {}
  Alternative alt_;
};

}  // namespace capsim::sim
