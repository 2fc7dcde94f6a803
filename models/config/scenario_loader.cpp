#include "models/config/scenario_loader.hpp"

#include <algorithm>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "models/config/catalog_reader.hpp"
#include "models/config/clean_hours_section.hpp"
#include "models/config/datacenter_section.hpp"
#include "models/config/config_reader.hpp"
#include "models/config/jobs_section.hpp"
#include "models/config/scenario_sections.hpp"
#include "models/config/suggest.hpp"
#include "models/config/training_section.hpp"

namespace capsim::models {
namespace {

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : key) {
    if (c == '.') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

// Applies one --set to the tree; list items are found by their `name`.
void apply_override(const YAML::Node& root, const Override& o, Diagnostics& diags) {
  const std::string origin = fmt::format("--set {}={}", o.key, o.value);
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    diags.error_from(origin, o.key, fmt::format("the value is not valid YAML: {}", e.msg));
    return;
  }
  const std::vector<std::string> parts = split_key(o.key);
  YAML::Node cur = root;
  std::string path;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.empty()) {
      diags.error_from(origin, o.key, "empty key segment");
      return;
    }
    const bool last = i + 1 == parts.size();
    if (cur.IsSequence()) {
      std::vector<std::string> names;
      YAML::Node found;
      bool have = false;
      for (YAML::Node item : cur) {
        if (item.IsMap() && item["name"].IsScalar()) {
          names.push_back(item["name"].Scalar());
          if (item["name"].Scalar() == part && !have) {
            found.reset(item);
            have = true;
          }
        }
      }
      if (!have) {
        std::vector<std::string_view> views(names.begin(), names.end());
        diags.error_from(origin, o.key, fmt::format("`{}` has no item named \"{}\"{}", path, part, did_you_mean(part, views)));
        return;
      }
      if (last) {
        diags.error_from(origin, o.key, "a whole list item cannot be replaced; set one of its keys");
        return;
      }
      cur.reset(found);
    } else {
      if (!cur.IsMap() && !cur.IsNull()) {
        diags.error_from(origin, o.key, fmt::format("`{}` is not a map", path));
        return;
      }
      if (last) {
        cur[part] = value;
      } else {
        YAML::Node next = cur[part];
        if (!next.IsDefined() || next.IsNull()) cur[part] = YAML::Node(YAML::NodeType::Map);
        cur.reset(cur[part]);
      }
    }
    path += (path.empty() ? "" : ".") + part;
  }
  diags.add_override_origin(o.key, origin);
}

// The built-in catalog, and the scenario's `catalog:` files over it. A file that cannot be read
// is an error at its name in the scenario; errors inside one point into that file.
std::shared_ptr<const Catalog> read_catalog(Section& top, Diagnostics& diags) {
  const std::vector<std::string> files = top.files("catalog");
  if (files.empty()) return builtin_catalog();
  auto catalog = std::make_shared<Catalog>(*builtin_catalog());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].empty()) continue;  // reported by files()
    Diagnostics file_diags(files[i]);
    if (!read_catalog_file(files[i], file_diags, *catalog))
      diags.error(top.node()["catalog"][i], "catalog", fmt::format("cannot open the catalog file {} (does it exist and is it readable?)", files[i]));
    for (const Diagnostic& d : file_diags.items()) diags.error_from(d.location, d.path, d.message);
  }
  return catalog;
}

std::string unknown_pool(const std::string& name, const std::vector<std::string_view>& names) {
  return names.empty() ? fmt::format("there is no pool \"{}\": the scenario has no `fleet.pools`", name)
                       : fmt::format("there is no pool \"{}\"{}; the pools are: {}", name, did_you_mean(name, names), fmt::join(names, ", "));
}

// `serving.pool`, or `serving.pools` and `serving.router`: names of `fleet.pools` entries.
void read_serving_pools(Section& serving, const Scenario& s, ServiceConfig& svc) {
  std::vector<std::string_view> names;
  for (const PoolConfig& p : s.pools) names.push_back(p.name);
  auto known = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) != names.end(); };
  if (serving.has("pool") && serving.has("pools")) {
    serving.error_at("pools", "give `pool` (one pool) or `pools` (several), not both");
    return;
  }
  if (!serving.has("pools")) {
    svc.pool = serving.text("pool");
    if (!serving.has("pool")) serving.error_at("pool", "missing `pool: NAME` (or `pools: [A, B]`): which of `fleet.pools` serves this service");
    else if (!known(svc.pool)) serving.error_at("pool", unknown_pool(svc.pool, names));
    if (serving.has("router")) serving.error_at("router", "`router` picks among `pools`; with one `pool`, set that pool's own `router`");
    return;
  }
  svc.pools = serving.names("pools");
  if (svc.pools.empty()) serving.error_at("pools", "expected at least one pool name");
  for (std::size_t i = 0; i < svc.pools.size(); ++i) {
    const std::string& name = svc.pools[i];
    if (name.empty()) continue;  // reported by names()
    if (!known(name)) serving.error_at("pools", i, unknown_pool(name, names));
    else if (std::find(svc.pools.begin(), svc.pools.begin() + static_cast<std::ptrdiff_t>(i), name) != svc.pools.begin() + static_cast<std::ptrdiff_t>(i))
      serving.error_at("pools", i, fmt::format("pool \"{}\" is listed twice", name));
  }
  const std::string router = serving.has("router") ? serving.text("router") : std::string(router_name(RouterKind::LeastOutstanding));
  parse_router(router, svc.pool_router);  // the choice is checked against the table
  if (svc.pool_router == RouterKind::LeastKv)
    for (std::size_t i = 0; i < svc.pools.size(); ++i)
      for (const PoolConfig& p : s.pools)
        if (p.name == svc.pools[i] && !p.llm)
          serving.error_at("pools", i, fmt::format("router least_kv needs model pools (with a KV cache); \"{}\" has fixed service times", p.name));
}

// One entry of `services`, read after the population and the fleet it may refer to.
ServiceConfig read_service(Section& item, const Scenario& s) {
  ServiceConfig svc;
  svc.name = item.text("name");
  if (item.has("join")) {
    svc.join = item.number("join");
    if (!s.population) item.error_at("join", "there is no `population` to join from");
  }
  if (item.has("signups")) {
    Section signups = item.section("signups");
    svc.signups = read_signups(signups);
  } else if (!item.has("join")) {
    item.error_at("signups", "missing `signups` (or `join` with a population): where do this service's people come from?");
  }
  Section waitlist = item.section("waitlist");
  svc.waitlist = read_waitlist(waitlist);
  Section usage = item.section("usage");
  svc.usage = read_usage(usage);
  if (svc.waitlist.policy == Policy::Feedback && watches_pool(svc.waitlist.measure) && !item.has("serving"))
    waitlist.error_at("measure", fmt::format("measure {} watches the service's serving pool: missing `serving: {{pool: NAME}}`",
                                             waitlist.text("measure")));
  if (svc.waitlist.capacity_per_replica && !item.has("serving"))
    item.error_at("serving", "missing `serving: {pool: NAME}`: waitlist.capacity_per_replica follows that pool's replicas");
  if (item.has("serving")) {
    Section serving = item.section("serving");
    read_serving_pools(serving, s, svc);
    if (svc.waitlist.policy == Policy::Feedback && watches_pool(svc.waitlist.measure) && svc.pools.size() > 1)
      waitlist.error_at("measure", fmt::format("measure {} watches one pool: give the service one `pool` (it has {} `pools`)",
                                               waitlist.text("measure"), svc.pools.size()));
    svc.timeout_s = serving.distribution("timeout");
    if (serving.has("slo")) {
      Section slo = serving.section("slo");
      svc.slo_ttft_s = slo.optional_number("ttft");
      svc.slo_tpot_s = slo.optional_number("tpot");
      if (!svc.slo_ttft_s && !svc.slo_tpot_s) serving.error_at("slo", "give `ttft`, `tpot` or both, e.g. slo: {ttft: 250ms, tpot: 100ms}");
    }
    if (serving.has("retry")) {
      Section retry = serving.section("retry");
      svc.retry_probability = retry.number("probability");
      svc.retry_delay_s = retry.distribution("delay");
    }
  }
  // Carbon-aware waves look at the site of the pool the service runs on (its first, with `pools`).
  if (svc.waitlist.policy == Policy::Waves)
    svc.waitlist.carbon = read_clean_hours(waitlist, "carbon", site_for_pool(s.site, svc.pools.empty() ? svc.pool : svc.pools.front()));
  return svc;
}

Scenario build(const YAML::Node& root, Diagnostics& diags, const std::string& source) {
  Scenario s;
  s.source_file = source;
  Section top(diags, root, "", "");
  s.name = top.text("name");
  if (s.name.find_first_of("/ \t") != std::string::npos || s.name == "." || s.name == "..")
    diags.error(top.node()["name"], "name", fmt::format("must not contain '/' or spaces (it names the output directory), got \"{}\"", s.name));
  s.horizon_s = top.number("horizon");
  s.warmup_s = top.number("warmup");
  s.seed = static_cast<std::uint64_t>(top.number("seed"));
  s.replications = static_cast<int>(top.number("replications"));
  Section output = top.section("output");
  s.interval_s = output.number("interval");
  if (s.warmup_s >= s.horizon_s && s.horizon_s > 0)
    diags.error(top.node()["warmup"], "warmup", fmt::format("must be < horizon ({}s), got {}s", s.horizon_s, s.warmup_s));
  if (s.interval_s > s.horizon_s && s.horizon_s > 0)
    diags.error(output.node()["interval"], "output.interval", fmt::format("must be <= horizon ({}s), got {}s", s.horizon_s, s.interval_s));
  if (s.interval_s == 0) s.interval_s = s.horizon_s / 100.0;

  // The built-in catalog takes about 7 ms to parse, a third of a short run's start-up: read it
  // only for the sections that name GPUs, models, grid regions or prices.
  if (top.has("catalog") || top.has("fleet") || top.has("datacenter") || top.has("training")) s.catalog = read_catalog(top, diags);
  s.per_class = output.flag("per_class");
  // Read only when given, so that scenarios without it resolve as before.
  if (output.has("cumulative_energy")) s.cumulative_energy = output.flag("cumulative_energy");
  s.classes = read_classes(top);
  if (top.has("population")) {
    Section pop = top.section("population");
    PopulationConfig pc;
    Section signups = pop.section("signups");
    pc.signups = read_signups(signups);
    pc.leave_on_admission = pop.flag("leave_on_admission");
    s.population = pc;
  }
  // Training runs are accounted: without a `datacenter` they run at its defaults (written into
  // config.resolved.yaml like any default).
  if (top.has("datacenter") || top.has("training")) {
    Section datacenter = top.section("datacenter");
    s.site = read_datacenter(datacenter, *s.catalog, s.notes);
  }
  if (top.has("fleet")) {
    Section fleet = top.section("fleet");
    for (Section& item : fleet.list("pools")) {
      PoolConfig pool = read_pool(item, *s.catalog);
      if (pool.llm && pool.llm->profile) s.notes.push_back(fmt::format("{}.step_time: {}", item.path(), pool.llm->profile->summary()));
      // Read only with a datacenter, so that scenarios without one resolve as before.
      if (s.site) {
        pool.accounting = read_pool_energy(item, pool, *s.catalog, s.site->usd_per_cny);
        if (item.has("site")) {
          Section site = item.section("site");
          pool.site = read_site(site, *s.site, *s.catalog, s.notes);
        }
      } else {
        for (const char* key : {"energy", "site"})
          if (item.has(key))
            item.error_at(key, fmt::format("a pool's `{}` needs a top-level `datacenter:` section (PUE, grid, prices), e.g. datacenter: {{pue: 1.12}}", key));
      }
      s.pools.push_back(std::move(pool));
    }
  }
  if (!top.has("services") && !top.has("training"))
    top.error_at("services", "missing required key `services` (list): the AI services simulated side by side (or `training` runs: a scenario needs one or the other)");
  for (Section& item : top.list("services")) s.services.push_back(read_service(item, s));
  if (top.has("jobs")) {
    Section jobs = top.section("jobs");
    s.jobs = read_jobs(jobs, s.pools, s.site);
  }
  if (top.has("training")) {
    std::vector<Section> runs = top.list("training");
    s.training = read_training(runs, *s.site, s.horizon_s, *s.catalog, s.notes);
  }
  diags.throw_if_any();
  s.resolved = root;
  s.resolved["capsim_version"] = CAPSIM_VERSION;
  return s;
}

Scenario load(const std::string& text, const std::string& display, const std::vector<Override>& overrides) {
  Diagnostics diags(display);
  YAML::Node root = parse_yaml(text, diags);
  diags.throw_if_any();
  if (!root.IsMap()) {
    if (root.IsNull()) diags.error_without_position("", "the scenario is empty; it needs at least `name`, `horizon` and `services`");
    else diags.error(root, "", "a scenario is a map of keys (name:, horizon:, services:, ...)");
    diags.throw_if_any();
  }
  for (const Override& o : overrides) apply_override(root, o, diags);
  diags.throw_if_any();
  return build(root, diags, display);
}

}  // namespace

Override parse_override(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ScenarioError({Diagnostic{"--set " + text, "", "expected KEY=VALUE, e.g. --set services.chat.waitlist.capacity=20"}});
  }
  return Override{text.substr(0, eq), text.substr(eq + 1)};
}

std::optional<std::string> scenario_value(const Scenario& scenario, const std::string& key) {
  YAML::Node cur = YAML::Clone(scenario.resolved);
  for (const std::string& part : split_key(key)) {
    if (cur.IsSequence()) {
      YAML::Node found;
      for (YAML::Node item : cur)
        if (item.IsMap() && item["name"].IsScalar() && item["name"].Scalar() == part) found.reset(item);
      if (!found.IsDefined() || found.IsNull()) return std::nullopt;
      cur.reset(found);
    } else if (cur.IsMap() && cur[part].IsDefined()) {
      cur.reset(cur[part]);
    } else {
      return std::nullopt;
    }
  }
  if (!cur.IsScalar()) return std::nullopt;
  return cur.Scalar();
}

Scenario load_scenario_text(const std::string& yaml, const std::string& display_name, const std::vector<Override>& overrides) {
  return load(yaml, display_name, overrides);
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({Diagnostic{path, "", "cannot open the scenario file (does it exist and is it readable?)"}});
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw ScenarioError({Diagnostic{path, "", "cannot read the scenario file"}});
  return load(buf.str(), path, overrides);
}

}  // namespace capsim::models
