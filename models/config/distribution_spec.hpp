// Distributions as scenarios write them, {dist: NAME, PARAM: VALUE, ...}: the tables of kinds
// and parameters (read by the loader and by `capsim describe`), and the bridge from named
// numbers to a sim::Distribution, with messages that say what is accepted.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/distribution.hpp"

namespace capsim::models {

struct DistributionParam {
  std::string_view name;
  std::string_view help;
};

struct DistributionKind {
  std::string_view name;
  std::string_view help;
  std::vector<std::vector<std::string_view>> parameter_sets;  // accepted alternatives
};

// deterministic{value}; exponential{mean}|{rate}; uniform{min,max}; lognormal{mean,cv}|{mu,sigma};
// gamma{shape,scale}|{mean,cv}; weibull{shape,scale}; empirical{values,weights}.
const std::vector<DistributionKind>& distribution_kinds();
// Every parameter name used in distribution_kinds(), once, with its meaning.
const std::vector<DistributionParam>& distribution_params();

struct DistributionSpec {
  std::string kind;
  std::map<std::string, std::vector<double>> params;  // scalars are 1-element lists
};

struct BuiltDistribution {
  std::optional<sim::Distribution> distribution;
  std::string error;  // empty on success
  std::string key;    // the offending parameter ("dist" for the kind), empty when about the whole spec
};

// Checks, in order: the kind; unknown parameters; one number per scalar parameter, all finite;
// the parameter set; then the values (> 0 where required, min <= max, empirical lists).
BuiltDistribution build_distribution(const DistributionSpec& spec);

}  // namespace capsim::models
