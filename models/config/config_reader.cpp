#include "models/config/config_reader.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/config/suggest.hpp"
#include "models/input/table_file.hpp"
#include "models/input/units.hpp"

namespace capsim::models {

YAML::Node parse_yaml(const std::string& text, Diagnostics& diags) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    diags.error(e.mark, "", fmt::format("invalid YAML: {}", e.msg));
    return YAML::Node(YAML::NodeType::Undefined);
  }
}
std::string describe_node_kind(const YAML::Node& n) {
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "nothing";
  return fmt::format("\"{}\"", n.Scalar());
}

namespace {

std::string join_path(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}

// Table entries directly below `pattern`.
std::vector<std::string_view> children_of(std::span<const ParamSpec> table, std::string_view pattern) {
  std::vector<std::string_view> out;
  for (const ParamSpec& p : table) {
    std::string_view path = p.path;
    if (!pattern.empty()) {
      if (!path.starts_with(pattern) || path.size() <= pattern.size() + 1 || path[pattern.size()] != '.') continue;
      path.remove_prefix(pattern.size() + 1);
    }
    if (path.find('.') == std::string_view::npos) out.push_back(path);
  }
  return out;
}

bool is_name(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

}  // namespace

Section::Section(Diagnostics& diags, const YAML::Node& node, std::string pattern, std::string path, std::span<const ParamSpec> table)
    : diags_(&diags), table_(table), node_(node), pattern_(std::move(pattern)), path_(std::move(path)) {
  if (!node_.IsMap()) {
    diags_->error(node_, path_, fmt::format("expected a map of keys, got {}", describe_node_kind(node_)));
    valid_ = false;
    return;
  }
  check_keys();
}

void Section::check_keys() {
  const std::vector<std::string_view> allowed = children_of(table_, pattern_);
  std::vector<std::string> seen;
  for (const auto& kv : node_) {
    if (!kv.first.IsScalar()) {
      diags_->error(kv.first, path_, "keys must be plain words");
      continue;
    }
    const std::string key = kv.first.Scalar();
    for (const std::string& s : seen)
      if (s == key) diags_->error(kv.first, join_path(path_, key), "duplicate key (the first one would be used)");
    seen.push_back(key);
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) {
      std::string expected;
      for (std::string_view a : allowed) {
        if (!expected.empty()) expected += ", ";
        expected += a;
      }
      diags_->error(kv.first, join_path(path_, key),
                    fmt::format("unknown key{}; expected one of: {}", did_you_mean(key, allowed), expected));
    }
  }
}

bool Section::has(std::string_view key) const { return valid_ && node_[std::string(key)].IsDefined(); }

const ParamSpec& Section::spec_for(std::string_view key) const {
  const std::string full = pattern_.empty() ? std::string(key) : pattern_ + "." + std::string(key);
  const ParamSpec* spec = find_param(table_, full);
  if (!spec) throw std::logic_error("parameter not declared in the table: " + full);
  return *spec;
}

std::string Section::child_path(std::string_view key) const { return join_path(path_, key); }

YAML::Node Section::value(std::string_view key, const ParamSpec& spec) {
  if (!valid_) return YAML::Node(YAML::NodeType::Undefined);
  const std::string k(key);
  if (node_[k].IsDefined() && !node_[k].IsNull()) return node_[k];
  if (!spec.default_value.empty()) {
    node_[k] = std::string(spec.default_value);
    return node_[k];
  }
  if (spec.required)
    diags_->error(node_, child_path(key), fmt::format("missing required key `{}` ({}{}{}): {}", key, type_name(spec.type),
                                                      spec.unit.empty() ? "" : ", in ", spec.unit, spec.help));
  return YAML::Node(YAML::NodeType::Undefined);
}

std::optional<double> Section::parse_scalar(const YAML::Node& v, const ParamSpec& spec, const std::string& path, double usd_per_cny) {
  if (!v.IsScalar()) {
    diags_->error(v, path, fmt::format("expected a {}, got {}", type_name(spec.type), describe_node_kind(v)));
    return std::nullopt;
  }
  const Parsed parsed = spec.type == ParamType::Money ? parse_money(v.Scalar(), usd_per_cny)
                                                      : parse_quantity(v.Scalar(), dimension_of(spec.type).value_or(Dimension::Number));
  if (!parsed) {
    diags_->error(v, path, parsed.error);
    return std::nullopt;
  }
  const double x = parsed.value;
  if ((spec.type == ParamType::Integer || spec.type == ParamType::Count) && x != std::floor(x)) {
    diags_->error(v, path, fmt::format("expected a whole number, got {}", v.Scalar()));
    return std::nullopt;
  }
  const bool below = spec.min_exclusive ? !(x > spec.min) : !(x >= spec.min);
  if (below || x > spec.max) {
    diags_->error(v, path, fmt::format("must be {}{}{}, got {}", range_text(spec), spec.unit.empty() ? "" : " ", spec.unit, v.Scalar()));
    return std::nullopt;
  }
  return x;
}

std::string Section::text(std::string_view key) {
  const ParamSpec& spec = spec_for(key);
  const YAML::Node v = value(key, spec);
  if (!v.IsDefined()) return {};
  const std::string path = child_path(key);
  if (!v.IsScalar()) {
    diags_->error(v, path, fmt::format("expected a {}, got {}", type_name(spec.type), describe_node_kind(v)));
    return {};
  }
  const std::string& s = v.Scalar();
  if (spec.type == ParamType::Name && !is_name(s)) {
    diags_->error(v, path, fmt::format("expected a name of letters, digits, '-' and '_', got \"{}\"", s));
  } else if (spec.type == ParamType::Choice) {
    std::vector<std::string_view> choices;
    std::string_view rest = spec.choices;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      choices.push_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    bool ok = false;
    for (std::string_view c : choices) ok = ok || c == s;
    if (!ok) diags_->error(v, path, fmt::format("expected one of: {}, got \"{}\"{}", spec.choices, s, did_you_mean(s, choices)));
  }
  return s;
}

double Section::number(std::string_view key) { return optional_number(key).value_or(0.0); }

std::optional<double> Section::optional_number(std::string_view key) {
  const ParamSpec& spec = spec_for(key);
  const YAML::Node v = value(key, spec);
  if (!v.IsDefined()) return std::nullopt;
  return parse_scalar(v, spec, child_path(key));
}

std::optional<double> Section::optional_money(std::string_view key, double usd_per_cny) {
  const ParamSpec& spec = spec_for(key);
  const YAML::Node v = value(key, spec);
  if (!v.IsDefined()) return std::nullopt;
  return parse_scalar(v, spec, child_path(key), usd_per_cny);
}

bool Section::flag(std::string_view key) {
  const ParamSpec& spec = spec_for(key);
  const YAML::Node v = value(key, spec);
  if (!v.IsDefined()) return false;
  if (v.IsScalar() && (v.Scalar() == "true" || v.Scalar() == "false")) return v.Scalar() == "true";
  diags_->error(v, child_path(key), fmt::format("expected true or false, got {}", describe_node_kind(v)));
  return false;
}

std::vector<double> Section::numbers(std::string_view key) {
  const ParamSpec& spec = spec_for(key);
  const YAML::Node v = value(key, spec);
  std::vector<double> out;
  if (!v.IsDefined()) return out;
  const std::string path = child_path(key);
  if (v.IsMap() && v["file"].IsDefined() && v["file"].IsScalar() && v.size() == 1) {
    const std::string file = resolve_relative(diags_->file(), v["file"].Scalar());
    std::string error;
    if (!read_number_column(file, out, error)) diags_->error(v["file"], path + ".file", error);
    return out;
  }
  if (!v.IsSequence()) {
    diags_->error(v, path, fmt::format("expected a list of numbers [1.0, 0.8, ...] or {{file: PATH}}, got {}", describe_node_kind(v)));
    return out;
  }
  for (const YAML::Node& item : v) {
    const Parsed p = item.IsScalar() ? parse_number(item.Scalar()) : Parsed{0, "expected a number"};
    if (!p) diags_->error(item, path, p.error);
    else if (p.value < 0) diags_->error(item, path, fmt::format("must be >= 0, got {}", item.Scalar()));
    out.push_back(p.value);
  }
  return out;
}

std::vector<std::string> Section::files(std::string_view key) {
  const ParamSpec& spec = spec_for(key);
  const YAML::Node v = value(key, spec);
  std::vector<std::string> out;
  if (!v.IsDefined()) return out;
  const std::string path = child_path(key);
  if (!v.IsSequence()) {
    diags_->error(v, path, fmt::format("expected a list of file names [a.yaml, b.yaml], got {}", describe_node_kind(v)));
    return out;
  }
  for (const YAML::Node& item : v) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      diags_->error(item, path, fmt::format("expected a file name, got {}", describe_node_kind(item)));
      out.emplace_back();
    } else {
      out.push_back(resolve_relative(diags_->file(), item.Scalar()));
    }
  }
  return out;
}

std::vector<std::string> Section::names(std::string_view key) {
  const ParamSpec& spec = spec_for(key);
  const YAML::Node v = value(key, spec);
  std::vector<std::string> out;
  if (!v.IsDefined()) return out;
  const std::string path = child_path(key);
  if (!v.IsSequence()) {
    diags_->error(v, path, fmt::format("expected a list of names [a, b], got {}", describe_node_kind(v)));
    return out;
  }
  for (const YAML::Node& item : v) {
    if (!item.IsScalar() || !is_name(item.Scalar())) {
      diags_->error(item, path, fmt::format("expected a name (letters, digits, '-', '_'), got {}", describe_node_kind(item)));
      out.emplace_back();
    } else {
      out.push_back(item.Scalar());
    }
  }
  return out;
}

void Section::error_at(std::string_view key, std::size_t index, std::string message) {
  const std::string k(key);
  if (valid_ && node_[k].IsSequence() && index < node_[k].size()) diags_->error(node_[k][index], child_path(key), std::move(message));
  else error_at(key, std::move(message));
}

void Section::error_at(std::string_view key, std::string message) {
  const std::string k(key);
  if (valid_ && node_[k].IsDefined()) diags_->error(node_[k], child_path(key), std::move(message));
  else diags_->error(node_, valid_ ? child_path(key) : path_, std::move(message));
}

void Section::error_in(std::string location, std::string_view key, std::string message) {
  diags_->error_from(std::move(location), child_path(key), std::move(message));
}

Section Section::section(std::string_view key) {
  const ParamSpec& spec = spec_for(key);
  // A section declared as "@template" has the children of that template ("@signups").
  const std::string child_pattern = spec.choices.starts_with("@") ? std::string(spec.choices)
                                    : pattern_.empty()             ? std::string(key)
                                                                   : pattern_ + "." + std::string(key);
  YAML::Node v = valid_ ? node_[std::string(key)] : YAML::Node();
  if (!valid_ || !v.IsDefined() || v.IsNull()) {
    if (spec.required && valid_) diags_->error(node_, child_path(key), fmt::format("missing required section `{}`: {}", key, spec.help));
    // An absent optional section reads as an empty map, so its keys take their defaults.
    YAML::Node empty(YAML::NodeType::Map);
    if (valid_) node_[std::string(key)] = empty;
    return {*diags_, valid_ ? node_[std::string(key)] : empty, child_pattern, child_path(key), table_};
  }
  return {*diags_, v, child_pattern, child_path(key), table_};
}

std::vector<Section> Section::list(std::string_view key) {
  const ParamSpec& spec = spec_for(key);
  std::vector<Section> out;
  const YAML::Node v = value(key, spec);
  if (!v.IsDefined()) return out;
  const std::string path = child_path(key);
  if (!v.IsSequence()) {
    diags_->error(v, path, fmt::format("expected a list of named items (- name: ...), got {}", describe_node_kind(v)));
    return out;
  }
  if (v.size() < spec.min || v.size() > spec.max) {
    diags_->error(v, path, fmt::format("must have {}, got {}", range_text(spec), v.size()));
  }
  const std::string item_pattern = (pattern_.empty() ? std::string(key) : pattern_ + "." + std::string(key)) + "[]";
  std::vector<std::string> names;
  std::size_t index = 0;
  for (const YAML::Node& item : v) {
    std::string name;
    if (item.IsMap() && item["name"].IsDefined() && item["name"].IsScalar()) name = item["name"].Scalar();
    std::string item_path = path + "." + (name.empty() ? fmt::format("[{}]", index) : name);
    for (const std::string& n : names)
      if (!name.empty() && n == name) diags_->error(item["name"], item_path, fmt::format("duplicate name \"{}\" in {}", name, path));
    names.push_back(name);
    out.emplace_back(*diags_, item, item_pattern, item_path, table_);
    ++index;
  }
  return out;
}

}  // namespace capsim::models
