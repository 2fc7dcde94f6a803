// Runs a validation scenario through the real path (YAML file -> loader -> engine) and checks a
// metric against an exact answer: the exact value must lie in the 99% t-interval over the
// replications and within 2% relative error of the mean (VALIDATION.md's tolerance).
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "models/run/experiment.hpp"
#include "models/config/scenario_loader.hpp"
#include "sim/confidence_interval.hpp"

namespace capsim::testing {

inline std::vector<double> metric_values(const std::vector<models::RunResult>& runs, const std::string& scope,
                                         const std::string& metric) {
  std::vector<double> out;
  for (const models::RunResult& r : runs)
    for (const sim::Measurement& m : r.metrics)
      if (m.scope == scope && m.metric == metric) out.push_back(m.value);
  REQUIRE_MESSAGE(out.size() == runs.size(), "metric " << metric << " missing for scope " << scope);
  return out;
}

// The exact value must lie in the 99% t-interval of `values` (one per replication) and within 2%
// relative error of their mean.
inline void check_exact_values(const std::vector<double>& values, double exact, const std::string& what) {
  constexpr double relative_tolerance = 0.02;
  const sim::MeanInterval ci = sim::t_interval(values, 0.99);
  INFO(what << ": exact " << exact << ", simulated " << ci.mean << " 99% CI [" << ci.lo << ", " << ci.hi << "], n=" << ci.n);
  CHECK(ci.contains(exact));
  CHECK(std::abs(ci.mean - exact) <= relative_tolerance * std::abs(exact));
}

inline void check_exact(const std::vector<models::RunResult>& runs, const std::string& metric, double exact,
                        const std::string& scope = "chat") {
  check_exact_values(metric_values(runs, scope, metric), exact, scope + " " + metric);
}

// One metric of one replication.
inline double run_metric(const models::RunResult& r, const std::string& scope, const std::string& name) {
  for (const sim::Measurement& m : r.metrics)
    if (m.scope == scope && m.metric == name) return m.value;
  FAIL("no metric " << scope << " " << name);
  return 0;
}

// The time series of one metric of one replication, as (time, value).
inline std::vector<std::pair<double, double>> run_series(const models::RunResult& r, const std::string& scope,
                                                         const std::string& name) {
  std::vector<std::pair<double, double>> out;
  for (const sim::SeriesPoint& p : r.series)
    if (r.series_names[p.series].scope == scope && r.series_names[p.series].metric == name) out.emplace_back(p.time_s, p.value);
  return out;
}

// Little's law on the waitlist: mean length = signup rate x mean wait, per replication; the
// 99% interval of the relative difference must contain 0 and its mean stay within 2%.
inline void check_littles_law(const std::vector<models::RunResult>& runs, const models::Scenario& s) {
  const std::vector<double> len = metric_values(runs, "chat", "waitlist_len_mean");
  const std::vector<double> signups = metric_values(runs, "chat", "signups");
  const std::vector<double> blocked = metric_values(runs, "chat", "blocked");
  const std::vector<double> wait = metric_values(runs, "chat", "wait_mean_s");
  std::vector<double> diff;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const double rate = (signups[i] - blocked[i]) / (s.horizon_s - s.warmup_s);
    const double l = rate * wait[i];
    diff.push_back(len[i] > 0 ? (len[i] - l) / len[i] : l);
  }
  const sim::MeanInterval ci = sim::t_interval(diff, 0.99);
  INFO("Little's law relative difference " << ci.mean << " 99% CI [" << ci.lo << ", " << ci.hi << "]");
  CHECK((ci.contains(0.0) || std::abs(ci.mean) < 1e-3));
  CHECK(std::abs(ci.mean) <= 0.02);
}

inline models::Scenario load_validation(const std::string& name) {
  return models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/" + name + ".yaml");
}

}  // namespace capsim::testing
