// The built-in catalog files (gpus.yaml, llms.yaml of this folder), embedded in the program at
// build time so that capsim finds them from any directory. The text is the files' own; the
// catalog reader (models/config/catalog_reader.hpp) parses it.
#pragma once

#include <span>
#include <string_view>

namespace capsim::models {

struct BuiltinCatalogFile {
  std::string_view name;  // "models/catalog/gpus.yaml", for messages
  std::string_view text;
};

// gpus.yaml first: image models name GPUs.
std::span<const BuiltinCatalogFile> builtin_catalog_files();

}  // namespace capsim::models
