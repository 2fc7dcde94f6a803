#include "models/run/sweep.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "models/config/diagnostics.hpp"
#include "sim/confidence_interval.hpp"

namespace capsim::models {

Sweep::Sweep(const std::string& path, const std::vector<Override>& base, SweepSpec spec) : spec_(std::move(spec)), keys_(spec_.keys()) {
  std::vector<Diagnostic> errors;
  for (std::size_t a = 0; a < spec_.arms(); ++a) {
    std::vector<Override> overrides = base;
    const std::vector<Override> arm = spec_.arm(a);
    overrides.insert(overrides.end(), arm.begin(), arm.end());
    try {
      arms_.push_back(SweepArm{arm, load_scenario(path, overrides)});
    } catch (const ScenarioError& e) {
      // An error of a swept value points at the sweep, not at a --set; one that every arm shares
      // (an unknown key) is reported once.
      for (Diagnostic d : e.items()) {
        for (const Override& o : arm)
          if (d.location == "--set " + o.key + "=" + o.value) d.location = "sweep " + o.key + "=" + o.value;
        const auto same = [&](const Diagnostic& x) { return x.path == d.path && x.message == d.message; };
        if (std::none_of(errors.begin(), errors.end(), same)) errors.push_back(std::move(d));
      }
    }
  }
  if (!errors.empty()) throw ScenarioError(errors);
  for (std::size_t a = 0; a < arms_.size(); ++a)
    for (int r = 0; r < arms_[a].scenario.replications; ++r)
      runs_.push_back(SweepRun{static_cast<int>(runs_.size()), static_cast<int>(a), r, arms_[a].scenario.seed, fmt::format("a{}-r{}", a, r)});
}

void run_sweep(const Sweep& sweep, const std::vector<int>& indices, const SweepOptions& options) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex, finished_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < indices.size(); i = next++) {
      if (options.stop && options.stop->load()) return;
      try {
        const SweepRun& run = sweep.runs().at(static_cast<std::size_t>(indices[i]));
        const RunResult r = run_replication(sweep.arms()[static_cast<std::size_t>(run.arm)].scenario, run.replication,
                                            {nullptr, options.stop, options.max_events});
        if (r.completed && options.on_finished) {
          std::lock_guard lock(finished_mutex);
          options.on_finished(run, r);
        }
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = indices.size();  // start nothing new
      }
    }
  };
  const int workers = std::max(1, std::min(options.threads, static_cast<int>(indices.size())));
  std::vector<std::thread> pool;
  for (int w = 1; w < workers; ++w) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

std::vector<ArmSummary> summarize_arm(const std::vector<RunResult>& runs, const std::vector<RunResult>& baseline) {
  std::vector<ArmSummary> out;
  for (const MetricSummary& m : summarize(runs)) out.push_back(ArmSummary{m, std::nullopt});
  if (baseline.empty()) return out;
  // Each metric's value in each baseline replication, by (scope, metric, unit).
  std::map<std::tuple<std::string, std::string, std::string>, std::map<int, double>> base;
  for (const RunResult& b : baseline)
    for (const sim::Measurement& m : b.metrics) base[{m.scope, m.metric, m.unit}][b.replication] = m.value;
  for (ArmSummary& s : out) {
    const auto it = base.find({s.metric.scope, s.metric.metric, s.metric.unit});
    if (it == base.end()) continue;
    std::vector<double> differences;
    for (const RunResult& r : runs)
      for (const sim::Measurement& m : r.metrics)
        if (m.scope == s.metric.scope && m.metric == s.metric.metric && m.unit == s.metric.unit) {
          const auto paired = it->second.find(r.replication);
          if (paired != it->second.end()) differences.push_back(m.value - paired->second);
        }
    const sim::MeanInterval ci = sim::t_interval(differences, 0.95);
    s.difference = MetricSummary{s.metric.scope, s.metric.metric, s.metric.unit, ci.mean, ci.sd, ci.n, ci.lo, ci.hi};
  }
  return out;
}

std::vector<int> baseline_arms(const Sweep& sweep, const std::string& key, const std::string& value) {
  const auto column = std::find(sweep.keys().begin(), sweep.keys().end(), key);
  if (column == sweep.keys().end())
    throw std::invalid_argument(fmt::format("--baseline {}={}: `{}` is not swept (swept: {})", key, value, key, fmt::join(sweep.keys(), ", ")));
  const auto k = static_cast<std::size_t>(column - sweep.keys().begin());
  const std::vector<SweepArm>& arms = sweep.arms();
  std::vector<int> out(arms.size(), -1);
  bool any = false;
  for (std::size_t a = 0; a < arms.size(); ++a) {
    for (std::size_t b = 0; b < arms.size(); ++b) {
      if (arms[b].overrides[k].value != value) continue;
      bool same = true;
      for (std::size_t j = 0; j < sweep.keys().size(); ++j) same = same && (j == k || arms[a].overrides[j].value == arms[b].overrides[j].value);
      if (same) {
        out[a] = a == b ? -1 : static_cast<int>(b);
        any = true;
      }
    }
  }
  if (!any) throw std::invalid_argument(fmt::format("--baseline {}={}: no arm has `{}` = {}", key, value, key, value));
  return out;
}

}  // namespace capsim::models
