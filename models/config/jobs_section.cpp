#include "models/config/jobs_section.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

#include "models/config/clean_hours_section.hpp"
#include "models/config/suggest.hpp"

namespace capsim::models {
namespace {

TeamConfig read_team(Section& item, const PoolConfig* pool, const SiteConfig* site) {
  TeamConfig t;
  t.name = item.text("name");
  t.priority = static_cast<int>(item.number("priority"));
  Section arrivals = item.section("arrivals");
  if (arrivals.has("rate") == arrivals.has("interval"))
    item.error_at("arrivals", "give either `rate` (Poisson, e.g. rate: 3/d) or `interval` (a distribution of the time between requests), one of them");
  if (auto rate = arrivals.optional_number("rate"); rate && *rate > 0) t.interarrival_s = sim::Distribution::exponential(1.0 / *rate);
  if (auto interval = arrivals.distribution("interval")) t.interarrival_s = *interval;
  if (item.has("gpus_distribution")) {
    if (item.has("gpus")) item.error_at("gpus_distribution", "give the GPUs per request either as `gpus` (a count) or as `gpus_distribution`, not both");
    t.gpus_distribution = item.distribution("gpus_distribution");
  } else {
    t.gpus = static_cast<std::int64_t>(item.number("gpus"));
  }
  if (pool && !t.gpus_distribution && pool->gpus_per_replica > 0) {  // 0: reported at the pool
    const std::int64_t replicas = (t.gpus + pool->gpus_per_replica - 1) / pool->gpus_per_replica;
    if (replicas > pool->replicas)
      item.error_at("gpus", fmt::format("a job of {} GPUs needs {} replicas of {} GPUs; pool \"{}\" has {}", t.gpus, replicas,
                                        pool->gpus_per_replica, pool->name, pool->replicas));
  }
  if (auto d = item.distribution("duration")) t.duration_s = *d;
  Section approval = item.section("approval");
  if (auto d = approval.distribution("delay")) t.approval_delay_s = *d;
  t.approval_probability = approval.number("probability");
  t.deferrable = read_clean_hours(item, "deferrable", site);
  return t;
}

}  // namespace

JobsConfig read_jobs(Section& s, const std::vector<PoolConfig>& pools, const std::optional<SiteConfig>& datacenter) {
  JobsConfig j;
  j.pool = s.text("pool");
  j.preempt_serving = s.flag("preempt_serving");
  const PoolConfig* pool = nullptr;
  std::vector<std::string_view> names;
  for (const PoolConfig& p : pools) {
    names.push_back(p.name);
    if (p.name == j.pool) pool = &p;
  }
  if (s.has("pool")) {
    if (!pool) {
      s.error_at("pool", names.empty() ? fmt::format("there is no pool \"{}\": the scenario has no `fleet.pools`", j.pool)
                                       : fmt::format("there is no pool \"{}\"{}; the pools are: {}", j.pool, did_you_mean(j.pool, names),
                                                     fmt::join(names, ", ")));
    }
  }
  const SiteConfig* site = site_for_pool(datacenter, j.pool);
  for (Section& item : s.list("teams")) j.teams.push_back(read_team(item, pool, site));
  return j;
}

}  // namespace capsim::models
