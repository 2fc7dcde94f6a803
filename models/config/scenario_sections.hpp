// Typed reading of the scenario's sections (signups, waitlist, usage, classes), with the
// checks that involve several keys at once. Single-key checks come from the parameter table.
#pragma once

#include "models/catalog/catalog.hpp"

#include <vector>

#include "models/config/config_reader.hpp"
#include "models/config/scenario.hpp"

namespace capsim::models {

SignupConfig read_signups(Section& s);
WaitlistConfig read_waitlist(Section& s);
UsageConfig read_usage(Section& s);
std::vector<UserClass> read_classes(Section& top);
// GPUs and models are looked up in `catalog`.
PoolConfig read_pool(Section& s, const Catalog& catalog);
LlmPoolConfig read_llm_pool(Section& s, const PoolConfig& pool, const Catalog& catalog);

}  // namespace capsim::models
