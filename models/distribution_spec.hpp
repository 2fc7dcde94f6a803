// Distributions as scenarios write them, {dist: NAME, PARAM: VALUE, ...}: the table of kinds
// and their parameter sets (read by the loader and by `capsim describe`), and the bridge from
// named numbers to a sim::Distribution.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/distribution.hpp"

namespace capsim::models {

struct DistributionKind {
  std::string_view name;
  std::string_view help;
  std::vector<std::vector<std::string_view>> parameter_sets;  // accepted alternatives
};

const std::vector<DistributionKind>& distribution_kinds();

struct DistributionSpec {
  std::string kind;
  std::map<std::string, std::vector<double>> params;  // scalars are 1-element lists
};

struct BuiltDistribution {
  std::optional<sim::Distribution> distribution;
  std::string error;
  std::string key;  // the offending parameter, empty when about the whole spec
};

BuiltDistribution build_distribution(const DistributionSpec& spec);

}  // namespace capsim::models
