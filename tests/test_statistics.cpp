#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include "sim/confidence_interval.hpp"
#include "sim/quantile_sketch.hpp"
#include "sim/running_stats.hpp"
#include "sim/time_weighted.hpp"

using namespace capsim::sim;

namespace {
// Exact nearest-rank quantile: the ceil(q n)-th smallest value.
double exact_quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * static_cast<double>(v.size()))));
  return v[rank - 1];
}
}  // namespace

TEST_CASE("Welford mean and variance match a two-pass computation, even far from zero") {
  std::mt19937_64 gen(3);
  std::normal_distribution<double> noise(0.0, 1e-3);
  for (double offset : {0.0, 1e9}) {
    std::vector<double> xs;
    RunningStats s;
    for (int i = 0; i < 5000; ++i) {
      xs.push_back(offset + noise(gen));
      s.add(xs.back());
    }
    double mean = 0;
    for (double x : xs) mean += (x - offset);
    mean = mean / static_cast<double>(xs.size()) + offset;
    double ss = 0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    const double var = ss / static_cast<double>(xs.size() - 1);
    CHECK(s.count() == 5000);
    CHECK(s.mean() == doctest::Approx(mean).epsilon(1e-12));
    CHECK(s.variance() == doctest::Approx(var).epsilon(1e-6));  // catastrophic cancellation would lose this at 1e9
    CHECK(s.min() == *std::min_element(xs.begin(), xs.end()));
    CHECK(s.max() == *std::max_element(xs.begin(), xs.end()));
  }
  RunningStats one;
  one.add(5);
  CHECK(one.variance() == 0);
  CHECK(RunningStats().mean() == 0);
}

TEST_CASE("quantile sketch stays within its stated relative error of exact quantiles") {
  std::mt19937_64 gen(11);
  std::exponential_distribution<double> expo(1.0);
  std::lognormal_distribution<double> logn(0.0, 2.0);
  std::uniform_real_distribution<double> unif(1e-6, 1e6);
  for (int which = 0; which < 3; ++which) {
    std::vector<double> xs;
    QuantileSketch sk;
    for (int i = 0; i < 100000; ++i) {
      const double x = which == 0 ? expo(gen) : which == 1 ? logn(gen) : unif(gen);
      xs.push_back(x);
      sk.add(x);
    }
    for (double q : {0.5, 0.9, 0.99}) {
      const double exact = exact_quantile(xs, q);
      INFO("distribution " << which << " q=" << q << " exact " << exact << " sketch " << sk.quantile(q));
      CHECK(std::abs(sk.quantile(q) - exact) <= QuantileSketch::kRelativeError * exact);
    }
  }
  CHECK(QuantileSketch::kRelativeError <= 0.01);
}

TEST_CASE("quantile sketch: zeros, empty, reset and clamping") {
  QuantileSketch sk;
  CHECK(sk.quantile(0.5) == 0);
  for (int i = 0; i < 70; ++i) sk.add(0.0);
  for (int i = 0; i < 30; ++i) sk.add(10.0);
  CHECK(sk.count() == 100);
  CHECK(sk.quantile(0.5) == 0);
  CHECK(sk.quantile(0.70) == 0);
  CHECK(sk.quantile(0.71) == doctest::Approx(10).epsilon(QuantileSketch::kRelativeError));
  sk.add(-1.0);  // clamped to zero
  sk.add(1e30);  // clamped to the top bucket
  CHECK(sk.quantile(1.0) > 1e12);
  sk.reset();
  CHECK(sk.count() == 0);
  CHECK(sk.quantile(0.99) == 0);
}

TEST_CASE("time-weighted mean integrates a piecewise-constant level exactly") {
  TimeWeighted tw(0, 2);      // 2 on [0, 10)
  tw.set(10, 5);              // 5 on [10, 30)
  tw.set(30, 0);              // 0 on [30, 40]
  CHECK(tw.mean(40) == doctest::Approx((2 * 10 + 5 * 20) / 40.0));
  CHECK(tw.max() == 5);
  CHECK(tw.level() == 0);
  tw.restart(40);
  CHECK(tw.max() == 0);
  tw.set(50, 4);
  CHECK(tw.mean(60) == doctest::Approx(2.0));
  CHECK(tw.mean(40) == 4);  // no time since restart: the current level
  // A year of nanosecond ticks with a level of a million: no drift.
  TimeWeighted big(0, 1e6);
  const SimTime year = from_seconds(365.25 * 86400);
  for (int i = 1; i <= 1000; ++i) big.set(year / 1000 * i, 1e6);
  CHECK(big.mean(year) == 1e6);
}

TEST_CASE("t-interval over replications") {
  const MeanInterval ci = t_interval({1, 2, 3, 4}, 0.95);
  CHECK(ci.mean == 2.5);
  CHECK(ci.sd == doctest::Approx(1.2909944));
  CHECK(ci.n == 4);
  CHECK(ci.half_width() == doctest::Approx(3.182446 * 1.2909944 / 2));  // t(0.975, 3) = 3.182446
  CHECK(std::isnan(t_interval({7}, 0.95).lo));
}
