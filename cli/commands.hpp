// The `capsim` subcommands. Each returns the process exit code:
// 0 success, 1 runtime failure, 2 usage or scenario error, 130 interrupted.
#pragma once

#include <string>
#include <vector>

namespace capsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;  // SIGINT or SIGTERM: finished replications kept

int dispatch(int argc, char** argv);
int run_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args);
int check_command(const std::vector<std::string>& args);
int describe_command(const std::vector<std::string>& args);
int catalog_command(const std::vector<std::string>& args);
int plan_command(const std::vector<std::string>& args);

}  // namespace capsim::cli
