#include "models/catalog/catalog.hpp"

#include <utility>

namespace capsim::models {

std::string_view kind_name(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::Gpu: return "GPU";
    case CatalogKind::Llm: return "LLM";
    case CatalogKind::ImageModel: return "image model";
  }
  return "?";
}

const CatalogFact* CatalogEntry::fact(std::string_view field) const {
  for (const CatalogFact& f : facts)
    if (f.field == field) return &f;
  return nullptr;
}

std::string CatalogEntry::label(std::string_view key) const {
  for (const CatalogLabel& l : labels)
    if (l.key == key) return l.text;
  return {};
}

void CatalogEntry::set_fact(CatalogFact f) {
  for (CatalogFact& mine : facts)
    if (mine.field == f.field) {
      mine = std::move(f);
      return;
    }
  facts.push_back(std::move(f));
}

void CatalogEntry::set_label(CatalogLabel l) {
  for (CatalogLabel& mine : labels)
    if (mine.key == l.key) {
      mine = std::move(l);
      return;
    }
  labels.push_back(std::move(l));
}

void Catalog::merge_entry(CatalogEntry entry) {
  auto& entries = entry.kind == CatalogKind::Gpu ? gpu_entries_ : entry.kind == CatalogKind::Llm ? llm_entries_ : image_entries_;
  const auto it = entries.find(entry.name);
  if (it == entries.end()) {
    const std::string name = entry.name;
    entries.emplace(name, std::move(entry));
    return;
  }
  CatalogEntry& mine = it->second;
  for (std::string& o : entry.origins) mine.origins.push_back(std::move(o));
  for (CatalogLabel& l : entry.labels) mine.set_label(std::move(l));
  for (CatalogFact& f : entry.facts) mine.set_fact(std::move(f));
}

void Catalog::put_gpu(GpuSpec spec, CatalogEntry entry) {
  entry.kind = CatalogKind::Gpu;
  const std::string name = spec.name;
  gpus_.insert_or_assign(name, std::move(spec));
  merge_entry(std::move(entry));
}

void Catalog::put_llm(LlmSpec spec, CatalogEntry entry) {
  entry.kind = CatalogKind::Llm;
  const std::string name = spec.name;
  llms_.insert_or_assign(name, std::move(spec));
  merge_entry(std::move(entry));
}

void Catalog::put_image_model(ImageModelSpec spec, CatalogEntry entry) {
  entry.kind = CatalogKind::ImageModel;
  const std::string name = spec.name;
  image_models_.insert_or_assign(name, std::move(spec));
  merge_entry(std::move(entry));
}

void Catalog::put_equivalence(EquivalenceFactors factors, CatalogFact fact) {
  equivalence_factors_ = factors;
  for (CatalogFact& mine : equivalence_facts_)
    if (mine.field == fact.field) {
      mine = std::move(fact);
      return;
    }
  equivalence_facts_.push_back(std::move(fact));
}

namespace {
template <class Map>
const typename Map::mapped_type* find_in(const Map& m, std::string_view name) {
  const auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}
}  // namespace

const GpuSpec* Catalog::find_gpu(std::string_view name) const { return find_in(gpus_, name); }
const LlmSpec* Catalog::find_llm(std::string_view name) const { return find_in(llms_, name); }
const ImageModelSpec* Catalog::find_image_model(std::string_view name) const { return find_in(image_models_, name); }

const CatalogEntry* Catalog::find_entry(CatalogKind kind, std::string_view name) const {
  switch (kind) {
    case CatalogKind::Gpu: return find_in(gpu_entries_, name);
    case CatalogKind::Llm: return find_in(llm_entries_, name);
    case CatalogKind::ImageModel: return find_in(image_entries_, name);
  }
  return nullptr;
}

const CatalogEntry* Catalog::find_entry(std::string_view name) const {
  for (const CatalogKind k : {CatalogKind::Gpu, CatalogKind::Llm, CatalogKind::ImageModel})
    if (const CatalogEntry* e = find_entry(k, name)) return e;
  return nullptr;
}

std::vector<std::string> Catalog::names(CatalogKind kind) const {
  std::vector<std::string> out;
  const auto& entries = kind == CatalogKind::Gpu ? gpu_entries_ : kind == CatalogKind::Llm ? llm_entries_ : image_entries_;
  out.reserve(entries.size());
  for (const auto& kv : entries) out.push_back(kv.first);
  return out;
}

std::vector<std::string> Catalog::names() const {
  std::vector<std::string> out;
  for (const CatalogKind k : {CatalogKind::Gpu, CatalogKind::Llm, CatalogKind::ImageModel})
    for (std::string& n : names(k)) out.push_back(std::move(n));
  return out;
}

}  // namespace capsim::models
