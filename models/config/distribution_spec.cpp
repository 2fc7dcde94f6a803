#include "models/config/distribution_spec.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/config/suggest.hpp"

namespace capsim::models {

const std::vector<DistributionKind>& distribution_kinds() {
  static const std::vector<DistributionKind> kinds = {
      {"deterministic", "always `value`", {{"value"}}},
      {"exponential", "memoryless; by `mean` or by `rate` (= 1/mean)", {{"mean"}, {"rate"}}},
      {"uniform", "flat on [min, max]", {{"min", "max"}}},
      {"lognormal", "by its `mean` and coefficient of variation `cv`, or by `mu` and `sigma` of its log",
       {{"mean", "cv"}, {"mu", "sigma"}}},
      {"gamma", "by `shape` and `scale`, or by `mean` and `cv` (shape = 1/cv^2)", {{"shape", "scale"}, {"mean", "cv"}}},
      {"weibull", "by `shape` and `scale`; mean = scale * Gamma(1 + 1/shape)", {{"shape", "scale"}}},
      {"empirical", "`values` drawn with probabilities proportional to `weights`", {{"values", "weights"}}},
  };
  return kinds;
}

const std::vector<DistributionParam>& distribution_params() {
  static const std::vector<DistributionParam> params = {
      {"value", "the value every draw returns"},
      {"mean", "the mean (> 0)"},
      {"rate", "draws per unit of the parameter's unit; mean = 1/rate (> 0)"},
      {"min", "the smallest value (<= max)"},
      {"max", "the largest value"},
      {"cv", "coefficient of variation, standard deviation / mean (> 0)"},
      {"mu", "mean of the natural logarithm"},
      {"sigma", "standard deviation of the natural logarithm (> 0)"},
      {"shape", "shape parameter (> 0)"},
      {"scale", "scale parameter, in the unit of the values (> 0)"},
      {"values", "list of the values drawn, returned exactly"},
      {"weights", "list of relative probabilities, one per value, >= 0, not all 0"},
  };
  return params;
}

namespace {

std::string join(const std::vector<std::string_view>& names, std::string_view sep) {
  std::string s;
  for (std::string_view n : names) {
    if (!s.empty()) s += sep;
    s += n;
  }
  return s;
}

std::string sets_text(const DistributionKind& kind) {
  std::string s;
  for (const auto& set : kind.parameter_sets) s += (s.empty() ? "{" : " or {") + join(set, ", ") + "}";
  return s;
}

BuiltDistribution fail(std::string message, std::string key = {}) {
  return BuiltDistribution{std::nullopt, std::move(message), std::move(key)};
}

BuiltDistribution ok(sim::Distribution d) { return BuiltDistribution{std::move(d), {}, {}}; }

bool is_list(std::string_view param) { return param == "values" || param == "weights"; }

}  // namespace

namespace {

// Every given parameter is one the kind knows, with one finite number (two lists for
// empirical); unknown names first: a typo there also makes the parameter set look wrong.
std::optional<BuiltDistribution> check_parameters(const DistributionKind& kind, const DistributionSpec& spec) {
  std::vector<std::string_view> known;
  for (const auto& set : kind.parameter_sets)
    for (std::string_view p : set)
      if (std::find(known.begin(), known.end(), p) == known.end()) known.push_back(p);
  for (const auto& [name, values] : spec.params) {
    if (std::find(known.begin(), known.end(), name) == known.end())
      return fail(fmt::format("{} has no parameter `{}`{}; it takes {}", kind.name, name, did_you_mean(name, known), sets_text(kind)),
                  name);
    if (!is_list(name) && values.size() != 1) return fail(fmt::format("expected one number, got a list of {}", values.size()), name);
    for (double v : values)
      if (!std::isfinite(v)) return fail(fmt::format("must be a finite number, got {}", v), name);
  }
  return std::nullopt;
}

// The parameter set the spec gives exactly, or nullptr.
const std::vector<std::string_view>* chosen_set(const DistributionKind& kind, const DistributionSpec& spec) {
  const std::vector<std::string_view>* chosen = nullptr;
  for (const auto& set : kind.parameter_sets) {
    bool all = set.size() == spec.params.size();
    for (std::string_view p : set) all = all && spec.params.count(std::string(p));
    if (all) chosen = &set;
  }
  return chosen;
}

// Every kind but empirical, from its chosen parameter set.
BuiltDistribution build_parametric(std::string_view name, bool by_mean, const DistributionSpec& spec) {
  auto get = [&](const char* p) { return spec.params.at(p).front(); };
  std::string bad;  // the first parameter of `names` that is not > 0
  auto positive = [&](std::initializer_list<const char*> names) {
    for (const char* p : names)
      if (!(get(p) > 0)) {
        bad = p;
        return false;
      }
    return true;
  };
  auto not_positive = [&] { return fail(fmt::format("must be > 0, got {}", get(bad.c_str())), bad); };
  // Conversions can leave the range of doubles (cv = 1e200, rate = 1e-310): Distribution's
  // factories throw std::invalid_argument for parameters they cannot sample from.
  try {
    if (name == "deterministic") return ok(sim::Distribution::deterministic(get("value")));
    if (name == "exponential") {
      const char* p = by_mean ? "mean" : "rate";
      if (!positive({p})) return not_positive();
      return ok(sim::Distribution::exponential(by_mean ? get("mean") : 1.0 / get("rate")));
    }
    if (name == "uniform") {
      if (get("min") > get("max")) return fail(fmt::format("min ({}) must be <= max ({})", get("min"), get("max")), "min");
      return ok(sim::Distribution::uniform(get("min"), get("max")));
    }
    if (name == "lognormal") {
      if (by_mean) {
        if (!positive({"mean", "cv"})) return not_positive();
        const double s2 = std::log1p(get("cv") * get("cv"));  // sigma^2 = ln(1 + cv^2)
        return ok(sim::Distribution::lognormal(std::log(get("mean")) - s2 / 2, std::sqrt(s2)));
      }
      if (!positive({"sigma"})) return not_positive();
      return ok(sim::Distribution::lognormal(get("mu"), get("sigma")));
    }
    if (name == "gamma") {
      if (by_mean) {
        if (!positive({"mean", "cv"})) return not_positive();
        const double cv2 = get("cv") * get("cv");
        return ok(sim::Distribution::gamma(1 / cv2, get("mean") * cv2));
      }
      if (!positive({"shape", "scale"})) return not_positive();
      return ok(sim::Distribution::gamma(get("shape"), get("scale")));
    }
    if (!positive({"shape", "scale"})) return not_positive();  // weibull
    return ok(sim::Distribution::weibull(get("shape"), get("scale")));
  } catch (const std::invalid_argument& e) {
    return fail(fmt::format("the parameters are out of range ({})", e.what()));
  }
}

BuiltDistribution build_empirical(const DistributionSpec& spec) {
  const std::vector<double>& values = spec.params.at("values");
  const std::vector<double>& weights = spec.params.at("weights");
  if (values.empty()) return fail("needs at least one value", "values");
  if (values.size() != weights.size())
    return fail(fmt::format("needs one weight per value: {} values, {} weights", values.size(), weights.size()), "weights");
  double total = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0) return fail(fmt::format("weights must be >= 0, got {} at index {}", weights[i], i), "weights");
    total += weights[i];
  }
  if (!(total > 0)) return fail("weights must not all be 0", "weights");
  if (!std::isfinite(total)) return fail("the weights' sum overflows", "weights");
  return ok(sim::Distribution::empirical(values, weights));
}

}  // namespace

BuiltDistribution build_distribution(const DistributionSpec& spec) {
  const DistributionKind* kind = nullptr;
  std::vector<std::string_view> kind_names;
  for (const DistributionKind& k : distribution_kinds()) {
    kind_names.push_back(k.name);
    if (k.name == spec.kind) kind = &k;
  }
  if (!kind)
    return fail(fmt::format("unknown distribution \"{}\"{}; expected one of: {}", spec.kind, did_you_mean(spec.kind, kind_names),
                            join(kind_names, ", ")),
                "dist");
  if (std::optional<BuiltDistribution> error = check_parameters(*kind, spec)) return std::move(*error);
  const std::vector<std::string_view>* chosen = chosen_set(*kind, spec);
  if (!chosen) {
    std::vector<std::string_view> given;
    for (const auto& kv : spec.params) given.push_back(kv.first);
    const std::string got = given.empty() ? std::string("no parameters") : fmt::format("{{{}}}", join(given, ", "));
    return fail(fmt::format("{} takes {}, got {}", kind->name, sets_text(*kind), got));
  }
  if (kind->name == "empirical") return build_empirical(spec);
  return build_parametric(kind->name, chosen->front() == "mean", spec);
}

}  // namespace capsim::models
