// The fields of a catalog file's entries (models/catalog/README.md): for each, how its `value`
// parses, whether a new entry must give it, whether `{absent: why}` is allowed, and where it
// goes in the plain spec (hardware_spec.hpp). The catalog reader checks files against these.
#pragma once

#include <span>
#include <string_view>

#include "models/catalog/catalog.hpp"
#include "models/input/units.hpp"

namespace capsim::models {

struct CatalogField {
  std::string_view name;
  Dimension dimension;     // how `value` parses (bandwidths: Bytes, per second by the name)
  std::string_view unit;   // the unit of the parsed value, for display: "B/s" for bandwidths
  bool flag;               // `value` is true or false
  bool integer;            // a whole number
  bool required;           // a new entry must give it (and it must be > 0)
  bool may_be_absent;      // {absent: why} allowed
  std::string_view example;  // "80 GB", for hints
};

std::span<const CatalogField> catalog_fields(CatalogKind kind);
// Plain text keys of an entry: vendor, architecture, family, gpu, note, ...
std::span<const std::string_view> catalog_labels(CatalogKind kind);
const CatalogField* find_catalog_field(CatalogKind kind, std::string_view name);

// The fields of a file's `equivalents:` map (models/catalog/equivalents.yaml).
std::span<const CatalogField> equivalence_fields();
const CatalogField* find_equivalence_field(std::string_view name);

// Writes one field's value (0 when absent) into the spec; fields with no place in the spec
// (price_cny) are kept as provenance only.
void set_field(GpuSpec& spec, std::string_view field, double value);
void set_field(LlmSpec& spec, std::string_view field, double value);
void set_field(ImageModelSpec& spec, std::string_view field, double value);
void set_field(EquivalenceFactors& factors, std::string_view field, double value);

}  // namespace capsim::models
