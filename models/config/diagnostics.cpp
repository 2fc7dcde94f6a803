#include "models/config/diagnostics.hpp"

#include <fmt/format.h>

namespace capsim::models {

std::string Diagnostic::text() const {
  if (path.empty()) return fmt::format("{}: error: {}", location, message);
  return fmt::format("{}: error: {}: {}", location, path, message);
}

void Diagnostics::add_override_origin(std::string path, std::string origin) {
  override_origins_.emplace_back(std::move(path), std::move(origin));
}

void Diagnostics::error(const YAML::Mark& mark, const std::string& path, std::string message) {
  for (const auto& [prefix, origin] : override_origins_) {
    if (path == prefix || path.starts_with(prefix + ".")) {
      items_.push_back(Diagnostic{origin, path, std::move(message)});
      return;
    }
  }
  if (mark.is_null()) {
    error_without_position(path, std::move(message));
    return;
  }
  // yaml-cpp marks are 0-based; compilers (and editors) count from 1.
  items_.push_back(Diagnostic{fmt::format("{}:{}:{}", file_, mark.line + 1, mark.column + 1), path, std::move(message)});
}

void Diagnostics::error_without_position(const std::string& path, std::string message) {
  items_.push_back(Diagnostic{file_, path, std::move(message)});
}

void Diagnostics::error_from(std::string origin, const std::string& path, std::string message) {
  items_.push_back(Diagnostic{std::move(origin), path, std::move(message)});
}

void Diagnostics::throw_if_any() const {
  if (!items_.empty()) throw ScenarioError(items_);
}

namespace {
std::string join(const std::vector<Diagnostic>& items) {
  std::string out;
  for (const Diagnostic& d : items) out += d.text() + "\n";
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> items) : std::runtime_error(join(items)), items_(std::move(items)) {}

}  // namespace capsim::models
