// Section::distribution: a `{dist: KIND, ...}` map read into a sim::Distribution, each parameter
// in the key's unit (seconds for durations), errors located at the parameter that is wrong.
#include <fmt/format.h>

#include "models/config/config_reader.hpp"
#include "models/config/distribution_spec.hpp"
#include "models/input/units.hpp"

namespace capsim::models {
namespace {

// Parameters of a distribution whose values carry the distribution's unit (seconds, ...).
bool carries_unit(std::string_view param) {
  return param == "value" || param == "mean" || param == "min" || param == "max" || param == "scale" || param == "values";
}

}  // namespace

std::optional<sim::Distribution> Section::distribution(std::string_view key) {
  const ParamSpec& spec = spec_for(key);
  const YAML::Node v = value(key, spec);
  if (!v.IsDefined()) return std::nullopt;
  const std::string path = child_path(key);
  if (!v.IsMap()) {
    diags_->error(v, path, fmt::format("expected a distribution such as {{dist: exponential, mean: 2s}}, got {}", describe_node_kind(v)));
    return std::nullopt;
  }
  if (!v["dist"].IsDefined() || !v["dist"].IsScalar()) {
    diags_->error(v, path, "missing `dist:` (exponential, deterministic, uniform, lognormal, gamma, weibull or empirical)");
    return std::nullopt;
  }
  DistributionSpec ds;
  ds.kind = v["dist"].Scalar();
  const DistributionKind* kind = nullptr;
  for (const DistributionKind& k : distribution_kinds())
    if (k.name == ds.kind) kind = &k;
  bool ok = true;
  const bool in_seconds = spec.unit == "s";
  for (const auto& kv : v) {
    const std::string name = kv.first.Scalar();
    if (name == "dist") continue;
    const std::string ppath = fmt::format("{}.{}", path, name);
    bool known = kind == nullptr;
    if (kind)
      for (const auto& set : kind->parameter_sets)
        for (std::string_view p : set) known = known || p == name;
    if (!known) {  // left to build_distribution, which names it with a suggestion
      ds.params[name] = {0.0};
      continue;
    }
    std::vector<YAML::Node> items;
    if (kv.second.IsSequence()) {
      for (const auto& item : kv.second) items.push_back(item);
    } else {
      items.push_back(kv.second);
    }
    std::vector<double> values;
    for (const YAML::Node& item : items) {
      if (!item.IsScalar()) {
        diags_->error(item, ppath, fmt::format("expected a number, got {}", describe_node_kind(item)));
        ok = false;
        continue;
      }
      Parsed p;
      if (in_seconds && carries_unit(name)) p = parse_duration(item.Scalar());
      else if (in_seconds && name == "rate") p = parse_rate(item.Scalar());
      else p = parse_number(item.Scalar());
      if (!p) {
        diags_->error(item, ppath, p.error);
        ok = false;
        continue;
      }
      if (carries_unit(name) && p.value < 0) {
        diags_->error(item, ppath, fmt::format("must be >= 0, got {}", item.Scalar()));
        ok = false;
      }
      values.push_back(p.value);
    }
    ds.params[name] = std::move(values);
  }
  if (!ok) return std::nullopt;
  BuiltDistribution built = build_distribution(ds);
  if (!built.distribution) {
    if (!built.key.empty() && v[built.key].IsDefined()) diags_->error(v[built.key], path + "." + built.key, built.error);
    else diags_->error(v, path, built.error);
    return std::nullopt;
  }
  if (spec.min_exclusive && !(built.distribution->mean() > 0)) {
    diags_->error(v, path, "the mean must be > 0");
    return std::nullopt;
  }
  return built.distribution;
}

}  // namespace capsim::models
