// `capsim catalog [NAME] [--scenario FILE]`: the reference catalog, one line per entry, or one
// entry with every field's value, unit and source or assumption. `capsim catalog --grid
// [REGION]`: the grid carbon intensity of every region, or one region's years, with source and
// licence.
#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "models/config/catalog_lookup.hpp"
#include "models/config/catalog_reader.hpp"
#include "models/config/grid_intensity_lookup.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/input/units.hpp"

namespace capsim::cli {
namespace {

using models::Dimension;
using models::format_quantity;

std::string bandwidth(double bytes_per_s) { return format_quantity(bytes_per_s, Dimension::Bytes) + "/s"; }

std::string billions(double count) { return fmt::format("{:.4g}B", count / 1e9); }

void print_list(const models::Catalog& c) {
  fmt::print("GPUs ({}): memory, HBM bandwidth, dense BF16, TDP, price\n", c.gpus().size());
  for (const auto& [name, g] : c.gpus()) {
    const models::CatalogEntry* e = c.find_entry(models::CatalogKind::Gpu, name);
    fmt::print("  {:<16} {:<8} {:>7} {:>10} {:>13} {:>6} {:>10}\n", name, e ? e->label("vendor") : "",
               format_quantity(g.memory_bytes, Dimension::Bytes), bandwidth(g.hbm_bandwidth_bytes_per_s),
               format_quantity(g.bf16_flop_per_s, Dimension::FlopRate), format_quantity(g.tdp_w, Dimension::Power),
               g.price_usd > 0 ? format_quantity(g.price_usd, Dimension::Money) : "-");
  }
  fmt::print("\nLLMs ({}): parameters, layers, hidden, attention / KV heads, context, KV cache per token (FP16)\n", c.llms().size());
  for (const auto& [name, m] : c.llms()) {
    fmt::print("  {:<16} {:>6} {:>4} layers {:>6} hidden {:>4}/{:<3} heads {:>7} context {:>8}/token{}\n", name,
               billions(m.parameters), m.layers, m.hidden, m.attention_heads, m.kv_heads, m.context_length,
               format_quantity(m.kv_bytes_per_token(m.bytes_per_weight_fp16), Dimension::Bytes),
               m.experts > 1 ? fmt::format(", {} experts ({} per token)", m.experts, m.experts_per_token) : "");
  }
  fmt::print("\nImage models ({}): GPU time per image, images per request\n", c.image_models().size());
  for (const auto& [name, im] : c.image_models())
    fmt::print("  {:<20} {} per image on {}, {} per request\n", name, models::format_seconds(im.gpu_seconds_per_image), im.gpu,
               im.images_per_request);
  fmt::print("\nEquivalents ({}): what one unit of an everyday thing stands for\n", c.equivalence_facts().size());
  for (const models::CatalogFact& f : c.equivalence_facts()) fmt::print("  {:<34} {:<10} {}\n", f.field, f.written, f.source);
  std::size_t zones = 0, ember = 0;
  for (const auto& kv : c.grid_intensity().regions()) ++(kv.second.has_years() ? zones : ember);
  fmt::print("\nGrid carbon intensity: {} Electricity Maps zones by year (ODbL 1.0), {} Ember regions (CC BY-SA 4.0)\n", zones, ember);
  fmt::print("\ncapsim catalog NAME shows an entry's every field with its source or assumption;\n"
             "capsim catalog --grid [REGION] lists the grid regions, or one region's years.\n");
}

std::string source_and_licence(models::GridDataset d) {
  const models::GridDatasetInfo& info = models::grid_dataset_info(d);
  return fmt::format("{}, {}", info.source, info.licence);
}

void print_grid_list(const models::GridIntensityTable& t) {
  std::set<int> years;
  for (const auto& kv : t.regions())
    if (kv.second.has_years())
      for (const models::GridYear& y : kv.second.years) years.insert(y.year);
  fmt::print("Grid carbon intensity, gCO2e per kWh consumed (life-cycle, yearly average), {} regions\n", t.regions().size());
  std::string head = fmt::format("  {:<20}", "region");
  for (int y : years) head += fmt::format(" {:>5}", y);
  fmt::print("{} {:>7}  {:<28} {}\n", head, "Ember", "source, licence", "name");
  for (const auto& [code, r] : t.regions()) {
    std::string line = fmt::format("  {:<20}", code);
    for (int y : years) {
      const models::GridYear* row = r.year(y);
      line += row ? fmt::format(" {:>5g}", row->g_per_kwh) : fmt::format(" {:>5}", "-");
    }
    line += r.has_years() ? fmt::format(" {:>7}", "-") : fmt::format(" {:>7g}", r.latest().g_per_kwh);
    line += fmt::format("  {:<28} {}", source_and_licence(r.dataset), r.name);
    line.erase(line.find_last_not_of(' ') + 1);
    fmt::print("{}\n", line);
  }
  fmt::print("\nElectricity Maps data: ODbL 1.0, credit \"Electricity Maps\"; Ember data: CC BY-SA 4.0, credit \"Ember\"\n"
             "(models/catalog/grid-intensity/README.md). capsim catalog --grid REGION shows one region.\n");
}

void print_grid_region(const models::GridRegion& r) {
  const models::GridDatasetInfo& info = models::grid_dataset_info(r.dataset);
  fmt::print("{}{}\n", r.code, r.name.empty() ? "" : fmt::format(": {} ({})", r.name, r.country));
  fmt::print("  source: {}, {}\n  licence: {}\n  file: {}\n", info.source, info.period, info.licence, info.file);
  if (!r.has_years()) {
    fmt::print("  {:g} gCO2e/kWh\n  in a scenario: grid: {{region: {}}}\n", r.latest().g_per_kwh, r.code);
    return;
  }
  fmt::print("  {:>6} {:>10} {:>10} {:>12}\n", "year", "gCO2e/kWh", "renewable", "carbon-free");
  for (const models::GridYear& y : r.years)
    fmt::print("  {:>6} {:>10g} {:>9g}% {:>11g}%\n", y.year, y.g_per_kwh, y.renewable_pct, y.carbon_free_pct);
  fmt::print("  in a scenario: grid: {{region: {}, year: {}}}; without year, {} (the latest)\n", r.code, r.years.front().year,
             r.latest().year);
}

// The shortest %g form that reads back as exactly `x`: 8e+10, 1.7179869184e+10.
std::string exact(double x) {
  std::string s;
  for (int digits = 6; digits <= 17; ++digits) {
    s = fmt::format("{:.{}g}", x, digits);
    if (std::strtod(s.c_str(), nullptr) == x) break;
  }
  return s;
}

std::string without_spaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

// "80 GB" -> "80 GB (= 8e+10 B)"; a count or plain number as written.
std::string value_text(const models::CatalogFact& f) {
  if (!f.absent.empty()) return "absent";
  if (f.unit.empty() || f.unit == "tokens" || f.unit == "CNY") return f.unit.empty() ? f.written : f.written + " " + f.unit;
  const std::string base = exact(f.value) + " " + f.unit;
  return without_spaces(base) == without_spaces(f.written) ? f.written : fmt::format("{} (= {})", f.written, base);
}

void print_entry(const models::CatalogEntry& e) {
  fmt::print("{} ({}; from {})\n", e.name, models::kind_name(e.kind), fmt::join(e.origins, ", then "));
  for (const models::CatalogLabel& l : e.labels) fmt::print("  {}: {}\n", l.key, l.text);
  for (const models::CatalogFact& f : e.facts) {
    fmt::print("  {}: {}\n", f.field, value_text(f));
    if (!f.absent.empty()) fmt::print("      why: {}\n", f.absent);
    if (!f.source.empty()) fmt::print("      source: {}\n        [{}]\n", f.source, f.source_description);
    if (!f.rule.empty()) fmt::print("      rule: {}: {}\n", f.rule, f.rule_text);
    if (!f.assumption.empty()) fmt::print("      assumption: {}\n", f.assumption);
    if (!f.unverified.empty()) fmt::print("      unverified: {}\n", f.unverified);
    if (!f.note.empty()) fmt::print("      note: {}\n", f.note);
  }
}

constexpr const char* kHelp =
    "usage: capsim catalog [NAME] [--scenario FILE] [--file CATALOG]...\n"
    "       capsim catalog --grid [REGION]\n"
    "  no NAME       every GPU, LLM and image model, one line each, and the equivalents\n"
    "  NAME          every field of that entry, with its unit and source or assumption\n"
    "  --scenario F  include the catalog files that scenario F names (its `catalog:` key)\n"
    "  --file C      read the catalog file C over the built-in catalog (repeatable)\n"
    "  --grid        every grid region's carbon intensity by year, with source and licence;\n"
    "                with REGION (US-MIDA-PJM, USA), that region's years\n";

}  // namespace

int catalog_command(const std::vector<std::string>& args) {
  std::string name, scenario;
  std::vector<std::string> files;
  bool grid = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      fmt::print("{}", kHelp);
      return kExitOk;
    }
    if (a == "--grid") {
      grid = true;
    } else if (a == "--scenario" || a == "--file") {
      if (i + 1 == args.size()) {
        fmt::print(stderr, "capsim catalog: error: {} needs a file name\n{}", a, kHelp);
        return kExitUsage;
      }
      (a == "--scenario" ? scenario : files.emplace_back()) = args[++i];
    } else if (a.starts_with("-")) {
      fmt::print(stderr, "capsim catalog: error: unknown option {}\n{}", a, kHelp);
      return kExitUsage;
    } else if (name.empty()) {
      name = a;
    } else {
      fmt::print(stderr, "capsim catalog: error: one NAME at most, got \"{}\" and \"{}\"\n", name, a);
      return kExitUsage;
    }
  }
  std::shared_ptr<const models::Catalog> base = scenario.empty() ? nullptr : models::load_scenario(scenario).catalog;
  if (!base) base = models::builtin_catalog();  // also for a scenario that names nothing from it
  const std::shared_ptr<const models::Catalog> catalog = models::load_catalog(base, files);
  if (grid) {
    const models::GridIntensityTable& table = catalog->grid_intensity();
    if (name.empty()) {
      print_grid_list(table);
      return kExitOk;
    }
    try {
      print_grid_region(*models::grid_intensity(table, name, std::nullopt).region);
    } catch (const models::GridLookupError& e) {
      fmt::print(stderr, "capsim catalog: error: {}\n", e.what());
      return kExitUsage;
    }
    return kExitOk;
  }
  if (name.empty()) {
    print_list(*catalog);
    return kExitOk;
  }
  try {
    print_entry(models::entry(*catalog, name));
  } catch (const models::UnknownCatalogEntry& e) {
    fmt::print(stderr, "capsim catalog: error: {}\n", e.what());
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace capsim::cli
