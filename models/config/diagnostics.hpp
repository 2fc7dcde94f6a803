// Scenario errors, reported like a compiler's: `file:line:col: error: key.path: message`.
// Every error of a file is collected before anything runs; the caller prints them all and
// exits with code 2.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace capsim::models {

struct Diagnostic {
  std::string location;  // "scenarios/x.yaml:12:7" or "--set services.chat.waitlist.capacity=0"
  std::string path;      // "services.chat.waitlist.capacity", may be empty
  std::string message;   // "must be > 0, got 0"
  std::string text() const;
};

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  // A value given on the command line: errors under `path` point at it instead of the file.
  void add_override_origin(std::string path, std::string origin);

  void error(const YAML::Mark& mark, const std::string& path, std::string message);
  void error(const YAML::Node& node, const std::string& path, std::string message) {
    error(node.Mark(), path, std::move(message));
  }
  void error_without_position(const std::string& path, std::string message);
  // An error whose place is not in the file, e.g. "--set KEY=VALUE".
  void error_from(std::string origin, const std::string& path, std::string message);

  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  const std::string& file() const { return file_; }
  // Throws ScenarioError if any error was collected.
  void throw_if_any() const;

 private:
  std::string file_;
  std::vector<std::pair<std::string, std::string>> override_origins_;
  std::vector<Diagnostic> items_;
};

class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> items);
  const std::vector<Diagnostic>& items() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace capsim::models
