// Command-line options shared by the commands that read a scenario.
#pragma once

#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "models/config/scenario_loader.hpp"

namespace capsim::cli {

namespace po = boost::program_options;

// Parses `args` against `options` (plus a positional SCENARIO) with abbreviation guessing off.
po::variables_map parse_command_line(const std::vector<std::string>& args, const po::options_description& options,
                                     const char* positional_name);

// Prints `options` if `args` asks for --help; says whether it did (the command then exits 0).
bool print_help_if_asked(const std::vector<std::string>& args, const po::options_description& options);

// --threads: 0 means one per core; negative is a usage error.
int resolve_threads(const po::variables_map& vm);

// --set values, and the shorthands (--seed, --replications) that are overrides too.
std::vector<models::Override> collect_overrides(const po::variables_map& vm);

}  // namespace capsim::cli
