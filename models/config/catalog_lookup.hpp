// Looking up catalog entries by name, with "did you mean" for a misspelt or shortened one:
//   unknown GPU 'H100-SXM'; did you mean 'H100-SXM5-80GB'? (GPUs: A100-PCIe-80GB, ...)
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/catalog/catalog.hpp"

namespace capsim::models {

// `s` with ASCII letters lowered (names are compared case-insensitively).
std::string lowercase(std::string_view s);

class UnknownCatalogEntry : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// The names a user probably meant by `word`: the same name in another case; else the names
// that begin with or contain it (a shortened "H100-SXM"), if there are at most three; else the
// closest by edit distance (suggest.hpp's limit), ignoring case, if at most three. May be empty.
std::vector<std::string> close_names(std::string_view word, const std::vector<std::string>& names);
// "'a', 'b' or 'c'" with `conjunction` "or".
std::string quoted_names(const std::vector<std::string>& names, std::string_view conjunction);

// The message for a name that is not in the catalog: of one kind, or (no kind) of any.
std::string unknown_entry_message(const Catalog& catalog, std::optional<CatalogKind> kind, std::string_view name);

// The named entry; throws UnknownCatalogEntry with unknown_entry_message().
const GpuSpec& gpu(const Catalog& catalog, std::string_view name);
const LlmSpec& llm(const Catalog& catalog, std::string_view name);
const ImageModelSpec& image_model(const Catalog& catalog, std::string_view name);
const CatalogEntry& entry(const Catalog& catalog, std::string_view name);

}  // namespace capsim::models
