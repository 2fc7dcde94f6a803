// Looking up catalog entries by name, with "did you mean" for a misspelt or shortened one:
//   unknown GPU 'H100-SXM'; did you mean 'H100-SXM5-80GB'? (GPUs: A100-PCIe-80GB, ...)
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "models/catalog/catalog.hpp"

namespace capsim::models {

class UnknownCatalogEntry : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The message for a name that is not in the catalog: of one kind, or (no kind) of any.
std::string unknown_entry_message(const Catalog& catalog, std::optional<CatalogKind> kind, std::string_view name);

// The named entry; throws UnknownCatalogEntry with unknown_entry_message().
const GpuSpec& gpu(const Catalog& catalog, std::string_view name);
const LlmSpec& llm(const Catalog& catalog, std::string_view name);
const ImageModelSpec& image_model(const Catalog& catalog, std::string_view name);
const CatalogEntry& entry(const Catalog& catalog, std::string_view name);

}  // namespace capsim::models
