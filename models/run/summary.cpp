#include "models/run/summary.hpp"

#include <map>
#include <tuple>
#include <utility>

#include "sim/confidence_interval.hpp"

namespace capsim::models {

std::vector<MetricSummary> summarize(const std::vector<RunResult>& runs) {
  std::vector<MetricSummary> out;
  std::vector<std::vector<double>> values;  // parallel to out
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  for (const RunResult& run : runs) {
    for (const sim::Measurement& m : run.metrics) {
      const auto [it, inserted] = index.try_emplace({m.scope, m.metric, m.unit}, out.size());
      if (inserted) {
        out.push_back(MetricSummary{m.scope, m.metric, m.unit});
        values.emplace_back();
      }
      values[it->second].push_back(m.value);
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    const sim::MeanInterval ci = sim::t_interval(values[i], 0.95);
    out[i].mean = ci.mean;
    out[i].sd = ci.sd;
    out[i].n = ci.n;
    out[i].ci95_lo = ci.lo;
    out[i].ci95_hi = ci.hi;
  }
  return out;
}

std::vector<PooledQuantiles> pooled_quantiles(const std::vector<RunResult>& runs) {
  std::vector<SignalSketch> pooled;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const RunResult& run : runs) {
    for (const SignalSketch& s : run.sketches) {
      const auto [it, inserted] = index.try_emplace({s.scope, s.signal}, pooled.size());
      if (inserted) pooled.push_back(SignalSketch{s.scope, s.signal, {}});
      pooled[it->second].sketch.merge(s.sketch);
    }
  }
  std::vector<PooledQuantiles> out;
  out.reserve(pooled.size());
  for (const SignalSketch& s : pooled)
    out.push_back(PooledQuantiles{s.scope, s.signal, s.sketch.count(), s.sketch.quantile(0.5), s.sketch.quantile(0.9), s.sketch.quantile(0.99)});
  return out;
}

}  // namespace capsim::models
