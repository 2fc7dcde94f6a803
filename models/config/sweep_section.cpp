#include "models/config/sweep_section.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "models/config/config_reader.hpp"
#include "models/config/diagnostics.hpp"

namespace capsim::models {
namespace {

// A value as --set takes it: a scalar's text, anything else as flow YAML ("{dist: exponential, mean: 2s}").
std::string value_text(const YAML::Node& v) {
  if (v.IsScalar()) return v.Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << v;
  return out.c_str();
}

// The values of one swept key: a non-empty list.
std::vector<std::string> read_values(const YAML::Node& list, const std::string& path, Diagnostics& diags) {
  std::vector<std::string> values;
  if (!list.IsSequence() || list.size() == 0) {
    diags.error(list, path, "expected a non-empty list of values, e.g. [10, 20, 40]");
    return values;
  }
  for (const YAML::Node& v : list) values.push_back(value_text(v));
  return values;
}

// Splits "V1,V2,[a, b],{x: 1, y: 2}" at the commas outside brackets and braces.
std::vector<std::string> split_top_level(const std::string& text) {
  std::vector<std::string> parts(1);
  int depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    if (c == ',' && depth == 0) parts.emplace_back();
    else parts.back() += c;
  }
  return parts;
}

SweepSpec read(const std::string& text, const std::string& display, const std::vector<std::string>& grid_flags) {
  Diagnostics diags(display);
  SweepSpec spec;
  YAML::Node root = parse_yaml(text, diags);
  diags.throw_if_any();
  if (root.IsMap() && root["sweep"].IsDefined()) {
    Section sweep(diags, root["sweep"], "sweep", "sweep");  // reports keys other than grid and zip
    const YAML::Node& node = sweep.node();
    if (node.IsMap() && node["grid"].IsDefined()) {
      if (!node["grid"].IsMap()) diags.error(node["grid"], "sweep.grid", "expected a map KEY: [V1, V2, ...]");
      else
        for (const auto& kv : node["grid"]) {
          const std::string key = kv.first.Scalar();
          spec.axes.push_back(SweepAxis{{key}, {}});
          for (std::string& v : read_values(kv.second, "sweep.grid." + key, diags)) spec.axes.back().values.push_back({std::move(v)});
        }
    }
    if (node.IsMap() && node["zip"].IsDefined()) {
      if (!node["zip"].IsMap() || node["zip"].size() == 0) diags.error(node["zip"], "sweep.zip", "expected a map KEY: [V1, V2, ...]");
      else {
        SweepAxis zip;
        std::string first;
        for (const auto& kv : node["zip"]) {
          const std::string key = kv.first.Scalar();
          const std::vector<std::string> values = read_values(kv.second, "sweep.zip." + key, diags);
          if (zip.keys.empty()) {
            first = key;
            zip.values.resize(values.size());
          } else if (values.size() != zip.values.size()) {
            diags.error(kv.second, "sweep.zip." + key,
                        fmt::format("zip lists are taken in lockstep: expected {} values (as `{}`), got {}", zip.values.size(), first, values.size()));
            continue;
          }
          zip.keys.push_back(key);
          for (std::size_t i = 0; i < values.size() && i < zip.values.size(); ++i) zip.values[i].push_back(values[i]);
        }
        spec.axes.push_back(std::move(zip));
      }
    }
  }
  for (const std::string& flag : grid_flags) {
    const std::size_t eq = flag.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == flag.size()) {
      diags.error_from("--grid " + flag, "", "expected KEY=V1,V2,..., e.g. --grid services.chat.waitlist.capacity=10,20,40");
      continue;
    }
    const std::string key = flag.substr(0, eq);
    SweepAxis axis{{key}, {}};
    for (std::string& v : split_top_level(flag.substr(eq + 1))) axis.values.push_back({std::move(v)});
    auto same = std::find_if(spec.axes.begin(), spec.axes.end(), [&](const SweepAxis& a) { return a.keys.size() == 1 && a.keys[0] == key; });
    if (same != spec.axes.end()) *same = std::move(axis);
    else spec.axes.push_back(std::move(axis));
  }
  std::vector<std::string> keys = spec.keys();
  std::sort(keys.begin(), keys.end());
  if (const auto dup = std::adjacent_find(keys.begin(), keys.end()); dup != keys.end())
    diags.error_without_position("sweep", fmt::format("`{}` is swept twice (in grid and zip, or by --grid)", *dup));
  diags.throw_if_any();
  return spec;
}

}  // namespace

std::vector<std::string> SweepSpec::keys() const {
  std::vector<std::string> out;
  for (const SweepAxis& a : axes) out.insert(out.end(), a.keys.begin(), a.keys.end());
  return out;
}

std::size_t SweepSpec::arms() const {
  std::size_t n = 1;
  for (const SweepAxis& a : axes) n *= a.values.size();
  return n;
}

std::vector<Override> SweepSpec::arm(std::size_t arm) const {
  std::vector<std::size_t> step(axes.size());
  for (std::size_t i = axes.size(); i-- > 0;) {
    step[i] = arm % axes[i].values.size();
    arm /= axes[i].values.size();
  }
  std::vector<Override> out;
  for (std::size_t i = 0; i < axes.size(); ++i)
    for (std::size_t k = 0; k < axes[i].keys.size(); ++k) out.push_back(Override{axes[i].keys[k], axes[i].values[step[i]][k]});
  return out;
}

SweepSpec read_sweep_text(const std::string& yaml, const std::string& display_name, const std::vector<std::string>& grid_flags) {
  return read(yaml, display_name, grid_flags);
}

SweepSpec read_sweep(const std::string& path, const std::vector<std::string>& grid_flags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({Diagnostic{path, "", "cannot open the scenario file (does it exist and is it readable?)"}});
  std::ostringstream buf;
  buf << in.rdbuf();
  return read(buf.str(), path, grid_flags);
}

}  // namespace capsim::models
