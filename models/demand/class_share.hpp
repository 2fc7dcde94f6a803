// The class of a newcomer, drawn by the classes' shares.
#pragma once

#include <vector>

#include "models/demand/demand_config.hpp"
#include "sim/distribution.hpp"

namespace capsim::models {

// A distribution over class indices 0..n-1 with the classes' shares as weights.
sim::Distribution class_distribution(const std::vector<UserClass>& classes);

}  // namespace capsim::models
