#include "models/run/world.hpp"

#include <stdexcept>

namespace capsim::models {
namespace {

// Before the clock, which restarts it at the end of the warm-up. No component number.
void add_energy_ledger(World& w) {
  const Scenario& s = w.scenario();
  if (s.site) w.energy.emplace(*s.site, w.recorder());
  if (w.energy && s.cumulative_energy) w.energy->keep_cumulative_series();
}

void add_recorder_clock(World& w) {
  const Scenario& s = w.scenario();
  w.clock.emplace(w.recorder(), sim::EventPort(w.simulation(), w.next_component()), sim::from_seconds(s.interval_s),
                  sim::from_seconds(s.warmup_s), sim::from_seconds(s.horizon_s), w.series(), w.energy ? &*w.energy : nullptr);
  w.add(&*w.clock);
}

void add_services(World& w) {
  const Scenario& s = w.scenario();
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const std::uint16_t first = w.next_component();
    w.services.emplace_back(s.services[i], s.classes, s.per_class, static_cast<std::uint16_t>(i), w.simulation(), first, w.recorder(),
                            w.streams());
    w.services.back().for_each_component([&w](auto* part) { w.add(part); });
    if (w.next_component() != first + Service::kComponents) throw std::logic_error("a service registered the wrong number of parts");
  }
}

void add_population(World& w) {
  const Scenario& s = w.scenario();
  if (!s.population) return;
  std::vector<WaitlistDoor*> doors;
  std::vector<double> join;
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    doors.push_back(&w.services[i].door());
    join.push_back(s.services[i].join);
  }
  w.population.emplace(*s.population, s.classes, std::move(doors), std::move(join), sim::EventPort(w.simulation(), w.next_component()),
                       w.streams());
  w.add(&*w.population);
  for (Service& service : w.services) service.set_population(&*w.population);
}

// After the services and the population, so that scenarios without a fleet keep their component
// numbers (and trajectory fingerprints). A service with several pools gets a PoolRouter, which
// has no events (no component number) and draws from its own stream.
void add_pools(World& w) {
  const Scenario& s = w.scenario();
  struct Served {
    RequestSink* sink;
    PoolLoad* load;
    PoolWindowTotals* totals;  // for feedback admission on pool measures
  };
  std::vector<Served> served;
  for (const PoolConfig& p : s.pools) {
    const sim::EventPort port(w.simulation(), w.next_component());
    if (p.llm) {
      w.llm_pools.emplace_back(p, port, w.recorder(), w.streams(), w.energy ? &*w.energy : nullptr);
      w.add(&w.llm_pools.back());
      served.push_back({&w.llm_pools.back(), &w.llm_pools.back(), &w.llm_pools.back().window_totals()});
    } else {
      w.pools.emplace_back(p, port, w.recorder(), w.streams(), w.energy ? &*w.energy : nullptr);
      w.add(&w.pools.back());
      served.push_back({&w.pools.back(), &w.pools.back(), &w.pools.back().window_totals()});
    }
  }
  auto find = [&](const std::string& name) -> const Served& {
    for (std::size_t p = 0; p < s.pools.size(); ++p)
      if (s.pools[p].name == name) return served[p];
    throw std::logic_error("a service names no pool of the fleet (the loader checks this)");
  };
  for (std::size_t i = 0; i < s.services.size(); ++i) {
    const ServiceConfig& svc = s.services[i];
    const bool follows = svc.waitlist.capacity_per_replica.has_value();
    if (svc.pools.size() > 1) {
      std::vector<PoolRouter::Pool> pools;
      for (const std::string& name : svc.pools) pools.push_back({find(name).sink, find(name).load});
      w.pool_routers.emplace_back(svc.pool_router, std::move(pools), w.streams().stream("service/" + svc.name + "/pool_router"));
      w.services[i].serve_with(w.pool_routers.back());
      if (follows) w.services[i].follow(w.pool_routers.back());
      continue;
    }
    const std::string& name = svc.pools.empty() ? svc.pool : svc.pools.front();
    if (name.empty()) continue;
    w.services[i].serve_with(*find(name).sink);
    if (follows) w.services[i].follow(*find(name).load);
    const WaitlistConfig& wl = svc.waitlist;
    if (wl.policy == Policy::Feedback && watches_pool(wl.measure)) w.services[i].watch_load(*find(name).totals);
  }
}

void start_pools(World& w) {
  for (FixedServicePool& p : w.pools) p.start();
  for (LlmServingPool& p : w.llm_pools) p.start();
}

// After the pools it borrows from; scenarios without `jobs` add nothing (their component numbers
// and fingerprints stay).
void add_job_queue(World& w) {
  const Scenario& s = w.scenario();
  if (!s.jobs) return;
  ReplicaLender* lender = nullptr;
  const PoolAccounting* costs = nullptr;
  std::optional<std::uint32_t> account;
  std::size_t fixed = 0, llm = 0;
  for (const PoolConfig& p : s.pools) {
    if (p.name == s.jobs->pool) {
      lender = p.llm ? static_cast<ReplicaLender*>(&w.llm_pools[llm]) : &w.pools[fixed];
      account = p.llm ? w.llm_pools[llm].energy_account() : w.pools[fixed].energy_account();
      if (p.accounting) costs = &*p.accounting;
    }
    ++(p.llm ? llm : fixed);
  }
  if (!lender) throw std::logic_error("jobs.pool names no serving pool (the loader checks this)");
  w.jobs.emplace(*s.jobs, *lender, sim::EventPort(w.simulation(), w.next_component()), w.recorder(), w.streams());
  w.add(&*w.jobs);
  if (w.energy && costs && account) w.jobs->account_energy(*w.energy, *costs, *account);
  lender->listen(*w.jobs);
}

void start_job_queue(World& w) {
  if (w.jobs) w.jobs->start();
}

// Last, so that scenarios without `training` keep their component numbers (and fingerprints).
// Each run's account is at its own site when it has one (tabulated once per distinct site).
void add_training_runs(World& w) {
  const Scenario& s = w.scenario();
  if (s.training.empty()) return;
  if (!w.energy) throw std::logic_error("training runs without an energy ledger (the loader sets the site)");
  for (const TrainingRunConfig& run : s.training) {
    const std::uint32_t site = run.site ? w.energy->add_site(*run.site) : 0;
    w.training.emplace_back(run, sim::EventPort(w.simulation(), w.next_component()), *w.energy, site);
    w.add(&w.training.back());
  }
}

void start_training_runs(World& w) {
  for (TrainingRun& run : w.training) run.start();
}

void start_nothing(World&) {}
void start_recorder_clock(World& w) { w.clock->start(); }
void start_services(World& w) {
  for (Service& s : w.services) s.start();
}
void start_population(World& w) {
  if (w.population) w.population->start();
}

// The assembly table: what each kind of component builds, and how it starts. Rows build and
// start in this order, which orders the first events of equal time.
struct Builder {
  const char* name;
  void (*build)(World&);
  void (*start)(World&);
};
constexpr Builder kBuilders[] = {
    {"energy ledger", add_energy_ledger, start_nothing},
    {"recorder clock", add_recorder_clock, start_recorder_clock},
    {"services", add_services, start_services},
    {"shared population", add_population, start_population},
    {"serving pools", add_pools, start_pools},
    {"job queue", add_job_queue, start_job_queue},
    {"training runs", add_training_runs, start_training_runs},
};

}  // namespace

World::World(const Scenario& scenario, int replication)
    : scenario_(&scenario), streams_(scenario.seed, static_cast<std::uint64_t>(replication)) {
  for (const Builder& b : kBuilders) b.build(*this);
}

void World::add(Component c) {
  if (components_.size() == 0xFFFF) throw std::length_error("more than 65535 components in one world");
  components_.push_back(c);
}

void World::start() {
  for (const Builder& b : kBuilders) b.start(*this);
}

}  // namespace capsim::models
