#include "models/config/catalog_lookup.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "models/config/suggest.hpp"

namespace capsim::models {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> close_names(std::string_view word, const std::vector<std::string>& names) {
  const std::string w = lowercase(word);
  for (const std::string& n : names)
    if (lowercase(n) == w) return {n};
  std::vector<std::string> prefixed, containing;
  for (const std::string& n : names) {
    const std::string l = lowercase(n);
    if (l.starts_with(w)) prefixed.push_back(n);
    else if (!w.empty() && l.find(w) != std::string::npos) containing.push_back(n);
  }
  if (!prefixed.empty() && prefixed.size() <= 3) return prefixed;
  if (prefixed.empty() && !containing.empty() && containing.size() <= 3) return containing;
  const std::size_t limit = std::max<std::size_t>(2, w.size() / 3);
  std::size_t best = limit + 1;
  std::vector<std::string> closest;
  for (const std::string& n : names) {
    const std::size_t d = edit_distance(w, lowercase(n));
    if (d < best) {
      best = d;
      closest = {n};
    } else if (d == best) {
      closest.push_back(n);
    }
  }
  if (closest.size() > 3) closest.clear();
  return closest;
}

std::string quoted_names(const std::vector<std::string>& names, std::string_view conjunction) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? fmt::format(" {} ", conjunction) : ", ";
    out += "'" + names[i] + "'";
  }
  return out;
}

std::string unknown_entry_message(const Catalog& catalog, std::optional<CatalogKind> kind, std::string_view name) {
  const std::vector<std::string> names = kind ? catalog.names(*kind) : catalog.names();
  const std::string what = kind ? std::string(kind_name(*kind)) : "catalog entry";
  std::string message = fmt::format("unknown {} '{}'", what, name);
  const std::vector<std::string> close = close_names(name, names);
  if (!close.empty()) message += fmt::format("; did you mean {}?", quoted_names(close, "or"));
  const std::string plural = kind == CatalogKind::ImageModel ? "image models" : kind ? what + "s" : "entries";
  message += fmt::format(" (the {} are: {})", plural, fmt::join(names, ", "));
  return message;
}

const GpuSpec& gpu(const Catalog& catalog, std::string_view name) {
  if (const GpuSpec* s = catalog.find_gpu(name)) return *s;
  throw UnknownCatalogEntry(unknown_entry_message(catalog, CatalogKind::Gpu, name));
}

const LlmSpec& llm(const Catalog& catalog, std::string_view name) {
  if (const LlmSpec* s = catalog.find_llm(name)) return *s;
  throw UnknownCatalogEntry(unknown_entry_message(catalog, CatalogKind::Llm, name));
}

const ImageModelSpec& image_model(const Catalog& catalog, std::string_view name) {
  if (const ImageModelSpec* s = catalog.find_image_model(name)) return *s;
  throw UnknownCatalogEntry(unknown_entry_message(catalog, CatalogKind::ImageModel, name));
}

const CatalogEntry& entry(const Catalog& catalog, std::string_view name) {
  if (const CatalogEntry* e = catalog.find_entry(name)) return *e;
  throw UnknownCatalogEntry(unknown_entry_message(catalog, std::nullopt, name));
}

}  // namespace capsim::models
