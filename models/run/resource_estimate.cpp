#include "models/run/resource_estimate.hpp"

#include <algorithm>
#include <fstream>

#include "models/demand/signup_process.hpp"

namespace capsim::models {
namespace {

// Bytes a person may hold at once: on a waitlist (record, ring slot, pending abandonment),
// then as an admitted user (record, class list entry, pending churn and turn events), plus the
// population's membership table. Measured: bing-2023 peaks at 382 MB for 5.2M signups (73 B
// each, pools grown by doubling); 200 B keeps the estimate an upper bound.
constexpr double kBytesPerPerson = 200;
constexpr double kBaseBytes = 16e6;  // measured: about 6 MB for a small run (program, libraries, pools); rounded up

}  // namespace

double expected_signups(const SignupConfig& c, double horizon_s) {
  if (c.process == "poisson") return c.rate_per_s * horizon_s;
  if (c.process == "gamma") return horizon_s / c.mean_s;
  if (c.process == "bass") return c.market * bass_share(horizon_s, c.p_per_s, c.q_per_s);
  if (c.process == "piecewise") {
    double total = 0;
    for (std::size_t i = 0; i < c.rates.size(); ++i) {
      const double from = std::min(c.rates[i].first, horizon_s);
      const double to = i + 1 < c.rates.size() ? std::min(c.rates[i + 1].first, horizon_s) : horizon_s;
      total += c.rates[i].second * std::max(0.0, to - from);
    }
    return total;
  }
  // trace: one arrival per row (timestamps) or the sum of the counts; bounded by the file.
  std::ifstream in(c.file);
  double rows = 0;
  for (std::string line; std::getline(in, line);) rows += 1;
  return std::max(0.0, rows - 1) * (c.counts ? 1e3 : 1.0);  // counts: a rough 1000 per row
}

ResourceEstimate estimate_resources(const Scenario& s) {
  ResourceEstimate e;
  auto consider = [&](const SignupConfig& c, const std::string& where) {
    const double n = expected_signups(c, s.horizon_s);
    e.signups += n;
    if (n > e.largest_signups) {
      e.largest_signups = n;
      e.largest = where;
    }
  };
  if (s.population) consider(s.population->signups, "population.signups");
  for (const ServiceConfig& svc : s.services)
    if (svc.signups) consider(*svc.signups, "services." + svc.name + ".signups");
  e.peak_bytes = kBaseBytes + kBytesPerPerson * e.signups * static_cast<double>(std::max<std::size_t>(1, s.services.size()));
  return e;
}

}  // namespace capsim::models
