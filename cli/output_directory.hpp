// One directory per invocation, appearing whole or not at all: files are written into a
// hidden staging directory beside the target, which is renamed into place at the end. A run
// that fails (or a scenario error) leaves nothing behind, and an existing directory holding
// results is never overwritten.
#pragma once

#include <filesystem>
#include <string>

namespace capsim::cli {

class OutputDirectory {
 public:
  // Throws UsageError-like std::invalid_argument if `target` already holds files.
  explicit OutputDirectory(std::filesystem::path target);
  ~OutputDirectory();
  OutputDirectory(const OutputDirectory&) = delete;
  OutputDirectory& operator=(const OutputDirectory&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& target() const { return target_; }
  // Moves the staging directory to the target.
  void commit();

  // results/<name>-<YYYYmmdd-HHMMSS>, relative to the current directory.
  static std::filesystem::path default_for(const std::string& scenario_name);

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

}  // namespace capsim::cli
