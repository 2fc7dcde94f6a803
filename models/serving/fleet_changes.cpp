#include "models/serving/fleet_changes.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace capsim::models {

std::vector<ChangeStep> change_steps(const PoolConfig& pool) {
  std::vector<ChangeStep> steps;
  steps.reserve(pool.changes.size());
  for (std::size_t i = 0; i < pool.changes.size(); ++i) {
    const FleetChange& c = pool.changes[i];
    if (c.add > 0) steps.push_back(ChangeStep{c.at_s + c.lead_time_s, c.add, i});
    else steps.push_back(ChangeStep{c.at_s, -c.retire, i});
  }
  std::stable_sort(steps.begin(), steps.end(), [](const ChangeStep& a, const ChangeStep& b) {
    if (a.at_s != b.at_s) return a.at_s < b.at_s;
    return a.delta > 0 && b.delta < 0;
  });
  return steps;
}

std::int64_t max_replicas(const PoolConfig& pool) {
  std::int64_t n = pool.replicas;
  for (const FleetChange& c : pool.changes) n += c.add;
  return n;
}

std::int64_t installed_at(const PoolConfig& pool, double t_s) {
  std::int64_t n = pool.replicas;
  for (const ChangeStep& s : change_steps(pool))
    if (s.at_s <= t_s) n += s.delta;
  return n;
}

std::vector<ChangeProblem> check_changes(const PoolConfig& pool) {
  std::vector<ChangeProblem> problems;
  std::int64_t n = pool.replicas;
  for (const ChangeStep& s : change_steps(pool)) {
    if (n + s.delta < 0) {
      problems.push_back(ChangeProblem{
          s.entry, fmt::format("retires {} replicas at {}s, but only {} are installed by then", -s.delta, s.at_s, n)});
      return problems;
    }
    n += s.delta;
  }
  return problems;
}

}  // namespace capsim::models
