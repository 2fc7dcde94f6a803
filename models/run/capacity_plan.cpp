#include "models/run/capacity_plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string_view>

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/config/suggest.hpp"
#include "models/input/units.hpp"

namespace capsim::models {
namespace {

bool ends_with(std::string_view s, std::string_view tail) { return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail; }

// The summaries of `target`'s metric in its scope.
const MetricSummary& find_summary(const PlanTarget& target, const std::vector<MetricSummary>& summaries) {
  std::vector<const MetricSummary*> found;
  std::vector<std::string> metrics;
  for (const MetricSummary& m : summaries) {
    if (m.metric != target.metric) {
      if (std::find(metrics.begin(), metrics.end(), m.metric) == metrics.end()) metrics.push_back(m.metric);
      continue;
    }
    if (target.scope.empty() || m.scope == target.scope) found.push_back(&m);
  }
  if (found.empty()) {
    const bool reported = std::any_of(summaries.begin(), summaries.end(), [&](const MetricSummary& m) { return m.metric == target.metric; });
    if (!reported) {
      std::vector<std::string_view> views(metrics.begin(), metrics.end());
      throw std::invalid_argument(fmt::format("target \"{}\": the run reports no metric `{}`{}", target.text, target.metric,
                                              did_you_mean(target.metric, views)));
    }
    std::vector<std::string> scopes;
    for (const MetricSummary& m : summaries)
      if (m.metric == target.metric) scopes.push_back(m.scope);
    throw std::invalid_argument(fmt::format("target \"{}\": no scope `{}` reports `{}` (scopes that do: {})", target.text, target.scope,
                                            target.metric, fmt::join(scopes, ", ")));
  }
  if (found.size() > 1) {
    for (const MetricSummary* m : found)
      if (m->scope == "all") return *m;
    std::vector<std::string> scopes;
    scopes.reserve(found.size());
    for (const MetricSummary* m : found) scopes.push_back(m->scope);
    throw std::invalid_argument(fmt::format("target \"{}\": `{}` is reported by several scopes ({}); write SCOPE.{}", target.text,
                                            target.metric, fmt::join(scopes, ", "), target.metric));
  }
  return *found.front();
}

bool upper(PlanTarget::Op op) { return op == PlanTarget::Op::Le || op == PlanTarget::Op::Lt; }

}  // namespace

PlanTarget parse_plan_target(const std::string& text) {
  PlanTarget t;
  t.text = text;
  static constexpr struct {
    std::string_view symbol;
    PlanTarget::Op op;
  } kOps[] = {{"<=", PlanTarget::Op::Le}, {">=", PlanTarget::Op::Ge}, {"<", PlanTarget::Op::Lt}, {">", PlanTarget::Op::Gt}};
  std::size_t at = std::string::npos, width = 0;
  for (const auto& o : kOps) {
    const std::size_t p = text.find(o.symbol);
    if (p != std::string::npos) {
      at = p;
      width = o.symbol.size();
      t.op = o.op;
      break;
    }
  }
  const std::string expected = "expected [SCOPE.]METRIC<=VALUE (or >=, <, >), e.g. 'p_wait<=0.2' or 'chat.wait_p90_s<=7d'";
  if (at == std::string::npos || at == 0 || at + width == text.size())
    throw std::invalid_argument(fmt::format("target \"{}\": {}", text, expected));
  std::string name = text.substr(0, at);
  const std::string value = text.substr(at + width);
  name.erase(0, name.find_first_not_of(' '));
  name.erase(name.find_last_not_of(' ') + 1);
  const std::size_t dot = name.rfind('.');
  if (dot != std::string::npos) {
    t.scope = name.substr(0, dot);
    name = name.substr(dot + 1);
  }
  if (name.empty() || (dot != std::string::npos && t.scope.empty())) throw std::invalid_argument(fmt::format("target \"{}\": {}", text, expected));
  t.metric = name;
  const bool seconds = ends_with(name, "_s") && !ends_with(name, "_per_s");  // wait_p90_s, not tokens_per_s
  const Parsed p = seconds ? parse_duration(value) : parse_count(value);
  if (!p) throw std::invalid_argument(fmt::format("target \"{}\": {}", text, p.error));
  t.limit = p.value;
  return t;
}

std::vector<TargetCheck> check_targets(const std::vector<PlanTarget>& targets, const std::vector<MetricSummary>& summaries,
                                       double confidence) {
  const double alpha = (1 - confidence) / static_cast<double>(std::max<std::size_t>(1, targets.size()));
  std::vector<TargetCheck> checks;
  for (const PlanTarget& t : targets) {
    const MetricSummary& m = find_summary(t, summaries);
    if (m.n < 2)
      throw std::invalid_argument(fmt::format("target \"{}\": a confidence needs at least 2 replications, the run has {}; set --replications",
                                              t.text, m.n));
    TargetCheck c;
    c.scope = m.scope;
    c.unit = m.unit;
    c.mean = m.mean;
    c.sd = m.sd;
    c.n = m.n;
    const boost::math::students_t dist(static_cast<double>(m.n - 1));
    const double half = boost::math::quantile(boost::math::complement(dist, alpha)) * m.sd / std::sqrt(static_cast<double>(m.n));
    c.bound = upper(t.op) ? m.mean + half : m.mean - half;
    switch (t.op) {
      case PlanTarget::Op::Le: c.holds = c.bound <= t.limit; break;
      case PlanTarget::Op::Lt: c.holds = c.bound < t.limit; break;
      case PlanTarget::Op::Ge: c.holds = c.bound >= t.limit; break;
      case PlanTarget::Op::Gt: c.holds = c.bound > t.limit; break;
    }
    checks.push_back(c);
  }
  return checks;
}

PlanResult plan_capacity(const std::vector<PlanTarget>& targets, const PlanOptions& options, const PlanEvaluator& evaluate,
                         const PlanObserver& observe) {
  if (targets.empty()) throw std::invalid_argument("a plan needs at least one target");
  if (!(options.confidence > 0 && options.confidence < 1)) throw std::invalid_argument("the confidence must lie strictly between 0 and 1");
  // The search runs on y, in which feasibility is monotone increasing: y = x for the smallest
  // value, y = -x for the largest. The default range of x starts at 1 for integer keys, 0 for real.
  const double sign = options.largest ? -1 : 1;
  std::optional<double> x_lo = options.lo, x_hi = options.hi;
  if (!x_lo) x_lo = options.integer ? 1.0 : 0.0;
  if (x_hi && *x_hi < *x_lo) throw std::invalid_argument(fmt::format("the range is empty ({} > {})", *x_lo, *x_hi));
  std::optional<double> y_min, y_max;
  if (options.largest) {
    if (x_hi) y_min = -*x_hi;
    y_max = -*x_lo;
  } else {
    y_min = *x_lo;
    y_max = x_hi;
  }
  auto clamp = [&](double y) {
    if (y_min) y = std::max(y, *y_min);
    if (y_max) y = std::min(y, *y_max);
    return options.integer ? std::round(y) : y;
  };

  PlanResult result;
  std::map<double, bool> known;  // y -> feasible
  auto feasible = [&](double y) {
    if (const auto it = known.find(y); it != known.end()) return it->second;
    if (static_cast<int>(result.tries.size()) >= options.max_tries)
      throw std::runtime_error(fmt::format("no answer within {} tries; give a --range", options.max_tries));
    PlanTry t;
    t.index = static_cast<int>(result.tries.size()) + 1;
    t.value = sign * y;
    t.checks = check_targets(targets, evaluate(t.value), options.confidence);
    t.feasible = std::all_of(t.checks.begin(), t.checks.end(), [](const TargetCheck& c) { return c.holds; });
    result.tries.push_back(t);
    if (observe) observe(result.tries.back());
    known[y] = t.feasible;
    return t.feasible;
  };

  const double y0 = clamp(sign * options.start);
  double step = options.integer ? std::max(1.0, std::floor(std::abs(y0) / 2)) : (y0 == 0 ? 1.0 : std::abs(y0) / 2);
  double good = 0, bad = 0;  // a feasible y, and an infeasible one below it
  bool have_bad = false;
  if (feasible(y0)) {
    good = y0;
    for (;;) {  // down until infeasible or the bottom of the range
      if (y_min && good <= *y_min) {
        result.answer = sign * good;
        return result;
      }
      const double y = clamp(good - step);
      step *= 2;
      if (feasible(y)) {
        good = y;
      } else {
        bad = y;
        have_bad = true;
        break;
      }
    }
  } else {
    bad = y0;
    have_bad = true;
    for (;;) {  // up until feasible or the top of the range
      if (y_max && bad >= *y_max) {
        result.notes.emplace_back("no value in the range meets every target");
        return result;
      }
      const double y = clamp(bad + step);
      step *= 2;
      if (feasible(y)) {
        good = y;
        break;
      }
      bad = y;
    }
  }
  // Bisection between the infeasible `bad` and the feasible `good`.
  auto done = [&] { return options.integer ? good - bad <= 1 : good - bad <= options.tolerance * std::max(std::abs(good), std::abs(bad)); };
  while (have_bad && !done()) {
    const double mid = options.integer ? std::floor((good + bad) / 2) : (good + bad) / 2;
    if (feasible(mid)) good = mid;
    else bad = mid;
  }
  result.answer = sign * good;
  return result;
}

}  // namespace capsim::models
