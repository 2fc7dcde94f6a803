#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "models/config/distribution_spec.hpp"
#include "models/config/suggest.hpp"
#include "sim/distribution.hpp"
#include "sim/running_stats.hpp"

using namespace capsim;
using models::build_distribution;
using models::DistributionSpec;
using Params = std::map<std::string, std::vector<double>>;

namespace {

sim::Distribution make(const std::string& kind, Params params) {
  const auto b = build_distribution(DistributionSpec{kind, std::move(params)});
  REQUIRE_MESSAGE(b.distribution.has_value(), b.error);
  CHECK(b.error.empty());
  CHECK(b.key.empty());
  return *b.distribution;
}

// "key: message" of a spec that must be rejected.
std::string error_of(const std::string& kind, Params params) {
  const auto b = build_distribution(DistributionSpec{kind, std::move(params)});
  REQUIRE_FALSE(b.distribution.has_value());
  CHECK_FALSE(b.error.empty());
  return b.key + ": " + b.error;
}

sim::RunningStats draw(sim::Distribution d, int n = 200000, std::uint64_t seed = 12345) {
  sim::Rng rng(seed);
  sim::RunningStats s;
  for (int i = 0; i < n; ++i) s.add(d.sample(rng));
  return s;
}

// The sample mean over 200k draws lies within 4 standard errors of the exact mean.
void check_mean(const sim::Distribution& d) {
  const sim::RunningStats s = draw(d);
  const double se = s.stddev() / std::sqrt(static_cast<double>(s.count()));
  INFO("exact mean " << d.mean() << ", sample mean " << s.mean() << ", standard error " << se);
  CHECK(se > 0);
  CHECK(std::abs(s.mean() - d.mean()) <= 4 * se);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("exact means") {
  CHECK(sim::Distribution::deterministic(7).mean() == 7);
  CHECK(sim::Distribution::exponential(2).mean() == 2);
  CHECK(sim::Distribution::uniform(1, 3).mean() == 2);
  CHECK(sim::Distribution::lognormal(0.5, 0.8).mean() == doctest::Approx(std::exp(0.5 + 0.32)));
  CHECK(sim::Distribution::gamma(0.5, 3).mean() == 1.5);
  CHECK(sim::Distribution::weibull(1, 2).mean() == doctest::Approx(2));   // shape 1: exponential
  CHECK(sim::Distribution::weibull(2, 1).mean() == doctest::Approx(std::sqrt(std::acos(-1.0)) / 2));
  CHECK(sim::Distribution::empirical({1, 10, 100}, {1, 3, 0}).mean() == doctest::Approx(7.75));
  CHECK(make("exponential", {{"rate", {4}}}).mean() == 0.25);
  CHECK(make("gamma", {{"mean", {3}}, {"cv", {0.5}}}).mean() == doctest::Approx(3));
  CHECK(make("lognormal", {{"mean", {3}}, {"cv", {0.5}}}).mean() == doctest::Approx(3));
}

TEST_CASE("sample means over 200k draws are within 4 standard errors of mean()") {
  check_mean(sim::Distribution::exponential(2));
  check_mean(sim::Distribution::exponential(1e-3));
  check_mean(sim::Distribution::uniform(1, 3));
  check_mean(sim::Distribution::uniform(-5, 0.5));
  check_mean(sim::Distribution::lognormal(0.5, 0.8));
  check_mean(sim::Distribution::gamma(0.5, 3));  // shape < 1
  check_mean(sim::Distribution::gamma(4, 0.25));
  check_mean(sim::Distribution::weibull(1.5, 2));
  check_mean(sim::Distribution::weibull(0.7, 10));
  check_mean(sim::Distribution::empirical({1, 10, 100}, {1, 3, 0.5}));
  check_mean(make("exponential", {{"rate", {4}}}));
  const sim::RunningStats d = draw(sim::Distribution::deterministic(7), 10);
  CHECK(d.min() == 7);
  CHECK(d.max() == 7);
  const sim::RunningStats u = draw(sim::Distribution::uniform(2, 2), 10);  // Boost alone never returns here
  CHECK(u.min() == 2);
  CHECK(u.max() == 2);
  const sim::RunningStats r = draw(sim::Distribution::uniform(1, 3));
  CHECK(r.min() >= 1);
  CHECK(r.max() < 3);
  CHECK(draw(sim::Distribution::exponential(2)).min() >= 0);
  CHECK(draw(sim::Distribution::gamma(0.5, 3)).min() >= 0);
}

TEST_CASE("lognormal and gamma by mean and cv: sample mean and cv") {
  for (const char* kind : {"lognormal", "gamma"}) {
    for (double cv : {0.5, 1.5}) {
      INFO(kind << " cv " << cv);
      const sim::Distribution d = make(kind, {{"mean", {3}}, {"cv", {cv}}});
      const sim::RunningStats s = draw(d);
      CHECK(std::abs(s.mean() - 3) <= 4 * s.stddev() / std::sqrt(static_cast<double>(s.count())));
      CHECK(s.stddev() / s.mean() == doctest::Approx(cv).epsilon(cv > 1 ? 0.08 : 0.02));
    }
  }
  // The conversion itself: sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2.
  const sim::Distribution by_cv = make("lognormal", {{"mean", {3}}, {"cv", {0.5}}});
  const auto& ln = std::get<sim::Distribution::Lognormal>(by_cv.alternative());
  CHECK(ln.d.s() == doctest::Approx(std::sqrt(std::log(1.25))));
  CHECK(ln.d.m() == doctest::Approx(std::log(3) - std::log(1.25) / 2));
  // shape = 1/cv^2, scale = mean * cv^2.
  const sim::Distribution gamma_by_cv = make("gamma", {{"mean", {3}}, {"cv", {0.5}}});
  const auto& g = std::get<sim::Distribution::Gamma>(gamma_by_cv.alternative());
  CHECK(g.d.alpha() == doctest::Approx(4));
  CHECK(g.d.beta() == doctest::Approx(0.75));
  const sim::Distribution by_mu = make("lognormal", {{"mu", {-1}}, {"sigma", {0.3}}});
  const auto& direct = std::get<sim::Distribution::Lognormal>(by_mu.alternative());
  CHECK(direct.d.m() == -1);
  CHECK(direct.d.s() == 0.3);
}

TEST_CASE("empirical: frequencies follow the weights, values come back exactly") {
  const std::vector<double> values = {0.1, 2.5, 1e9, -3};
  const std::vector<double> weights = {1, 0, 6, 3};  // normalised: 0.1, 0, 0.6, 0.3
  sim::Distribution d = make("empirical", {{"values", values}, {"weights", weights}});
  sim::Rng rng(5);
  const int n = 200000;
  std::map<double, int> seen;
  for (int i = 0; i < n; ++i) ++seen[d.sample(rng)];
  CHECK(seen.size() == 3);
  CHECK(seen.count(2.5) == 0);  // weight 0: never drawn
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double p = weights[i] / 10;
    if (p == 0) continue;
    INFO("value " << values[i]);
    REQUIRE(seen.count(values[i]) == 1);  // exactly the value given
    CHECK(std::abs(seen[values[i]] / double(n) - p) <= 4 * std::sqrt(p * (1 - p) / n));
  }
  // One value; trailing and leading zero weights (the rounding of the cumulative sum must not
  // let a draw near 1 reach a zero-weight value).
  CHECK(draw(sim::Distribution::empirical({42}, {0.3}), 1000).max() == 42);
  const sim::RunningStats z = draw(sim::Distribution::empirical({5, 1, 2, 9}, {0, 0.1, 0.2, 0}), 100000);
  CHECK(z.min() == 1);
  CHECK(z.max() == 2);
  const sim::RunningStats third = draw(sim::Distribution::empirical({1, 2, 3, 4}, {1.0 / 3, 1.0 / 3, 1.0 / 3, 0}), 100000);
  CHECK(third.max() == 3);
}

TEST_CASE("determinism: the same seed gives the same draws") {
  const std::vector<sim::Distribution> all = {
      sim::Distribution::deterministic(1), sim::Distribution::exponential(2), sim::Distribution::uniform(0, 1),
      sim::Distribution::lognormal(0, 1),  sim::Distribution::gamma(2, 1),    sim::Distribution::weibull(1.5, 1),
      sim::Distribution::empirical({1, 2, 3}, {1, 1, 1})};
  for (std::size_t k = 0; k < all.size(); ++k) {
    INFO("alternative " << k);
    sim::Distribution a = all[k], b = all[k], c = all[k];
    sim::Rng r1(99), r2(99), r3(100);
    int same_as_other_seed = 0;
    for (int i = 0; i < 10; ++i) {
      const double x = a.sample(r1);
      CHECK(x == b.sample(r2));
      same_as_other_seed += x == c.sample(r3);
    }
    if (k != 0) CHECK(same_as_other_seed < 10);
  }
}

TEST_CASE("golden draws: Boost's algorithms give these numbers on every platform") {
  // A failure here means a Boost upgrade changed the variates, and so every scenario's
  // results: rebaseline deliberately.
  const std::vector<std::pair<sim::Distribution, std::vector<double>>> golden = {
      {sim::Distribution::exponential(1), {0.53662186687306612, 0.77173897531285718, 3.8015588309354285}},
      {sim::Distribution::uniform(0, 1), {0.75515553295453897, 0.63903139385469743, 0.7521452007480266}},
      {sim::Distribution::lognormal(0, 1), {0.50148282660341215, 0.44608938392897718, 0.11338491126232383}},
      {sim::Distribution::gamma(2, 1), {1.7904030489290115, 1.5273038867936659, 5.1042919513926392}},
      {sim::Distribution::weibull(1.5, 1), {1.255711620537479, 1.012603231339483, 1.2484311028350359}},
      {sim::Distribution::empirical({1, 2, 3}, {1, 1, 1}), {3, 2, 3}},
  };
  for (auto [d, expected] : golden) {
    sim::Rng rng(42);
    for (double x : expected) CHECK(d.sample(rng) == x);
  }
}

TEST_CASE("build_distribution: every error says what is accepted") {
  CHECK(error_of("expo", {{"mean", {1}}}) ==
        "dist: unknown distribution \"expo\"; expected one of: deterministic, exponential, uniform, lognormal, gamma, "
        "weibull, empirical");
  CHECK(contains(error_of("exponentail", {{"mean", {1}}}), "unknown distribution \"exponentail\" (did you mean \"exponential\"?)"));
  CHECK(contains(error_of("Gamma", {{"mean", {1}}}), "(did you mean \"gamma\"?)"));
  CHECK(contains(error_of("", {}), "dist: unknown distribution \"\"; expected one of"));

  CHECK(error_of("lognormal", {{"mean", {1}}}) == ": lognormal takes {mean, cv} or {mu, sigma}, got {mean}");
  CHECK(error_of("lognormal", {{"mean", {1}}, {"sigma", {1}}}) == ": lognormal takes {mean, cv} or {mu, sigma}, got {mean, sigma}");
  CHECK(error_of("exponential", {{"mean", {1}}, {"rate", {1}}}) == ": exponential takes {mean} or {rate}, got {mean, rate}");
  CHECK(error_of("uniform", {}) == ": uniform takes {min, max}, got no parameters");
  CHECK(error_of("gamma", {{"shape", {1}}}) == ": gamma takes {shape, scale} or {mean, cv}, got {shape}");

  CHECK(error_of("lognormal", {{"mean", {1}}, {"sd", {1}}}) ==
        "sd: lognormal has no parameter `sd`; it takes {mean, cv} or {mu, sigma}");
  CHECK(error_of("lognormal", {{"mean", {1}}, {"vc", {1}}}) ==
        "vc: lognormal has no parameter `vc` (did you mean \"cv\"?); it takes {mean, cv} or {mu, sigma}");
  CHECK(contains(error_of("weibull", {{"shpae", {1}}, {"scale", {1}}}), "shpae: weibull has no parameter `shpae` (did you mean \"shape\"?)"));
  CHECK(contains(error_of("deterministic", {{"mean", {1}}}), "mean: deterministic has no parameter `mean`; it takes {value}"));

  CHECK(error_of("exponential", {{"mean", {1, 2}}}) == "mean: expected one number, got a list of 2");
  CHECK(error_of("exponential", {{"mean", {}}}) == "mean: expected one number, got a list of 0");
  CHECK(error_of("deterministic", {{"value", {std::nan("")}}}) == "value: must be a finite number, got nan");
  CHECK(error_of("empirical", {{"values", {1, std::numeric_limits<double>::infinity()}}, {"weights", {1, 1}}}) ==
        "values: must be a finite number, got inf");

  CHECK(error_of("exponential", {{"mean", {0}}}) == "mean: must be > 0, got 0");
  CHECK(error_of("exponential", {{"rate", {-2}}}) == "rate: must be > 0, got -2");
  CHECK(error_of("lognormal", {{"mean", {-1}}, {"cv", {1}}}) == "mean: must be > 0, got -1");
  CHECK(error_of("lognormal", {{"mean", {1}}, {"cv", {0}}}) == "cv: must be > 0, got 0");
  CHECK(error_of("lognormal", {{"mu", {-5}}, {"sigma", {0}}}) == "sigma: must be > 0, got 0");
  CHECK(error_of("gamma", {{"shape", {0}}, {"scale", {1}}}) == "shape: must be > 0, got 0");
  CHECK(error_of("gamma", {{"shape", {1}}, {"scale", {-0.5}}}) == "scale: must be > 0, got -0.5");
  CHECK(error_of("gamma", {{"mean", {2}}, {"cv", {-1}}}) == "cv: must be > 0, got -1");
  CHECK(error_of("weibull", {{"shape", {-1}}, {"scale", {1}}}) == "shape: must be > 0, got -1");
  CHECK(error_of("weibull", {{"shape", {1}}, {"scale", {0}}}) == "scale: must be > 0, got 0");
  CHECK(error_of("uniform", {{"min", {3}}, {"max", {1}}}) == "min: min (3) must be <= max (1)");
  CHECK(contains(error_of("gamma", {{"mean", {1}}, {"cv", {1e200}}}), ": the parameters are out of range (gamma"));
  CHECK(contains(error_of("exponential", {{"rate", {1e-310}}}), ": the parameters are out of range (exponential"));

  CHECK(error_of("empirical", {{"values", {}}, {"weights", {}}}) == "values: needs at least one value");
  CHECK(error_of("empirical", {{"values", {1, 2}}, {"weights", {1}}}) == "weights: needs one weight per value: 2 values, 1 weights");
  CHECK(error_of("empirical", {{"values", {1, 2}}, {"weights", {1, -1}}}) == "weights: weights must be >= 0, got -1 at index 1");
  CHECK(error_of("empirical", {{"values", {1, 2}}, {"weights", {0, 0}}}) == "weights: weights must not all be 0");
  CHECK(error_of("empirical", {{"values", {1, 2}}, {"weights", {1e308, 1e308}}}) == "weights: the weights' sum overflows");

  // What is accepted: negative and zero values where no range applies.
  CHECK(make("deterministic", {{"value", {-3}}}).mean() == -3);
  CHECK(make("uniform", {{"min", {-1}}, {"max", {-1}}}).mean() == -1);
  CHECK(make("lognormal", {{"mu", {-2}}, {"sigma", {0.1}}}).mean() > 0);
  CHECK(make("empirical", {{"values", {-1, 0}}, {"weights", {0, 2}}}).mean() == 0);
}

TEST_CASE("the tables of kinds and parameters") {
  const auto& kinds = models::distribution_kinds();
  std::vector<std::string_view> names;
  for (const auto& k : kinds) names.push_back(k.name);
  CHECK(names == std::vector<std::string_view>{"deterministic", "exponential", "uniform", "lognormal", "gamma", "weibull", "empirical"});
  std::vector<std::string_view> documented;
  for (const auto& p : models::distribution_params()) {
    CHECK_FALSE(p.help.empty());
    documented.push_back(p.name);
  }
  for (const auto& k : kinds) {
    CHECK_FALSE(k.help.empty());
    REQUIRE_FALSE(k.parameter_sets.empty());
    for (const auto& set : k.parameter_sets)
      for (std::string_view p : set) {
        INFO(k.name << "." << p);
        CHECK(std::find(documented.begin(), documented.end(), p) != documented.end());
      }
  }
  // Every kind builds from each of its parameter sets with 1s (empirical from one-item lists).
  for (const auto& k : kinds)
    for (const auto& set : k.parameter_sets) {
      Params params;
      for (std::string_view p : set) params[std::string(p)] = {1};
      INFO(k.name);
      CHECK(build_distribution(DistributionSpec{std::string(k.name), params}).distribution.has_value());
    }
}

TEST_CASE("factories reject what Boost cannot sample") {
  CHECK_THROWS_AS(sim::Distribution::exponential(0), std::invalid_argument);
  CHECK_THROWS_AS(sim::Distribution::exponential(std::numeric_limits<double>::infinity()), std::invalid_argument);
  CHECK_THROWS_AS(sim::Distribution::uniform(3, 1), std::invalid_argument);
  CHECK_THROWS_AS(sim::Distribution::uniform(-1e308, 1e308), std::invalid_argument);  // the width overflows
  CHECK_THROWS_AS(sim::Distribution::lognormal(0, 0), std::invalid_argument);
  CHECK_THROWS_AS(sim::Distribution::gamma(0, 1), std::invalid_argument);
  CHECK_THROWS_AS(sim::Distribution::weibull(1, -1), std::invalid_argument);
  CHECK_THROWS_AS(sim::Distribution::empirical({}, {}), std::invalid_argument);
  CHECK_THROWS_AS(sim::Distribution::empirical({1, 2}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(sim::Distribution::empirical({1}, {-1}), std::invalid_argument);
  CHECK_THROWS_AS(sim::Distribution::empirical({1, 2}, {0, 0}), std::invalid_argument);
}
