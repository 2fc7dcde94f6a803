#include "models/config/catalog_reader.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "models/catalog/builtin_catalog_files.hpp"
#include "models/config/catalog_fields.hpp"
#include "models/config/catalog_lookup.hpp"
#include "models/config/config_reader.hpp"
#include "models/config/grid_intensity_reader.hpp"
#include "models/config/suggest.hpp"

namespace capsim::models {
namespace {

constexpr std::string_view kTopKeys[] = {"gpus", "llms", "image_models", "equivalents", "sources", "rules"};
constexpr std::string_view kFactKeys[] = {"value", "source", "assumption", "rule", "note", "unverified", "absent"};
constexpr const char* kFactShape = R"({value: "80 GB", source: "KEY: detail"} or {value: ..., assumption: "why"} or {absent: "why"})";

std::string kind_of(const YAML::Node& n) {
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  if (n.IsNull() || !n.IsDefined()) return "nothing";
  return fmt::format("\"{}\"", n.Scalar());
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

template <std::size_t N>
std::vector<std::string_view> views(const std::string_view (&a)[N]) {
  return std::vector<std::string_view>(a, a + N);
}

class FileReader {
 public:
  FileReader(Diagnostics& diags, Catalog& catalog) : diags_(diags), catalog_(catalog) {}

  void read(const YAML::Node& root) {
    if (root.IsNull() || !root.IsDefined()) return;  // an empty file adds nothing
    if (!root.IsMap()) {
      diags_.error(root, "", fmt::format("a catalog file is a map with gpus:, llms:, image_models:, equivalents:, sources: and rules:, got {}", kind_of(root)));
      return;
    }
    for (const auto& kv : root) {
      const std::string key = kv.first.Scalar();
      bool known = false;
      for (std::string_view k : kTopKeys) known = known || k == key;
      if (!known)
        diags_.error(kv.first, key, fmt::format("unknown key{}; expected gpus, llms, image_models, equivalents, sources or rules", did_you_mean(key, views(kTopKeys))));
    }
    sources_ = table(root, "sources");
    rules_ = table(root, "rules");
    entries(root, "gpus", CatalogKind::Gpu);
    entries(root, "llms", CatalogKind::Llm);
    entries(root, "image_models", CatalogKind::ImageModel);
    equivalences(root);
  }

 private:
  // `sources:` or `rules:`: a map of names to text.
  YAML::Node table(const YAML::Node& root, const std::string& key) {
    const YAML::Node t = root[key];
    if (!t.IsDefined() || t.IsNull()) return YAML::Node(YAML::NodeType::Map);
    if (!t.IsMap()) {
      diags_.error(t, key, fmt::format("expected a map of names to descriptions, got {}", kind_of(t)));
      return YAML::Node(YAML::NodeType::Map);
    }
    for (const auto& kv : t)
      if (!kv.second.IsScalar()) diags_.error(kv.second, key + "." + kv.first.Scalar(), "expected a description (text)");
    return t;
  }

  void entries(const YAML::Node& root, const std::string& key, CatalogKind kind) {
    const YAML::Node list = root[key];
    if (!list.IsDefined() || list.IsNull()) return;
    if (!list.IsMap()) {
      diags_.error(list, key, fmt::format("expected a map of entries by name (NAME: {{field: ...}}), got {}", kind_of(list)));
      return;
    }
    std::set<std::string> seen;
    for (const auto& kv : list) {
      const std::string name = kv.first.Scalar();
      const std::string path = fmt::format("{}.{}", key, name);
      if (!seen.insert(name).second) diags_.error(kv.first, path, "duplicate entry (the first one would be lost)");
      if (name.empty() || name.find_first_of(" \t/") != std::string::npos) {
        diags_.error(kv.first, path, "an entry's name has no spaces or '/'");
        continue;
      }
      if (!kv.second.IsMap()) {
        diags_.error(kv.second, path, fmt::format("expected a map of fields, got {}", kind_of(kv.second)));
        continue;
      }
      entry(kv.second, name, path, kind);
    }
  }

  void entry(const YAML::Node& node, const std::string& name, const std::string& path, CatalogKind kind) {
    CatalogEntry e;
    e.kind = kind;
    e.name = name;
    e.origins.push_back(diags_.file());
    const bool is_new = catalog_.find_entry(kind, name) == nullptr;
    if (const CatalogEntry* other = catalog_.find_entry(name); other && other->kind != kind)
      diags_.error(node, path, fmt::format("'{}' already names a {}; one name, one entry", name, kind_name(other->kind)));
    std::vector<std::string_view> known;
    for (std::string_view l : catalog_labels(kind)) known.push_back(l);
    for (const CatalogField& f : catalog_fields(kind)) known.push_back(f.name);
    std::set<std::string> seen;
    std::optional<YAML::Node> gpu_node;
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      const std::string field_path = fmt::format("{}.{}", path, key);
      if (!seen.insert(key).second) diags_.error(kv.first, field_path, "duplicate field");
      if (const CatalogField* f = find_catalog_field(kind, key)) {
        if (auto fact = read_fact(kv.second, *f, field_path)) e.set_fact(std::move(*fact));
        continue;
      }
      bool label = false;
      for (std::string_view l : catalog_labels(kind)) label = label || l == key;
      if (!label) {
        diags_.error(kv.first, field_path, fmt::format("unknown field of a {}{}; expected one of: {}", kind_name(kind),
                                                       did_you_mean(key, known), fmt::join(known, ", ")));
      } else if (!kv.second.IsScalar()) {
        diags_.error(kv.second, field_path, fmt::format("expected text, got {}", kind_of(kv.second)));
      } else {
        e.set_label(CatalogLabel{key, kv.second.Scalar()});
        if (key == "gpu") gpu_node = kv.second;
      }
    }
    if (is_new) {
      std::vector<std::string_view> required;
      for (const CatalogField& f : catalog_fields(kind))
        if (f.required) required.push_back(f.name);
      if (kind == CatalogKind::ImageModel) required.insert(required.begin(), "gpu");
      for (std::string_view r : required)
        if (!seen.count(std::string(r)))
          diags_.error(node, path + "." + std::string(r),
                       fmt::format("missing field `{}`: a new {} needs {} (an entry of the same name as one already in "
                                   "the catalog overrides just the fields it gives)", r, kind_name(kind), fmt::join(required, ", ")));
    }
    if (gpu_node && !catalog_.find_gpu(gpu_node->Scalar()))
      diags_.error(*gpu_node, path + ".gpu", unknown_entry_message(catalog_, CatalogKind::Gpu, gpu_node->Scalar()));
    put(node, path, std::move(e));
  }

  // `equivalents:`: a map of factors (equivalence_fields()), each a fact.
  void equivalences(const YAML::Node& root) {
    const YAML::Node map = root["equivalents"];
    if (!map.IsDefined() || map.IsNull()) return;
    if (!map.IsMap()) {
      diags_.error(map, "equivalents", fmt::format("expected a map of factors (NAME: {{value: ..., source: ...}}), got {}", kind_of(map)));
      return;
    }
    std::vector<std::string_view> known;
    for (const CatalogField& f : equivalence_fields()) known.push_back(f.name);
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      const CatalogField* field = find_equivalence_field(key);
      if (field == nullptr) {
        diags_.error(kv.first, "equivalents." + key,
                     fmt::format("unknown factor{}; expected one of: {}", did_you_mean(key, known), fmt::join(known, ", ")));
        continue;
      }
      if (auto fact = read_fact(kv.second, *field, "equivalents." + key)) {
        EquivalenceFactors factors = catalog_.equivalence_factors();
        set_field(factors, key, fact->value);
        catalog_.put_equivalence(factors, std::move(*fact));
      }
    }
  }

  // Builds the spec (the earlier entry's, with this one's fields over it) and stores the entry.
  void put(const YAML::Node& node, const std::string& path, CatalogEntry e) {
    switch (e.kind) {
      case CatalogKind::Gpu: {
        const GpuSpec* old = catalog_.find_gpu(e.name);
        GpuSpec spec = old ? *old : GpuSpec{};
        spec.name = e.name;
        for (const CatalogFact& f : e.facts) set_field(spec, f.field, f.value);
        catalog_.put_gpu(std::move(spec), std::move(e));
        return;
      }
      case CatalogKind::Llm: {
        const LlmSpec* old = catalog_.find_llm(e.name);
        LlmSpec spec = old ? *old : LlmSpec{};
        spec.name = e.name;
        for (const CatalogFact& f : e.facts) set_field(spec, f.field, f.value);
        if (spec.attention_heads > 0 && spec.hidden % spec.attention_heads != 0)
          diags_.error(node, path, fmt::format("hidden ({}) must be a whole number of attention_heads ({})", spec.hidden, spec.attention_heads));
        if (spec.kv_heads > 0 && spec.attention_heads % spec.kv_heads != 0)
          diags_.error(node, path, fmt::format("attention_heads ({}) must be a whole number of kv_heads ({})", spec.attention_heads, spec.kv_heads));
        if (spec.experts_per_token > spec.experts)
          diags_.error(node, path, fmt::format("experts_per_token ({}) must be <= experts ({})", spec.experts_per_token, spec.experts));
        catalog_.put_llm(std::move(spec), std::move(e));
        return;
      }
      case CatalogKind::ImageModel: {
        const ImageModelSpec* old = catalog_.find_image_model(e.name);
        ImageModelSpec spec = old ? *old : ImageModelSpec{};
        spec.name = e.name;
        if (const std::string gpu = e.label("gpu"); !gpu.empty()) spec.gpu = gpu;
        for (const CatalogFact& f : e.facts) set_field(spec, f.field, f.value);
        catalog_.put_image_model(std::move(spec), std::move(e));
        return;
      }
    }
  }

  std::string text_of(const YAML::Node& fact, const char* key, const std::string& path) {
    const YAML::Node n = fact[key];
    if (!n.IsDefined()) return {};
    if (!n.IsScalar()) {
      diags_.error(n, path + "." + key, fmt::format("expected text, got {}", kind_of(n)));
      return {};
    }
    return n.Scalar();
  }

  std::optional<CatalogFact> read_fact(const YAML::Node& node, const CatalogField& field, const std::string& path) {
    const std::string example = fmt::format(R"(e.g. {}: {{value: "{}", source: "KEY: detail"}})", field.name, field.example);
    if (!node.IsMap()) {
      diags_.error(node, path, fmt::format("expected a fact {}, got {}; every number says where it comes from ({})", kFactShape, kind_of(node), example));
      return std::nullopt;
    }
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      bool known = false;
      for (std::string_view k : kFactKeys) known = known || k == key;
      if (!known)
        diags_.error(kv.first, fmt::format("{}.{}", path, key), fmt::format("unknown key{}; a fact has value, source, assumption, rule, note, unverified or absent",
                                                             did_you_mean(key, views(kFactKeys))));
    }
    CatalogFact f;
    f.field = std::string(field.name);
    f.unit = std::string(field.unit);
    f.source = text_of(node, "source", path);
    f.assumption = text_of(node, "assumption", path);
    f.rule = text_of(node, "rule", path);
    f.note = text_of(node, "note", path);
    f.unverified = text_of(node, "unverified", path);
    f.absent = text_of(node, "absent", path);
    const YAML::Node value = node["value"];
    f.origin = fmt::format("{}:{}:{}", diags_.file(), node.Mark().line + 1, node.Mark().column + 1);
    if (node["absent"].IsDefined()) {
      if (!field.may_be_absent) diags_.error(node, path, fmt::format("`{}` may not be absent ({})", field.name, example));
      if (value.IsDefined()) diags_.error(value, path + ".value", "a fact is either {absent: why} or has a value, not both");
      if (f.absent.empty()) diags_.error(node, path + ".absent", "say why the part lacks it: {absent: \"why\"}");
      return f;
    }
    bool ok = true;
    if (!value.IsDefined() || !value.IsScalar()) {
      diags_.error(value.IsDefined() ? value : node, path + ".value", fmt::format("missing `value` ({})", example));
      return std::nullopt;
    }
    if (f.source.empty() && f.assumption.empty()) {
      diags_.error(node, path, fmt::format("no `source` and no `assumption`: say where the number comes from ({}, or assumption: \"why\")", example));
      ok = false;
    }
    if (!f.source.empty()) {
      const std::string key = trim(f.source.substr(0, f.source.find(':')));
      const YAML::Node description = sources_[key];
      if (!description.IsDefined() || !description.IsScalar()) {
        std::vector<std::string> keys;
        for (const auto& kv : sources_) keys.push_back(kv.first.Scalar());
        const std::vector<std::string_view> kviews(keys.begin(), keys.end());
        diags_.error(node["source"], path + ".source",
                     fmt::format("source key '{}' is not in this file's `sources:` table{}; add `sources: {{{}: \"document, URL\"}}`", key,
                                 did_you_mean(key, kviews), key));
        ok = false;
      } else {
        f.source_description = description.Scalar();
      }
    }
    if (!f.rule.empty()) {
      const YAML::Node rule = rules_[f.rule];
      if (!rule.IsDefined() || !rule.IsScalar()) {
        diags_.error(node["rule"], path + ".rule", fmt::format("rule '{}' is not in this file's `rules:` table", f.rule));
        ok = false;
      } else {
        f.rule_text = rule.Scalar();
      }
    }
    f.written = value.Scalar();
    f.origin = fmt::format("{}:{}:{}", diags_.file(), value.Mark().line + 1, value.Mark().column + 1);
    if (field.flag) {
      if (f.written != "true" && f.written != "false") {
        diags_.error(value, path + ".value", fmt::format("expected true or false, got \"{}\"", f.written));
        return std::nullopt;
      }
      f.value = f.written == "true" ? 1 : 0;
      return ok ? std::optional<CatalogFact>(f) : std::nullopt;
    }
    const Parsed p = parse_quantity(f.written, field.dimension);
    if (!p) {
      diags_.error(value, path + ".value", fmt::format("{} ({})", p.error, example));
      return std::nullopt;
    }
    f.value = p.value;
    if (field.integer && f.value != static_cast<double>(static_cast<long long>(f.value))) {
      diags_.error(value, path + ".value", fmt::format("expected a whole number, got \"{}\"", f.written));
      ok = false;
    } else if (field.required ? !(f.value > 0) : f.value < 0) {
      diags_.error(value, path + ".value", fmt::format("must be {} 0, got \"{}\"", field.required ? ">" : ">=", f.written));
      ok = false;
    }
    return ok ? std::optional<CatalogFact>(f) : std::nullopt;
  }

  Diagnostics& diags_;
  Catalog& catalog_;
  YAML::Node sources_, rules_;
};

}  // namespace

void read_catalog_text(const std::string& yaml, Diagnostics& diags, Catalog& catalog) {
  const YAML::Node root = parse_yaml(yaml, diags);
  if (!root.IsDefined()) return;
  FileReader(diags, catalog).read(root);
}

bool read_catalog_file(const std::string& path, Diagnostics& diags, Catalog& catalog) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;  // not a directory, nor /dev/zero
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return false;
  read_catalog_text(buf.str(), diags, catalog);
  return true;
}

std::shared_ptr<const Catalog> builtin_catalog() {
  static const std::shared_ptr<const Catalog> built = [] {
    auto c = std::make_shared<Catalog>();
    for (const BuiltinCatalogFile& f : builtin_catalog_files()) {
      Diagnostics diags(std::string(f.name));
      read_catalog_text(std::string(f.text), diags, *c);
      diags.throw_if_any();
    }
    for (const BuiltinGridIntensityFile& f : builtin_grid_intensity_files()) {
      Diagnostics diags(std::string(f.name));
      read_grid_intensity_csv(f.text, f.dataset, diags, c->grid_intensity());
      diags.throw_if_any();
    }
    return std::shared_ptr<const Catalog>(std::move(c));
  }();
  return built;
}

std::shared_ptr<const Catalog> load_catalog(const std::shared_ptr<const Catalog>& base, const std::vector<std::string>& files) {
  if (files.empty()) return base;
  auto c = std::make_shared<Catalog>(*base);
  std::vector<Diagnostic> errors;
  for (const std::string& file : files) {
    Diagnostics diags(file);
    if (!read_catalog_file(file, diags, *c)) diags.error_without_position("", "cannot open the catalog file (does it exist and is it readable?)");
    errors.insert(errors.end(), diags.items().begin(), diags.items().end());
  }
  if (!errors.empty()) throw ScenarioError(errors);
  return c;
}

}  // namespace capsim::models
