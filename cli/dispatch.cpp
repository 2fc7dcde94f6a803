#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <boost/program_options/errors.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "models/config/diagnostics.hpp"
#include "models/run/replication.hpp"

namespace capsim::cli {
namespace {

constexpr const char* kUsage =
    "capsim " CAPSIM_VERSION " - discrete-event simulator of AI service capacity\n"
    "\n"
    "usage:\n"
    "  capsim run SCENARIO [--set KEY=VALUE]... [--replications N] [--seed S] [--threads T] [--out DIR] [--quiet]\n"
    "  capsim sweep SCENARIO [--grid KEY=V1,V2,...]... [--out DIR] [--list | --run-index I | --shard K/N] [--baseline KEY=V]\n"
    "  capsim check SCENARIO [--set KEY=VALUE]...   validate only\n"
    "  capsim describe [KEY] [--markdown]           parameter reference\n"
    "  capsim catalog [NAME] [--scenario FILE]      GPUs, LLMs and image models, with sources\n"
    "  capsim catalog --grid [REGION]               grid carbon intensity by region and year\n"
    "  capsim plan SCENARIO --vary KEY --target 'METRIC<=VALUE' [--target ...]   capacity search\n"
    "  capsim --version | --help\n"
    "\n"
    "exit codes: 0 success, 1 runtime failure, 2 usage or scenario error\n";

}  // namespace

int dispatch(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    std::puts("capsim " CAPSIM_VERSION);
    return kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "run") return run_command(args);
    if (command == "sweep") return sweep_command(args);
    if (command == "check") return check_command(args);
    if (command == "describe") return describe_command(args);
    if (command == "catalog") return catalog_command(args);
    if (command == "plan") return plan_command(args);
    fmt::print(stderr, "capsim: error: unknown command \"{}\" (expected run, sweep, plan, check, describe or catalog)\n\n{}", command, kUsage);
    return kExitUsage;
  } catch (const models::ScenarioError& e) {
    std::fputs(e.what(), stderr);
    fmt::print(stderr, "capsim: {} error{}; nothing was run\n", e.items().size(), e.items().size() == 1 ? "" : "s");
    return kExitUsage;
  } catch (const models::LimitExceeded& e) {
    fmt::print(stderr, "capsim {}: error: {}\n", command, e.what());
    return kExitUsage;
  } catch (const boost::program_options::error& e) {
    fmt::print(stderr, "capsim {}: error: {}\n(see capsim --help)\n", command, e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "capsim {}: error: {}\n", command, e.what());
    return kExitFailure;
  }
}

}  // namespace capsim::cli
