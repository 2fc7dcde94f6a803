// Demand processes against their definitions, through real scenarios.
#include <cmath>
#include <fstream>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <doctest/doctest.h>

#include "models/demand/modulation.hpp"
#include "models/demand/signup_process.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

// Signups per time-series step of replication 0: (step end time, count in the step).
std::vector<std::pair<double, double>> signups_per_step(const models::Scenario& s) {
  const models::RunResult r = models::run_replication(s, 0);
  std::vector<std::pair<double, double>> out;
  for (const sim::SeriesPoint& p : r.series)
    if (r.series_names[p.series].metric == "signups" && p.time_s > 0) out.emplace_back(p.time_s, p.value);
  return out;
}

// Pearson's chi-square of observed counts against expected ones; the test passes at the 0.1% level.
void check_chi_square(const std::vector<double>& observed, const std::vector<double>& expected) {
  REQUIRE(observed.size() == expected.size());
  double chi2 = 0;
  for (std::size_t i = 0; i < observed.size(); ++i) chi2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
  const boost::math::chi_squared dist(static_cast<double>(observed.size()));
  const double critical = boost::math::quantile(boost::math::complement(dist, 0.001));
  // Too good a fit fails too (lower 0.1% tail): counts that merely copy their expectation are no Poisson sample.
  const double too_good = boost::math::quantile(dist, 0.001);
  INFO("chi-square " << chi2 << " with " << observed.size() << " degrees of freedom; 0.1% critical values " << too_good << ", " << critical);
  CHECK(chi2 < critical);
  CHECK(chi2 > too_good);
}

}  // namespace

TEST_CASE("validation: Bass diffusion follows m F(t) within a few standard deviations of the count") {
  const models::Scenario s = load_validation("bass-adoption");
  const auto steps = signups_per_step(s);
  const double m = 1e6, p = 0.03 / 86400, q = 0.38 / 86400;
  // Signups are a Poisson process with cumulative intensity m F(t) (capped at m): the count by t
  // is Poisson with mean and variance m F(t). Five checkpoints, 0.1% false alarms in all.
  constexpr int checkpoints = 5;
  const double z = boost::math::quantile(boost::math::complement(boost::math::normal(), 0.001 / (2 * checkpoints)));
  double cumulative = 0;
  int checked = 0;
  for (const auto& [t, n] : steps) {
    cumulative += n;
    const double day = t / 86400;
    if (day == 3 || day == 7 || day == 10 || day == 14 || day == 21) {
      const double exact = m * models::bass_share(t, p, q);
      INFO("day " << day << ": simulated " << cumulative << ", m F(t) = " << exact << ", " << (cumulative - exact) / std::sqrt(exact) << " sd");
      CHECK(std::abs(cumulative - exact) <= z * std::sqrt(exact));
      ++checked;
    }
  }
  CHECK(checked == checkpoints);
  CHECK(models::bass_share(1e12, p, q) == doctest::Approx(1.0));
}

TEST_CASE("validation: piecewise-rate Poisson counts match the integral of the rate (chi-square)") {
  const auto steps = signups_per_step(load_validation("piecewise-poisson"));
  std::vector<double> observed, expected;
  for (const auto& [t, n] : steps) {
    observed.push_back(n);
    expected.push_back(100.0 * (t <= 1000 ? 10.0 : t <= 2000 ? 30.0 : 5.0));
  }
  CHECK(observed.size() == 30);
  check_chi_square(observed, expected);
}

TEST_CASE("validation: diurnally modulated Poisson counts follow the profile (chi-square)") {
  const models::Scenario s = load_validation("diurnal-poisson");
  const models::Modulation profile(s.services[0].signups->diurnal, {});
  const auto steps = signups_per_step(s);
  std::vector<double> observed, expected;
  for (const auto& [t, n] : steps) {
    observed.push_back(n);
    expected.push_back(2.0 * 3600.0 * profile.factor_at(t - 1800));  // the factor of the hour ending at t
  }
  CHECK(observed.size() == 48);
  check_chi_square(observed, expected);
  // Night hours are quiet, afternoons busy: the modulation is not flat.
  CHECK(observed[2] < 0.2 * observed[14]);
}

TEST_CASE("validation: weekly and diurnal profiles multiply: signups per hour of the week (chi-square, 168 cells)") {
  const models::Scenario s = load_validation("weekly-poisson");
  const std::vector<double>& w = s.services[0].signups->weekly;
  const std::vector<double>& d = s.services[0].signups->diurnal;
  REQUIRE(w.size() == 168);
  REQUIRE(d.size() == 24);
  // The rate of hour h of the week: 1/s x w[h] d[h mod 24], normalised to mean 1 over the week.
  double mean = 0;
  for (std::size_t h = 0; h < 168; ++h) mean += w[h] * d[h % 24] / 168;
  const auto steps = signups_per_step(s);
  std::vector<double> observed, expected;
  for (const auto& [t, n] : steps) {
    const auto h = static_cast<std::size_t>(t / 3600) - 1;  // the hour ending at t
    observed.push_back(n);
    expected.push_back(3600.0 * w[h % 168] * d[h % 24] / mean);
  }
  REQUIRE(observed.size() == 168);
  check_chi_square(observed, expected);
  // Same hour, different days: Wednesday 14h is busier than Sunday 14h by the weekly factors.
  const double ratio = observed[2 * 24 + 14] / observed[6 * 24 + 14];
  INFO("Wednesday / Sunday at 14h: " << ratio << ", profile " << w[2 * 24 + 14] / w[6 * 24 + 14]);
  CHECK(ratio > 2.0);
}

TEST_CASE("modulation: operational time is increasing, invertible and keeps the mean rate") {
  std::vector<double> diurnal(24, 1.0);
  diurnal[3] = 0;  // an hour with no arrivals at all
  diurnal[12] = 5;
  const models::Modulation m(diurnal, {});
  CHECK(m.to_operational(86400) == doctest::Approx(86400));
  CHECK(m.to_operational(7 * 86400 + 100) == doctest::Approx(7 * 86400 + m.to_operational(100)));
  for (double t : {0.0, 100.0, 3.5 * 3600, 4 * 3600 + 1.0, 12.5 * 3600, 86399.0, 200000.0})
    if (m.factor_at(t) > 0) CHECK(m.to_real(m.to_operational(t)) == doctest::Approx(t));
  CHECK(m.to_real(m.to_operational(3 * 3600 + 10)) >= 4 * 3600);  // skipped over the empty hour
  CHECK_THROWS_AS(models::Modulation(std::vector<double>(23, 1.0), {}), std::invalid_argument);
}

TEST_CASE("validation: the Azure conversation trace replays every request with its token lengths") {
  const std::string file = std::string(CAPSIM_SOURCE_DIR) + "/../shared/data/azure-llm-inference-2023/conv.csv";
  std::ifstream in(file);
  REQUIRE_MESSAGE(in.good(), "the shared Azure trace is missing: " << file);
  std::size_t rows = 0;
  std::string line;
  while (std::getline(in, line)) ++rows;
  const models::Scenario s = load_validation("azure-trace");
  REQUIRE(s.services[0].usage.token_pairs.size() == rows - 1);
  double prompt = 0, output = 0;
  for (const auto& [p, o] : s.services[0].usage.token_pairs) {
    prompt += p;
    output += o;
  }
  // The trace's README: conv input mean 1155, output mean 211 tokens.
  CHECK(prompt / static_cast<double>(rows - 1) == doctest::Approx(1155).epsilon(0.005));
  CHECK(output / static_cast<double>(rows - 1) == doctest::Approx(211).epsilon(0.005));
  const models::RunResult r = models::run_replication(s, 0);
  double signups = 0;
  for (const sim::Measurement& m : r.metrics)
    if (m.metric == "signups") signups = m.value;
  CHECK(signups == static_cast<double>(rows - 1));  // the trace spans under an hour: all of it fits in 2 h
}
