// Capacity planning (`capsim plan`): the smallest (or largest) value of one scenario key for
// which every target on the run's metrics holds with a given confidence over replications.
//
// Targets. `[SCOPE.]METRIC<=VALUE` (also >=, <, >): the metric as summary.csv names it, in the
// given scope (a service, a pool, `all`); without a scope the one scope that reports the metric.
// A metric in seconds (its name ends in `_s`, not `_per_s`) takes a duration (`7d`, `2s`), others a number
// or a count (`0.2`, `1.5k`).
//
// Confidence. A target holds when its one-sided Student-t bound over the replications is on the
// right side of the limit: for METRIC<=VALUE, mean + t(1 - a, n - 1) sd / sqrt(n) <= VALUE. With
// k targets each is judged at a = (1 - confidence) / k (Bonferroni), so that all hold together
// with at least the confidence asked for. It needs n >= 2 replications.
//
// Search. Feasibility is assumed monotone in the key: more capacity never hurts (for the smallest
// value), or less load never hurts (for the largest). From the scenario's own value the search
// doubles (or halves) until the answer is bracketed, then bisects; integer keys stop at
// neighbours, real keys when the bracket is within the tolerance. Every value is evaluated once
// (common random numbers: each try runs the same replications with the same seeds). Monotonicity
// is assumed, not checked: every value tried below the answer failed and every one at or above
// it met the targets, but values between tries are not visited (plan.csv lists the tries).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/run/summary.hpp"

namespace capsim::models {

struct PlanTarget {
  enum class Op { Le, Lt, Ge, Gt };
  std::string text;   // as written
  std::string scope;  // empty: the one scope that reports the metric
  std::string metric;
  Op op = Op::Le;
  double limit = 0;
};

// Parses "[SCOPE.]METRIC<=VALUE"; throws std::invalid_argument with a message saying what was
// expected.
PlanTarget parse_plan_target(const std::string& text);

struct PlanOptions {
  bool largest = false;   // the largest feasible value (load keys); default the smallest
  bool integer = true;    // integer steps (counts of replicas, capacities)
  double confidence = 0.95;
  std::optional<double> lo, hi;  // the search range; unset: from the start value by doubling
  double start = 1;       // the scenario's own value of the key
  double tolerance = 0.01;  // real keys: stop when the bracket is within this share of its top
  int max_tries = 40;
};

struct TargetCheck {
  std::string scope;
  std::string unit;
  double mean = 0, sd = 0;
  std::size_t n = 0;
  double bound = 0;  // the one-sided confidence bound compared with the limit
  bool holds = false;
};

struct PlanTry {
  int index = 0;  // in evaluation order, from 1
  double value = 0;
  bool feasible = false;
  std::vector<TargetCheck> checks;  // parallel to the targets
};

struct PlanResult {
  std::optional<double> answer;  // unset: no value in the range meets the targets
  std::vector<PlanTry> tries;    // in evaluation order
  std::vector<std::string> notes;  // why there is no answer
};

// Runs the replications of the scenario with the key at `value` and summarises them; may throw
// (a scenario error at that value is the caller's to report).
using PlanEvaluator = std::function<std::vector<MetricSummary>(double value)>;
// Called after each try, for progress.
using PlanObserver = std::function<void(const PlanTry&)>;

// Judges the targets on one try's summaries; throws std::invalid_argument if a target's metric is
// missing or ambiguous (the message names the scopes that report it).
std::vector<TargetCheck> check_targets(const std::vector<PlanTarget>& targets, const std::vector<MetricSummary>& summaries,
                                       double confidence);

PlanResult plan_capacity(const std::vector<PlanTarget>& targets, const PlanOptions& options, const PlanEvaluator& evaluate,
                         const PlanObserver& observe = {});

}  // namespace capsim::models
