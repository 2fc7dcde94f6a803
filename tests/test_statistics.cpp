#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <doctest/doctest.h>

#include "sim/confidence_interval.hpp"
#include "sim/quantile_sketch.hpp"
#include "sim/running_stats.hpp"
#include "sim/time_weighted.hpp"

using namespace capsim::sim;

namespace {

// Exact nearest-rank quantile: the ceil(q n)-th smallest value (the smallest for q = 0).
double exact_quantile(const std::vector<double>& sorted, double q) {
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * static_cast<double>(sorted.size()))));
  return sorted[rank - 1];
}

// |actual - expected| <= rel |expected| (doctest::Approx adds an absolute slack of about rel,
// which means nothing for values near 1e-6).
bool rel_close(double actual, double expected, double rel) { return std::abs(actual - expected) <= rel * std::abs(expected); }

// Two-pass mean and sample variance, computed around a reference to keep them accurate.
struct TwoPass {
  double mean = 0, variance = 0;
};
TwoPass two_pass(const std::vector<double>& xs, double reference) {
  long double s = 0;
  for (double x : xs) s += x - reference;
  const long double mean = s / static_cast<long double>(xs.size()) + reference;
  long double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return {static_cast<double>(mean), static_cast<double>(ss / static_cast<long double>(xs.size() - 1))};
}

}  // namespace

TEST_CASE("RunningStats matches a two-pass computation on pseudo-random values") {
  std::mt19937_64 gen(42);
  std::uniform_real_distribution<double> unif(-50.0, 150.0);
  std::vector<double> xs;
  RunningStats s;
  for (int i = 0; i < 4000; ++i) {
    xs.push_back(unif(gen));
    s.add(xs.back());
  }
  const TwoPass ref = two_pass(xs, 0);
  CHECK(s.count() == 4000);
  CHECK(rel_close(s.mean(), ref.mean, 1e-13));
  CHECK(rel_close(s.variance(), ref.variance, 1e-12));
  CHECK(rel_close(s.stddev(), std::sqrt(ref.variance), 1e-12));
  long double sum = 0;
  for (double x : xs) sum += x;
  CHECK(rel_close(s.sum(), static_cast<double>(sum), 1e-12));
  CHECK(s.min() == *std::min_element(xs.begin(), xs.end()));
  CHECK(s.max() == *std::max_element(xs.begin(), xs.end()));
}

TEST_CASE("RunningStats survives catastrophic cancellation (1e9 plus small noise)") {
  std::mt19937_64 gen(7);
  std::normal_distribution<double> noise(0.0, 1e-3);
  std::vector<double> xs;
  RunningStats s;
  double naive_sum = 0, naive_sq = 0;
  for (int i = 0; i < 5000; ++i) {
    xs.push_back(1e9 + noise(gen));
    s.add(xs.back());
    naive_sum += xs.back();
    naive_sq += xs.back() * xs.back();
  }
  const TwoPass ref = two_pass(xs, 1e9);
  CHECK(rel_close(ref.variance, 1e-6, 0.1));  // the noise's variance: the data are as intended
  INFO("mean error " << (s.mean() - ref.mean));
  CHECK(std::abs(s.mean() - ref.mean) <= 1e-14 * ref.mean);  // a few ulps of 1e9 from rounding the running mean
  // The values carry ~1.2e-7 absolute resolution at 1e9 (1e-4 of the 1e-3 noise), so a variance
  // good to 1e-4 shows nothing was lost to cancellation...
  CHECK(rel_close(s.variance(), ref.variance, 1e-4));
  // ...where the textbook formula is off by orders of magnitude.
  const double naive = (naive_sq - naive_sum * naive_sum / 5000) / 4999;
  CHECK(std::abs(naive - ref.variance) > 100 * ref.variance);
}

TEST_CASE("RunningStats: empty, one value, reset") {
  RunningStats s;
  CHECK(s.count() == 0);
  CHECK(s.mean() == 0);
  CHECK(s.variance() == 0);
  CHECK(s.min() == 0);
  CHECK(s.max() == 0);
  s.add(-5);
  CHECK(s.mean() == -5);
  CHECK(s.variance() == 0);
  CHECK(s.min() == -5);
  CHECK(s.max() == -5);
  s.add(-3);
  CHECK(s.mean() == -4);
  CHECK(s.variance() == 2);  // ((-1)^2 + 1^2) / (2 - 1)
  CHECK(s.sum() == -8);
  s.reset();
  CHECK(s.count() == 0);
  CHECK(s.sum() == 0);
  s.add(10);
  CHECK(s.min() == 10);  // not the old minimum
  CHECK(s.mean() == 10);
}

TEST_CASE("quantile sketch stays within kRelativeError of exact nearest-rank quantiles") {
  CHECK(QuantileSketch::kRelativeError <= 0.01);
  CHECK(QuantileSketch::kRelativeError == 1.0 / 256);
  std::mt19937_64 gen(11);
  std::exponential_distribution<double> expo(1.0);
  std::lognormal_distribution<double> logn(0.0, 2.0);
  std::uniform_real_distribution<double> unif(0.0, 1000.0);
  for (const char* name : {"exponential", "lognormal", "uniform"}) {
    std::vector<double> xs;
    QuantileSketch sk;
    for (int i = 0; i < 100000; ++i) {
      const double x = name[0] == 'e' ? expo(gen) : name[0] == 'l' ? logn(gen) : unif(gen);
      xs.push_back(x);
      sk.add(x);
    }
    std::sort(xs.begin(), xs.end());
    CHECK(sk.count() == 100000);
    for (double q : {0.0, 0.5, 0.9, 0.99, 1.0}) {
      const double exact = exact_quantile(xs, q);
      const double est = sk.quantile(q);
      INFO(name << " q=" << q << " exact " << exact << " sketch " << est);
      CHECK(std::abs(est - exact) <= QuantileSketch::kRelativeError * exact + 1e-300);
    }
  }
}

TEST_CASE("quantile sketch: the bound is tight and holds across the range") {
  // A bucket's lower edge is reported as the midpoint: error exactly kRelativeError.
  QuantileSketch one;
  one.add(1.0);
  CHECK(one.quantile(0.5) == 1.0 + 1.0 / 256);
  // Every exponent, several mantissas, each value alone in a sketch.
  for (double x = 1e-9; x < 1.7e13; x *= 1.37) {
    QuantileSketch sk;
    sk.add(x);
    INFO("x=" << x << " reported " << sk.quantile(1.0));
    CHECK(std::abs(sk.quantile(1.0) - x) <= QuantileSketch::kRelativeError * x);
  }
}

TEST_CASE("quantile sketch: zeros, empty, rank edges, clamping and reset") {
  QuantileSketch sk;
  CHECK(sk.count() == 0);
  CHECK(sk.quantile(0.0) == 0);
  CHECK(sk.quantile(0.5) == 0);
  CHECK(sk.quantile(1.0) == 0);
  for (int i = 0; i < 70; ++i) sk.add(0.0);
  for (int i = 0; i < 20; ++i) sk.add(10.0);
  for (int i = 0; i < 10; ++i) sk.add(1000.0);
  CHECK(sk.count() == 100);
  CHECK(sk.quantile(0.0) == 0);
  CHECK(sk.quantile(0.5) == 0);
  CHECK(sk.quantile(0.70) == 0);  // rank 70 is the last zero
  CHECK(rel_close(sk.quantile(0.705), 10, QuantileSketch::kRelativeError));  // rank 71
  CHECK(rel_close(sk.quantile(0.90), 10, QuantileSketch::kRelativeError));
  CHECK(rel_close(sk.quantile(0.91), 1000, QuantileSketch::kRelativeError));
  CHECK(sk.quantile(1.5) == sk.quantile(1.0));  // q clamped to [0, 1]
  CHECK(sk.quantile(-1.0) == 0);

  QuantileSketch odd;
  odd.add(-1.0);  // negative: counted as 0
  odd.add(std::numeric_limits<double>::quiet_NaN());
  odd.add(1e-12);  // below 2^-30: counted as 0
  CHECK(odd.count() == 3);
  CHECK(odd.quantile(1.0) == 0);
  odd.add(1e30);  // above 2^44: the top bucket
  odd.add(std::numeric_limits<double>::infinity());
  CHECK(odd.quantile(1.0) > 1.7e13);
  CHECK(odd.quantile(1.0) < 0x1p44);
  odd.reset();
  CHECK(odd.count() == 0);
  CHECK(odd.quantile(0.99) == 0);
  odd.add(3.0);
  CHECK(rel_close(odd.quantile(0.5), 3, QuantileSketch::kRelativeError));
}

TEST_CASE("quantile sketch: 70% zeros") {
  std::mt19937_64 gen(5);
  std::bernoulli_distribution zero(0.7);
  std::exponential_distribution<double> expo(0.5);
  std::vector<double> xs;
  QuantileSketch sk;
  for (int i = 0; i < 100000; ++i) {
    xs.push_back(zero(gen) ? 0.0 : expo(gen));
    sk.add(xs.back());
  }
  std::sort(xs.begin(), xs.end());
  CHECK(sk.quantile(0.5) == 0);
  for (double q : {0.9, 0.99}) {
    const double exact = exact_quantile(xs, q);
    CHECK(exact > 0);
    CHECK(std::abs(sk.quantile(q) - exact) <= QuantileSketch::kRelativeError * exact);
  }
}

TEST_CASE("quantile sketch: merge is exact, the sketch of the pooled sample") {
  std::mt19937_64 rng(11);
  std::lognormal_distribution<double> spread(0, 4);  // values across many binary exponents
  const double special[] = {0.0, -1.0, std::nan(""), 1e-12, 0x1p-30, 0x1p44, 1e300, std::numeric_limits<double>::infinity(), 1.0, 1.0};
  QuantileSketch parts[3], pooled;
  std::vector<double> all;
  for (int i = 0; i < 30000; ++i) {
    const double x = i % 100 < 10 ? special[i % 10] : spread(rng);
    parts[i % 3 == 0 ? 0 : (i % 7 == 0 ? 1 : 2)].add(x);
    pooled.add(x);
    all.push_back(x);
  }
  QuantileSketch merged;
  for (const QuantileSketch& p : parts) merged.merge(p);
  CHECK(merged.count() == 30000);
  CHECK(merged == pooled);  // every bucket, the zero bucket and the count
  for (double q : {0.0, 0.001, 0.1, 0.25, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    INFO("q = " << q);
    CHECK(merged.quantile(q) == pooled.quantile(q));
  }
  // Order does not matter; an empty sketch is neutral; merging into itself doubles.
  QuantileSketch reversed;
  for (int i = 2; i >= 0; --i) reversed.merge(parts[i]);
  CHECK(reversed == pooled);
  QuantileSketch copy = parts[1];
  copy.merge(QuantileSketch());
  CHECK(copy == parts[1]);
  QuantileSketch twice = parts[1], doubled = parts[1];
  twice.merge(parts[1]);
  doubled.merge(doubled);
  CHECK(twice == doubled);
  CHECK(doubled.count() == 2 * parts[1].count());
  CHECK(doubled.quantile(0.5) == parts[1].quantile(0.5));
  CHECK_FALSE(parts[0] == parts[2]);
}

TEST_CASE("time-weighted mean and max of a hand-computed level") {
  TimeWeighted tw(0, 2);  // 2 on [0, 10)
  CHECK(tw.mean(0) == 2);  // no time yet: the level
  tw.set(10, 5);          // 5 on [10, 30)
  tw.set(30, 0);          // 0 on [30, 40]
  CHECK(tw.mean(40) == (2 * 10 + 5 * 20) / 40.0);
  CHECK(tw.mean(30) == (2 * 10 + 5 * 20) / 30.0);
  CHECK(tw.max() == 5);
  CHECK(tw.level() == 0);
  tw.set(40, 1.5);  // 1.5 on [40, 60]: the current level counts until now
  CHECK(rel_close(tw.mean(60), (120 + 1.5 * 20) / 60.0, 1e-15));
  TimeWeighted late(100, 3);  // a start other than 0
  late.set(110, 1);
  CHECK(late.mean(120) == 2);
  TimeWeighted negative(0, -1);
  CHECK(negative.max() == -1);  // the initial level, not 0
  negative.set(5, -4);
  CHECK(negative.max() == -1);
  CHECK(negative.mean(10) == -2.5);
}

TEST_CASE("time-weighted restart forgets the warm-up and keeps the level") {
  TimeWeighted tw(0, 8);
  tw.set(10, 3);
  CHECK(tw.max() == 8);
  tw.restart(40);                                // 3 from 10 through 40 is forgotten too
  CHECK(tw.max() == 3);                          // the current level, not the earlier 8
  CHECK(tw.level() == 3);
  CHECK(tw.mean(40) == 3);                       // no time since restart: the current level
  tw.set(50, 4);                                 // 3 on [40, 50), 4 on [50, 60]
  CHECK(tw.mean(60) == 3.5);
  CHECK(tw.max() == 4);
}

TEST_CASE("time-weighted integral: level x seconds, differences over a span, restart") {
  // Queried as time goes on: like mean(), integral(now) needs now >= the last change.
  TimeWeighted tw(0, 2);                   // 2 on [0, 1 s)
  CHECK(tw.integral(0).seconds() == 0);
  tw.set(from_seconds(1), 0.5);            // 0.5 on [1 s, 3 s): the non-whole (compensated) sum
  const TimeWeighted::Integral at2 = tw.integral(from_seconds(2));
  CHECK(at2.seconds() == 2.5);
  tw.set(from_seconds(3), 4);              // 4 from 3 s on: the whole (128-bit) sum
  const TimeWeighted::Integral at5 = tw.integral(from_seconds(5));
  CHECK(at5.seconds() == 11);
  // Over [2 s, 5 s]: 0.5 x 1 + 4 x 2 = 8.5 level x seconds, in level x ticks.
  CHECK((at5 - at2).ticks() == 8.5e9L);
  CHECK(TimeWeighted(0, 3).integral(1).seconds() == 3e-9);  // one tick: the leftover-ticks part
  tw.restart(from_seconds(5));
  CHECK(tw.integral(from_seconds(5)).seconds() == 0);
  CHECK(tw.integral(from_seconds(6)).seconds() == 4);
}

TEST_CASE("time-weighted integral does not drift over a long horizon") {
  const SimTime year = from_seconds(365.25 * 86400);  // 3.16e16 ticks
  // Whole levels: exact.
  TimeWeighted whole(0, 0);
  __extension__ using Int128 = __int128;
  Int128 exact = 0;
  SimTime last = 0;
  int level = 0;
  std::mt19937_64 gen(99);
  std::uniform_int_distribution<SimTime> gap(1, 2 * year / 1000000);
  std::uniform_int_distribution<int> next(0, 1000000);
  for (SimTime t = gap(gen); t < year; t += gap(gen)) {
    exact += static_cast<Int128>(level) * (t - last);
    level = next(gen);
    whole.set(t, level);
    last = t;
  }
  exact += static_cast<Int128>(level) * (year - last);
  const double expected = static_cast<double>(static_cast<long double>(exact) / static_cast<long double>(year));
  CHECK(rel_close(whole.mean(year), expected, 1e-15));
  // A constant fractional level over a million changes comes back to itself.
  TimeWeighted frac(0, 0.1);
  for (int i = 1; i < 1000000; ++i) frac.set(year / 1000000 * i + (i % 7), 0.1);
  CHECK(rel_close(frac.mean(year), 0.1, 1e-14));
  // Alternating levels: 0.3 and 1.7 on equal halves average 1.0.
  TimeWeighted alt(0, 0.3);
  const SimTime step = 1'000'000'007;
  for (int i = 1; i <= 200000; ++i) alt.set(step * i, i % 2 ? 1.7 : 0.3);
  CHECK(rel_close(alt.mean(step * 200000), 1.0, 1e-14));
}

TEST_CASE("t-interval over replications") {
  const MeanInterval ci = t_interval({1, 2, 3, 4}, 0.95);
  CHECK(ci.mean == 2.5);
  CHECK(ci.sd == doctest::Approx(1.2909944));
  CHECK(ci.n == 4);
  CHECK(ci.half_width() == doctest::Approx(3.182446 * 1.2909944 / 2));  // t(0.975, 3) = 3.182446
  CHECK(std::isnan(t_interval({7}, 0.95).lo));
}
