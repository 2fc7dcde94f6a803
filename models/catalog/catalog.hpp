// The reference catalog in memory: GPUs, LLMs and image models by name, each with the plain spec
// the simulation uses (hardware_spec.hpp) and, for every field, what the file wrote and why
// (its source or assumption), so `capsim catalog NAME` can show the provenance of each number.
// It also holds the grid carbon intensity by region (grid_intensity.hpp) and the factors of the
// everyday equivalents (equivalents.hpp), each factor with its provenance.
// Filled by the catalog reader (models/config/catalog_reader.hpp) from the built-in files and a
// scenario's own; a later entry of the same name replaces the earlier one field by field.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/catalog/equivalents.hpp"
#include "models/catalog/grid_intensity.hpp"
#include "models/catalog/hardware_spec.hpp"

namespace capsim::models {

enum class CatalogKind { Gpu, Llm, ImageModel };

// "GPU", "LLM", "image model".
std::string_view kind_name(CatalogKind kind);

// One field of an entry as the file gave it.
struct CatalogFact {
  std::string field;    // "memory"
  std::string written;  // "80 GB" as written; empty when absent
  double value = 0;     // in `unit`; 0 when absent
  std::string unit;     // base unit: "B", "B/s", "FLOP/s", "W", "USD", "gCO2e", "s", "" (counts)
  std::string absent;   // why the part lacks it ({absent: ...}); empty otherwise
  std::string source;   // "KEY: detail" as written
  std::string source_description;  // the KEY's entry of the file's `sources:` table
  std::string assumption;
  std::string rule;       // a rule's name, and its text from the file's `rules:` table
  std::string rule_text;
  std::string note;
  std::string unverified;
  std::string origin;   // "file:line:column" of the value
};

// A plain text field of an entry: vendor, architecture, family, gpu, reasoning, note ...
struct CatalogLabel {
  std::string key;
  std::string text;
};

struct CatalogEntry {
  CatalogKind kind = CatalogKind::Gpu;
  std::string name;
  std::vector<std::string> origins;  // the files that gave it, built-in first
  std::vector<CatalogLabel> labels;
  std::vector<CatalogFact> facts;    // in the file's order; an override replaces in place

  const CatalogFact* fact(std::string_view field) const;
  std::string label(std::string_view key) const;  // "" if absent
  // Adds or replaces (by field / key).
  void set_fact(CatalogFact f);
  void set_label(CatalogLabel l);
};

class Catalog {
 public:
  // Adds an entry, or replaces the spec and merges the provenance of one of the same name.
  void put_gpu(GpuSpec spec, CatalogEntry entry);
  void put_llm(LlmSpec spec, CatalogEntry entry);
  void put_image_model(ImageModelSpec spec, CatalogEntry entry);

  const GpuSpec* find_gpu(std::string_view name) const;
  const LlmSpec* find_llm(std::string_view name) const;
  const ImageModelSpec* find_image_model(std::string_view name) const;
  // Any kind; GPUs first, then LLMs, then image models.
  const CatalogEntry* find_entry(std::string_view name) const;
  const CatalogEntry* find_entry(CatalogKind kind, std::string_view name) const;

  const std::map<std::string, GpuSpec, std::less<>>& gpus() const { return gpus_; }
  const std::map<std::string, LlmSpec, std::less<>>& llms() const { return llms_; }
  const std::map<std::string, ImageModelSpec, std::less<>>& image_models() const { return image_models_; }
  // Names of one kind (sorted), or of all kinds.
  std::vector<std::string> names(CatalogKind kind) const;
  std::vector<std::string> names() const;

  // Grid carbon intensity by region and year (the built-in CSV files).
  const GridIntensityTable& grid_intensity() const { return grid_intensity_; }
  GridIntensityTable& grid_intensity() { return grid_intensity_; }

  // The factors of equivalents_of(), and each one's fact (value, source) in the file's order.
  const EquivalenceFactors& equivalence_factors() const { return equivalence_factors_; }
  const std::vector<CatalogFact>& equivalence_facts() const { return equivalence_facts_; }
  // Sets the factors and adds or replaces (by field) the fact that gave one of them.
  void put_equivalence(EquivalenceFactors factors, CatalogFact fact);

 private:
  void merge_entry(CatalogEntry entry);

  std::map<std::string, GpuSpec, std::less<>> gpus_;
  std::map<std::string, LlmSpec, std::less<>> llms_;
  std::map<std::string, ImageModelSpec, std::less<>> image_models_;
  std::map<std::string, CatalogEntry, std::less<>> gpu_entries_, llm_entries_, image_entries_;
  GridIntensityTable grid_intensity_;
  EquivalenceFactors equivalence_factors_;
  std::vector<CatalogFact> equivalence_facts_;
};

}  // namespace capsim::models
