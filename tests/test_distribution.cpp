#include <cmath>
#include <vector>

#include <doctest/doctest.h>

#include "models/distribution_spec.hpp"
#include "sim/running_stats.hpp"

using namespace capsim;
using models::build_distribution;
using models::DistributionSpec;

namespace {

sim::Distribution make(const std::string& kind, std::map<std::string, std::vector<double>> params) {
  const auto b = build_distribution(DistributionSpec{kind, std::move(params)});
  REQUIRE_MESSAGE(b.distribution.has_value(), b.error);
  return *b.distribution;
}

std::string error_of(const std::string& kind, std::map<std::string, std::vector<double>> params) {
  const auto b = build_distribution(DistributionSpec{kind, std::move(params)});
  REQUIRE_FALSE(b.distribution.has_value());
  return b.key + ": " + b.error;
}

sim::RunningStats draw(sim::Distribution d, int n = 200000) {
  sim::Rng rng(12345);
  sim::RunningStats s;
  for (int i = 0; i < n; ++i) s.add(d.sample(rng));
  return s;
}

// The sample mean lies within 4 standard errors of the exact mean.
void check_mean(const sim::Distribution& d) {
  const sim::RunningStats s = draw(d);
  INFO("exact mean " << d.mean() << ", sample " << s.mean());
  CHECK(std::abs(s.mean() - d.mean()) <= 4 * s.stddev() / std::sqrt(static_cast<double>(s.count())));
}

}  // namespace

TEST_CASE("each distribution's samples have its mean") {
  CHECK(make("exponential", {{"mean", {2}}}).mean() == 2);
  CHECK(make("exponential", {{"rate", {4}}}).mean() == 0.25);
  check_mean(make("exponential", {{"mean", {2}}}));
  check_mean(make("uniform", {{"min", {1}}, {"max", {3}}}));
  check_mean(make("lognormal", {{"mu", {0.5}}, {"sigma", {0.8}}}));
  check_mean(make("gamma", {{"shape", {0.5}}, {"scale", {3}}}));
  check_mean(make("weibull", {{"shape", {1.5}}, {"scale", {2}}}));
  CHECK(draw(make("deterministic", {{"value", {7}}}), 10).mean() == 7);
}

TEST_CASE("lognormal and gamma by mean and cv") {
  for (const char* kind : {"lognormal", "gamma"}) {
    const sim::Distribution d = make(kind, {{"mean", {3}}, {"cv", {0.5}}});
    CHECK(d.mean() == doctest::Approx(3));
    const sim::RunningStats s = draw(d, 400000);
    CHECK(s.mean() == doctest::Approx(3).epsilon(0.01));
    CHECK(s.stddev() / s.mean() == doctest::Approx(0.5).epsilon(0.02));
  }
}

TEST_CASE("empirical frequencies follow the weights and values come back exactly") {
  sim::Distribution d = make("empirical", {{"values", {1, 10, 100}}, {"weights", {1, 3, 0}}});
  CHECK(d.mean() == doctest::Approx(0.25 * 1 + 0.75 * 10));
  sim::Rng rng(5);
  int tens = 0, other = 0;
  for (int i = 0; i < 100000; ++i) {
    const double x = d.sample(rng);
    if (x == 10) ++tens;
    else if (x != 1) ++other;
  }
  CHECK(other == 0);
  CHECK(tens / 100000.0 == doctest::Approx(0.75).epsilon(0.01));
}

TEST_CASE("same seed, same draws") {
  sim::Distribution a = make("gamma", {{"shape", {2}}, {"scale", {1}}}), b = a;
  sim::Rng r1(99), r2(99);
  for (int i = 0; i < 10; ++i) CHECK(a.sample(r1) == b.sample(r2));
}

TEST_CASE("distribution errors say what is accepted") {
  CHECK(error_of("expo", {{"mean", {1}}}) == "dist: unknown distribution \"expo\"; expected one of: deterministic, exponential, uniform, lognormal, gamma, weibull, empirical");
  CHECK(error_of("exponentail", {{"mean", {1}}}).find("did you mean \"exponential\"") != std::string::npos);
  CHECK(error_of("lognormal", {{"mean", {1}}}) == ": lognormal takes {mean, cv} or {mu, sigma}");
  CHECK(error_of("lognormal", {{"mean", {1}}, {"sd", {1}}}).starts_with("sd: lognormal has no parameter `sd`"));
  CHECK(error_of("exponential", {{"mean", {0}}}) == "mean: must be > 0, got 0");
  CHECK(error_of("uniform", {{"min", {3}}, {"max", {1}}}) == "min: min (3) must be <= max (1)");
  CHECK(error_of("empirical", {{"values", {1, 2}}, {"weights", {1}}}).starts_with("weights: needs one weight per value"));
  CHECK(error_of("empirical", {{"values", {1}}, {"weights", {-1}}}).starts_with("weights: weights must be >= 0"));
  CHECK(error_of("empirical", {{"values", {1}}, {"weights", {0}}}).starts_with("weights: weights must not all be 0"));
  CHECK(error_of("exponential", {{"mean", {1, 2}}}) == "mean: `mean` takes one number");
}
