// Reads a scenario's YAML against the parameter table (param_table.hpp).
//
// A Section is one map of the scenario ("services.chat.waitlist"). Its getters look the key up
// in the table, apply the default (writing it into the tree, so config.resolved.yaml shows it),
// parse the value by its declared type and unit, and check the declared range. Unknown and
// duplicate keys are reported when the Section is opened. Errors are collected, never thrown
// one by one, so a user sees every problem of a file at once; a getter that failed returns a
// harmless placeholder and the caller calls Diagnostics::throw_if_any() at the end.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/config/diagnostics.hpp"
#include "models/config/param_table.hpp"
#include "sim/distribution.hpp"

namespace capsim::models {

// `text` parsed as YAML; a syntax error is reported in `diags` at its position and gives an
// undefined node.
YAML::Node parse_yaml(const std::string& text, Diagnostics& diags);
// What a node is, for messages: "a map", "a list", "nothing" or the quoted scalar.
std::string describe_node_kind(const YAML::Node& n);

class Section {
 public:
  // `pattern` is the table path ("services[].waitlist"), `path` the user-facing one
  // ("services.chat.waitlist"); both empty for the root. `table` declares the keys: the
  // scenario's by default, or another file's own (a catalog's); it must outlive the Section.
  Section(Diagnostics& diags, const YAML::Node& node, std::string pattern, std::string path,
          std::span<const ParamSpec> table = scenario_params());

  const std::string& path() const { return path_; }
  const std::string& scenario_file() const { return diags_->file(); }
  const YAML::Node& node() const { return node_; }
  bool has(std::string_view key) const;

  std::string text(std::string_view key);                     // String, Name, Choice
  // Integer, Real, Count, Duration, Rate and the datasheet types (Power, Energy, ...), in the
  // declared dimension's base unit (parse_quantity).
  double number(std::string_view key);
  std::optional<double> optional_number(std::string_view key);
  // A Money key that may also be written in yuan ("240000 CNY"), converted at `usd_per_cny`.
  std::optional<double> optional_money(std::string_view key, double usd_per_cny);
  std::optional<sim::Distribution> distribution(std::string_view key);
  bool flag(std::string_view key);
  // A list of numbers, given inline or as {file: PATH} (one number per line or comma-separated;
  // a first line that is not numeric is a header). Empty if absent.
  std::vector<double> numbers(std::string_view key);
  // A list of file names, each resolved relative to the scenario file; empty if absent. An
  // item that is not a name is reported and comes back as "" (so indices match the list's).
  std::vector<std::string> files(std::string_view key);
  // A list of names [h100, a100]; empty if absent. An item that is not a name is reported and
  // comes back as "" (so indices match the list's).
  std::vector<std::string> names(std::string_view key);
  // Reports an error at `key`'s value (or at this section if absent).
  void error_at(std::string_view key, std::string message);
  // Reports an error of `key` found at `location` outside the scenario ("data.csv:12:7": a
  // file the key names).
  void error_in(std::string location, std::string_view key, std::string message);
  // Reports an error at item `index` of `key`'s list value.
  void error_at(std::string_view key, std::size_t index, std::string message);
  Section section(std::string_view key);
  std::vector<Section> list(std::string_view key);

 private:
  const ParamSpec& spec_for(std::string_view key) const;
  std::string child_path(std::string_view key) const;
  // The value node for `key`, with the default filled in; an invalid node if absent.
  YAML::Node value(std::string_view key, const ParamSpec& spec);
  std::optional<double> parse_scalar(const YAML::Node& v, const ParamSpec& spec, const std::string& path, double usd_per_cny = 0);
  void check_keys();

  Diagnostics* diags_;
  std::span<const ParamSpec> table_;
  YAML::Node node_;
  std::string pattern_;
  std::string path_;
  bool valid_ = true;
};

}  // namespace capsim::models
