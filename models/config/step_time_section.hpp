// A model pool's `step_time`: the roofline (default; its `roofline` section) or a measured
// profile, a CSV of steps fitted by least squares (models/serving/step_profile.hpp). Errors in the
// CSV point into it (file:line:column); a fit that is rank-deficient, or whose step times are not
// positive over the steps the pool can run, is refused.
#pragma once

#include "models/config/config_reader.hpp"
#include "models/serving/llm_pool_config.hpp"

namespace capsim::models {

// Fills llm.roofline or llm.profile. Needs llm's GPU, model, precision and batching read first
// (the check of the fitted times covers the pool's batch limit and KV cache).
void read_step_time(Section& pool, LlmPoolConfig& llm);

}  // namespace capsim::models
