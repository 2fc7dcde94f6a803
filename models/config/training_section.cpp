#include "models/config/training_section.hpp"

#include <fmt/format.h>

#include "models/config/catalog_lookup.hpp"
#include "models/config/datacenter_section.hpp"

namespace capsim::models {
namespace {

TrainingRunConfig read_run(Section& s, const SiteConfig& datacenter, double horizon_s, const Catalog& catalog, std::vector<std::string>& notes) {
  TrainingRunConfig run;
  run.name = s.text("name");
  run.gpus = s.number("gpus");
  const std::string gpu = s.text("gpu");
  const GpuSpec* spec = s.has("gpu") ? catalog.find_gpu(gpu) : nullptr;
  if (s.has("gpu") && !spec) s.error_at("gpu", unknown_entry_message(catalog, CatalogKind::Gpu, gpu));
  if (spec) {
    run.gpu = spec->name;
    run.costs.embodied_g_per_gpu = spec->embodied_g;
    run.costs.price_usd_per_gpu = spec->price_usd;
  }
  if (auto w = s.optional_number("watts_per_gpu")) run.watts_per_gpu = *w;
  else if (spec) run.watts_per_gpu = spec->tdp_w;
  if (spec && !s.has("watts_per_gpu") && !(spec->tdp_w > 0))
    s.error_at("gpu", fmt::format("the catalog has no tdp for {}: give the run's `watts_per_gpu`", spec->name));
  run.start_s = s.number("start");
  const char* span_key = s.has("gpu_hours") ? "gpu_hours" : "duration";
  if (s.has("duration") == s.has("gpu_hours")) {
    s.error_at("duration", "give the run's length either as `duration` (e.g. 14.8d) or as `gpu_hours` (the run then lasts gpu_hours / gpus), one of them");
  } else if (s.has("duration")) {
    run.duration_s = s.number("duration");
  } else if (run.gpus > 0) {
    run.duration_s = s.number("gpu_hours") * 3600.0 / run.gpus;
  }
  const double end_s = run.start_s + run.duration_s;
  if (run.duration_s > 0 && end_s > horizon_s && horizon_s > 0)
    s.error_at(span_key, fmt::format("the run ends at {:.6g} s ({:.6g} d), after the horizon ({:.6g} s, {:.6g} d): lengthen `horizon` or start the run earlier",
                                     end_s, end_s / 86400.0, horizon_s, horizon_s / 86400.0));
  if (s.has("site")) {
    Section site = s.section("site");
    run.site = read_site(site, datacenter, catalog, notes);
  }
  return run;
}

}  // namespace

std::vector<TrainingRunConfig> read_training(std::vector<Section>& items, const SiteConfig& datacenter, double horizon_s, const Catalog& catalog,
                                             std::vector<std::string>& notes) {
  std::vector<TrainingRunConfig> runs;
  runs.reserve(items.size());
  for (Section& item : items) runs.push_back(read_run(item, datacenter, horizon_s, catalog, notes));
  return runs;
}

}  // namespace capsim::models
