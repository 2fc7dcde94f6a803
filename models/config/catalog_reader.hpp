// Reading catalog files (the format of models/catalog/gpus.yaml and llms.yaml, described in
// models/catalog/README.md) into a Catalog. Every value parses in its field's dimension
// (parse_quantity); every fact needs a `source` (a key of the file's `sources:` table) or an
// `assumption`; `{absent: why}` reads as 0. An entry whose name is already in the catalog
// overrides the fields it gives and keeps the others; a new entry must give the required
// fields. Errors are collected in Diagnostics: `file:line:col: error: gpus.X.memory: ...`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/catalog/catalog.hpp"
#include "models/config/diagnostics.hpp"

namespace capsim::models {

// Adds the entries of one file's text to `catalog`; `diags` names the file in its messages.
void read_catalog_text(const std::string& yaml, Diagnostics& diags, Catalog& catalog);

// The same from disk. False (and nothing reported) if the file cannot be read: the caller
// says where it was named.
bool read_catalog_file(const std::string& path, Diagnostics& diags, Catalog& catalog);

// The catalog compiled into the program (models/catalog/*.yaml and the grid-intensity CSV
// files), parsed once.
std::shared_ptr<const Catalog> builtin_catalog();

// `base` (e.g. the built-in catalog) with `files` read over it in order; throws ScenarioError
// with every error of every file.
std::shared_ptr<const Catalog> load_catalog(const std::shared_ptr<const Catalog>& base, const std::vector<std::string>& files);

}  // namespace capsim::models
