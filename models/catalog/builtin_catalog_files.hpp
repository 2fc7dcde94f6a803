// The built-in catalog files (gpus.yaml, llms.yaml, equivalents.yaml and the grid-intensity CSV
// files of this folder), embedded in the program at build time so that capsim finds them from
// any directory. The text is the files' own; the catalog reader
// (models/config/catalog_reader.hpp) and the grid-intensity reader
// (models/config/grid_intensity_reader.hpp) parse it.
#pragma once

#include <span>
#include <string_view>

#include "models/catalog/grid_intensity.hpp"

namespace capsim::models {

struct BuiltinCatalogFile {
  std::string_view name;  // "models/catalog/gpus.yaml", for messages
  std::string_view text;
};

// gpus.yaml first: image models name GPUs.
std::span<const BuiltinCatalogFile> builtin_catalog_files();

struct BuiltinGridIntensityFile {
  GridDataset dataset;
  std::string_view name;  // "models/catalog/grid-intensity/ember-average.csv"
  std::string_view text;
};

// Electricity Maps' yearly zones, then Ember's averages.
std::span<const BuiltinGridIntensityFile> builtin_grid_intensity_files();

}  // namespace capsim::models
