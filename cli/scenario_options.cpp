#include "cli/scenario_options.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>
#include <fmt/ostream.h>

namespace capsim::cli {

po::variables_map parse_command_line(const std::vector<std::string>& args, const po::options_description& options,
                                     const char* positional_name) {
  po::positional_options_description positional;
  if (positional_name) positional.add(positional_name, 1);
  po::variables_map vm;
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  po::store(po::command_line_parser(args).options(options).positional(positional).style(style).run(), vm);
  po::notify(vm);
  return vm;
}

bool print_help_if_asked(const std::vector<std::string>& args, const po::options_description& options) {
  if (std::find(args.begin(), args.end(), "--help") == args.end()) return false;
  fmt::print("{}", fmt::streamed(options));
  return true;
}

int resolve_threads(const po::variables_map& vm) {
  const int threads = vm["threads"].as<int>();
  if (threads < 0) throw po::error("--threads must be >= 0");
  return threads == 0 ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency())) : threads;
}

std::vector<models::Override> collect_overrides(const po::variables_map& vm) {
  std::vector<models::Override> out;
  if (vm.count("set"))
    for (const std::string& s : vm["set"].as<std::vector<std::string>>()) out.push_back(models::parse_override(s));
  if (vm.count("seed")) out.push_back({"seed", vm["seed"].as<std::string>()});
  if (vm.count("replications")) out.push_back({"replications", vm["replications"].as<std::string>()});
  return out;
}

}  // namespace capsim::cli
