#include "models/distribution_spec.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/suggest.hpp"

namespace capsim::models {

const std::vector<DistributionKind>& distribution_kinds() {
  static const std::vector<DistributionKind> kinds = {
      {"deterministic", "always `value`", {{"value"}}},
      {"exponential", "memoryless; `mean` or `rate` (1/mean)", {{"mean"}, {"rate"}}},
      {"uniform", "flat on [min, max]", {{"min", "max"}}},
      {"lognormal", "by its `mean` and coefficient of variation `cv`, or by `mu` and `sigma` of its log", {{"mean", "cv"}, {"mu", "sigma"}}},
      {"gamma", "by `shape` and `scale`, or by `mean` and `cv` (shape = 1/cv^2)", {{"shape", "scale"}, {"mean", "cv"}}},
      {"weibull", "by `shape` and `scale`", {{"shape", "scale"}}},
      {"empirical", "`values` drawn with probabilities proportional to `weights`", {{"values", "weights"}}},
  };
  return kinds;
}

namespace {

std::string set_text(const std::vector<std::string_view>& set) {
  std::string s;
  for (std::string_view p : set) s += (s.empty() ? "" : ", ") + std::string(p);
  return "{" + s + "}";
}

BuiltDistribution error(std::string message, std::string key = {}) { return BuiltDistribution{std::nullopt, std::move(message), std::move(key)}; }

}  // namespace

BuiltDistribution build_distribution(const DistributionSpec& spec) {
  const DistributionKind* kind = nullptr;
  std::vector<std::string_view> names;
  for (const DistributionKind& k : distribution_kinds()) {
    names.push_back(k.name);
    if (k.name == spec.kind) kind = &k;
  }
  if (!kind) {
    std::string all;
    for (std::string_view n : names) all += (all.empty() ? "" : ", ") + std::string(n);
    return error(fmt::format("unknown distribution \"{}\"{}; expected one of: {}", spec.kind, did_you_mean(spec.kind, names), all), "dist");
  }
  // Unknown parameters first: they are the likeliest typo.
  std::vector<std::string_view> known;
  for (const auto& set : kind->parameter_sets)
    for (std::string_view p : set) known.push_back(p);
  for (const auto& [name, values] : spec.params) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || k == name;
    if (!ok) return error(fmt::format("{} has no parameter `{}`{}", kind->name, name, did_you_mean(name, known)), name);
    if (name != "values" && name != "weights" && values.size() != 1) return error(fmt::format("`{}` takes one number", name), name);
  }
  const std::vector<std::string_view>* chosen = nullptr;
  for (const auto& set : kind->parameter_sets) {
    bool all = set.size() == spec.params.size();
    for (std::string_view p : set) all = all && spec.params.count(std::string(p));
    if (all) chosen = &set;
  }
  if (!chosen) {
    std::string sets;
    for (const auto& set : kind->parameter_sets) sets += (sets.empty() ? "" : " or ") + set_text(set);
    return error(fmt::format("{} takes {}", kind->name, sets));
  }
  auto get = [&](const char* p) { return spec.params.at(p).front(); };
  auto positive = [&](const char* p) -> std::optional<BuiltDistribution> {
    if (!(get(p) > 0)) return error(fmt::format("must be > 0, got {}", get(p)), p);
    return std::nullopt;
  };
  const std::string_view first = chosen->front();
  if (kind->name == "deterministic") return {sim::Distribution::deterministic(get("value")), {}, {}};
  if (kind->name == "exponential") {
    if (auto e = positive(first == "mean" ? "mean" : "rate")) return *e;
    return {sim::Distribution::exponential(first == "mean" ? get("mean") : 1.0 / get("rate")), {}, {}};
  }
  if (kind->name == "uniform") {
    if (get("min") > get("max")) return error(fmt::format("min ({}) must be <= max ({})", get("min"), get("max")), "min");
    return {sim::Distribution::uniform(get("min"), get("max")), {}, {}};
  }
  if (kind->name == "lognormal") {
    if (first == "mean") {
      if (auto e = positive("mean")) return *e;
      if (auto e = positive("cv")) return *e;
      const double s2 = std::log1p(get("cv") * get("cv"));
      return {sim::Distribution::lognormal(std::log(get("mean")) - s2 / 2, std::sqrt(s2)), {}, {}};
    }
    if (auto e = positive("sigma")) return *e;
    return {sim::Distribution::lognormal(get("mu"), get("sigma")), {}, {}};
  }
  if (kind->name == "gamma") {
    if (first == "mean") {
      if (auto e = positive("mean")) return *e;
      if (auto e = positive("cv")) return *e;
      const double cv2 = get("cv") * get("cv");
      return {sim::Distribution::gamma(1 / cv2, get("mean") * cv2), {}, {}};
    }
    if (auto e = positive("shape")) return *e;
    if (auto e = positive("scale")) return *e;
    return {sim::Distribution::gamma(get("shape"), get("scale")), {}, {}};
  }
  if (kind->name == "weibull") {
    if (auto e = positive("shape")) return *e;
    if (auto e = positive("scale")) return *e;
    return {sim::Distribution::weibull(get("shape"), get("scale")), {}, {}};
  }
  // empirical
  const std::vector<double>& values = spec.params.at("values");
  const std::vector<double>& weights = spec.params.at("weights");
  if (values.empty()) return error("needs at least one value", "values");
  if (values.size() != weights.size())
    return error(fmt::format("needs one weight per value: {} values, {} weights", values.size(), weights.size()), "weights");
  double total = 0;
  for (double w : weights) {
    if (w < 0) return error(fmt::format("weights must be >= 0, got {}", w), "weights");
    total += w;
  }
  if (!(total > 0)) return error("weights must not all be 0", "weights");
  return {sim::Distribution::empirical(values, weights), {}, {}};
}

}  // namespace capsim::models
