#include "cli/output_directory.hpp"

#include <unistd.h>

#include <ctime>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

namespace capsim::cli {

namespace fs = std::filesystem;

OutputDirectory::OutputDirectory(fs::path target) : target_(std::move(target)) {
  if (target_.has_filename() == false) target_ = target_.parent_path();
  std::error_code ec;
  if (fs::exists(target_, ec)) {
    if (!fs::is_directory(target_, ec)) throw std::invalid_argument(fmt::format("--out {}: exists and is not a directory", target_.string()));
    if (!fs::is_empty(target_, ec))
      throw std::invalid_argument(fmt::format("--out {}: the directory already holds files; capsim never overwrites results "
                                              "(choose another --out, or remove it yourself)", target_.string()));
  }
  const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  fs::create_directories(parent, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", parent.string(), ec.message()));
  staging_ = parent / fmt::format(".{}.partial-{}", target_.filename().string(), ::getpid());
  fs::remove_all(staging_, ec);
  fs::create_directory(staging_, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", staging_.string(), ec.message()));
}

OutputDirectory::~OutputDirectory() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void OutputDirectory::commit() {
  std::error_code ec;
  if (fs::exists(target_, ec)) fs::remove(target_, ec);  // only ever an empty directory (checked above)
  fs::rename(staging_, target_, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot move results into {}: {}", target_.string(), ec.message()));
  committed_ = true;
}

fs::path OutputDirectory::default_for(const std::string& scenario_name) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  fs::path p = fs::path("results") / fmt::format("{}-{}", scenario_name, stamp);
  for (int i = 2; fs::exists(p); ++i) p = fs::path("results") / fmt::format("{}-{}-{}", scenario_name, stamp, i);
  return p;
}

}  // namespace capsim::cli
