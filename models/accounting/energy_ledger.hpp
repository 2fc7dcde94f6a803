// Energy, carbon and cost of a run, integrated exactly: each account (a pool) has a power that
// is constant between the moments its owner changes it, and at each change the ledger adds the
// previous power over the interval since the last one: IT energy P dt, facility energy
// P x integral(PUE), carbon P x integral(PUE x intensity), electricity cost P x integral(PUE x
// price), the hourly products tabulated once (hourly_rate.hpp). Installed GPUs accrue embodied
// carbon and capex (or rent) per GPU-second. Calls come only where a replica's state already
// changes: the ledger has no events of its own, and a call that leaves the power as it was
// does nothing (so a decode run stepped one iteration at a time integrates exactly as the
// same run jumped).
//
// Metrics (scope: the account's, and `all` for their sum): it_energy_kwh, facility_energy_kwh,
// co2e_t, embodied_co2e_t, electricity_cost_usd, gpu_cost_usd, cost_usd, and per completed
// request and per 1k output tokens: energy_per_request_wh, energy_per_1k_tokens_wh (facility),
// cost_per_request_usd, cost_per_1k_tokens_usd. Series: power_kw (IT, mean over each step).
// (models/run adds cost_per_admitted_user_usd under `all`, from the services' admissions.)
//
// Parts and services. An account may be a part of another (open_part: the job teams' GPUs lent
// out of a pool, and each team's share of those): its figures are its own and are not added to
// `all` again. The rest of a pool's figures (the pool less its direct parts) goes to the services that used it, by GPU-time share: each
// completed request adds its GPU-seconds on the pool (add_service_time: a fixed pool's batch
// service time x GPUs / batch size; a model pool's residency, from the start of its prefill to its
// last token, x GPUs) and service s gets the rest x its seconds / all services' seconds on that
// pool, over the run as a whole (not hour by hour). Work lost to failures and preemptions and
// requests still in flight at the end count for no one. A pool that completed nothing is split
// evenly among the services routed to it. So services + parts = the pool, up to rounding.
//
// Sites: the ledger's own (site 0, the run's `datacenter:`) and any further ones an account runs
// at instead (a training run's `site:`), each tabulated once (equal sites share one index); an
// account holds the index of its site, so set_power costs the same whatever the number of sites.
// GPU lifetimes are the ledger's own site's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/accounting/accounting_config.hpp"
#include "models/accounting/hourly_rate.hpp"
#include "sim/recorder.hpp"
#include "sim/time.hpp"

namespace capsim::models {

class EnergyLedger {
 public:
  EnergyLedger(const SiteConfig& site, sim::Recorder& recorder);

  // A further site (PUE, grid intensity and price profiles) for accounts that do not run at the
  // ledger's own; returns its index for open(). An equal site returns the existing index.
  std::uint32_t add_site(const SiteConfig& site);
  // A new account under `scope`, drawing 0 W with `gpus` installed from time 0, at site `site`
  // (0: the ledger's own).
  std::uint32_t open(const std::string& scope, const PoolAccounting& costs, double gpus, std::uint32_t site = 0);
  // An account that is a part of `whole` (priced as `costs`, at its site), drawing 0 W with no GPUs.
  std::uint32_t open_part(const std::string& scope, const PoolAccounting& costs, std::uint32_t whole);
  // GPU-seconds of a completed request of `service` on the account (a pool).
  void add_service_time(std::uint32_t account, std::uint16_t service, double gpu_s) {
    std::vector<double>& w = accounts_[account].service_gpu_s;
    if (w.size() <= service) w.resize(std::size_t{service} + 1, 0.0);  // once per service
    w[service] += gpu_s;
  }
  void set_power(std::uint32_t account, sim::SimTime now, double watts) {
    Account& a = accounts_[account];
    if (watts == a.watts) return;
    advance(a, now);
    a.watts = watts;
    rec_->set_level(a.power_kw, now, watts / 1000.0);
    set_all_power(now);
  }
  void set_gpus(std::uint32_t account, sim::SimTime now, double gpus);
  void add_completed(std::uint32_t account, double output_tokens) {
    Account& a = accounts_[account];
    a.requests += 1;
    a.tokens += output_tokens;
  }
  double watts(std::uint32_t account) const { return accounts_[account].watts; }
  // Opt-in (`output.cumulative_energy`), before any account opens: each scope and `all` get the
  // series facility_energy_kwh and co2e_kg, the facility energy and operational carbon since the
  // warm-up at each sampling instant, which update_cumulative() sets just before the recorder
  // samples.
  void keep_cumulative_series();
  void update_cumulative(sim::SimTime now) {
    if (cumulative_) set_cumulative(now);
  }
  // GPU-seconds installed in `account` up to `now` (since the last restart).
  double gpu_seconds(std::uint32_t account, sim::SimTime now) const;
  // Forgets everything before `now` (the end of the warm-up).
  void restart(sim::SimTime now);
  std::vector<sim::Measurement> measurements(sim::SimTime now) const;
  // Each service's share of the pools it used (additive figures only), under the service's name.
  // `routed`: each pool's scope with the services (indices into `services`) routed to it.
  struct Routed {
    std::string pool;
    std::vector<std::uint16_t> services;
  };
  std::vector<sim::Measurement> service_measurements(sim::SimTime now, const std::vector<std::string>& services,
                                                     const std::vector<Routed>& routed) const;

 private:
  struct Account {
    std::string scope;
    PoolAccounting costs;
    std::uint32_t site = 0;  // index into sites_
    double watts = 0, gpus = 0;
    sim::SimTime last = 0;
    double it_j = 0, facility_j = 0, co2e_g = 0, electricity_usd = 0, gpu_s = 0;
    double requests = 0, tokens = 0;
    sim::SignalId power_kw;
    std::int64_t part_of = -1;           // the whole this account is a part of; -1: none
    std::vector<double> service_gpu_s;   // by service index
    sim::SignalId facility_kwh, co2e_kg;  // with keep_cumulative_series()
  };
  struct Figures {
    double it_j = 0, facility_j = 0, co2e_g = 0, embodied_g = 0, electricity_usd = 0, gpu_usd = 0, requests = 0, tokens = 0;
    void add(const Figures& other);
    void add_scaled(const Figures& other, double share);
  };
  void advance(Account& a, sim::SimTime now) const;
  void set_all_power(sim::SimTime now);
  void set_cumulative(sim::SimTime now);
  Figures figures(const Account& a) const;
  static void add_measurements(const std::string& scope, const Figures& f, std::vector<sim::Measurement>& out);

  // A site's rates, tabulated once: PUE, PUE x intensity and PUE x price (the last two per J:
  // kWh rates / 3.6e6).
  struct SiteRates {
    SiteConfig config;
    HourlyRate pue, pue_grid, pue_price;
    explicit SiteRates(const SiteConfig& site);
  };

  std::vector<SiteRates> sites_;  // [0]: the ledger's own
  sim::Recorder* rec_;
  sim::SignalId all_power_kw_;
  bool cumulative_ = false;
  sim::SignalId all_facility_kwh_, all_co2e_kg_;
  std::vector<Account> accounts_;
};

}  // namespace capsim::models
