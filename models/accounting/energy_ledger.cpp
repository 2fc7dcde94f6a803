#include "models/accounting/energy_ledger.hpp"

#include <algorithm>
#include <stdexcept>

namespace capsim::models {
namespace {

constexpr double kJoulesPerKwh = 3.6e6;

std::vector<double> per_joule(std::vector<double> per_kwh) {
  for (double& v : per_kwh) v /= kJoulesPerKwh;
  return per_kwh;
}

}  // namespace

EnergyLedger::SiteRates::SiteRates(const SiteConfig& site)
    : config(site),
      pue(site.pue),
      pue_grid(pue.times(HourlyRate(per_joule(site.grid_g_per_kwh)))),
      pue_price(pue.times(HourlyRate(per_joule(site.price_usd_per_kwh)))) {}

EnergyLedger::EnergyLedger(const SiteConfig& site, sim::Recorder& recorder)
    : rec_(&recorder), all_power_kw_(recorder.level("all", "power_kw")) {
  sites_.emplace_back(site);
  recorder.series(all_power_kw_, sim::SeriesMode::TimeMeanPerStep, "power_kw");
}

std::uint32_t EnergyLedger::add_site(const SiteConfig& site) {
  for (std::size_t i = 0; i < sites_.size(); ++i)
    if (sites_[i].config == site) return static_cast<std::uint32_t>(i);
  sites_.emplace_back(site);
  return static_cast<std::uint32_t>(sites_.size() - 1);
}

std::uint32_t EnergyLedger::open(const std::string& scope, const PoolAccounting& costs, double gpus, std::uint32_t site) {
  if (site >= sites_.size()) throw std::out_of_range("EnergyLedger::open: no such site (add it with add_site first)");
  Account a;
  a.scope = scope;
  a.costs = costs;
  a.site = site;
  a.gpus = gpus;
  a.power_kw = rec_->level(scope, "power_kw");
  rec_->series(a.power_kw, sim::SeriesMode::TimeMeanPerStep, "power_kw");
  if (cumulative_) {
    a.facility_kwh = rec_->level(scope, "facility_energy_kwh");
    rec_->series(a.facility_kwh, sim::SeriesMode::Level, "facility_energy_kwh");
    a.co2e_kg = rec_->level(scope, "co2e_kg");
    rec_->series(a.co2e_kg, sim::SeriesMode::Level, "co2e_kg");
  }
  accounts_.push_back(a);
  return static_cast<std::uint32_t>(accounts_.size() - 1);
}

std::uint32_t EnergyLedger::open_part(const std::string& scope, const PoolAccounting& costs, std::uint32_t whole) {
  const std::uint32_t a = open(scope, costs, 0, accounts_[whole].site);  // at the whole's site
  accounts_[a].part_of = whole;
  return a;
}

void EnergyLedger::advance(Account& a, sim::SimTime now) const {
  if (now <= a.last) return;
  if (a.watts != 0) {
    const SiteRates& site = sites_[a.site];
    a.it_j += a.watts * sim::to_seconds(now - a.last);
    a.facility_j += a.watts * site.pue.integral(a.last, now);
    a.co2e_g += a.watts * site.pue_grid.integral(a.last, now);
    a.electricity_usd += a.watts * site.pue_price.integral(a.last, now);
  }
  a.gpu_s += a.gpus * sim::to_seconds(now - a.last);
  a.last = now;
}

void EnergyLedger::set_all_power(sim::SimTime now) {
  double total = 0;
  for (const Account& a : accounts_)
    if (a.part_of < 0) total += a.watts;
  rec_->set_level(all_power_kw_, now, total / 1000.0);
}

void EnergyLedger::set_gpus(std::uint32_t account, sim::SimTime now, double gpus) {
  Account& a = accounts_[account];
  advance(a, now);
  a.gpus = gpus;
}

void EnergyLedger::keep_cumulative_series() {
  if (!accounts_.empty()) throw std::logic_error("EnergyLedger::keep_cumulative_series after an account opened");
  cumulative_ = true;
  all_facility_kwh_ = rec_->level("all", "facility_energy_kwh");
  rec_->series(all_facility_kwh_, sim::SeriesMode::Level, "facility_energy_kwh");
  all_co2e_kg_ = rec_->level("all", "co2e_kg");
  rec_->series(all_co2e_kg_, sim::SeriesMode::Level, "co2e_kg");
}

void EnergyLedger::set_cumulative(sim::SimTime now) {
  double all_j = 0, all_g = 0;
  for (Account a : accounts_) {  // a copy, advanced to now (the account's sums stay as they were)
    advance(a, now);
    rec_->set_level(a.facility_kwh, now, a.facility_j / kJoulesPerKwh);
    rec_->set_level(a.co2e_kg, now, a.co2e_g / 1000.0);
    if (a.part_of >= 0) continue;  // parts are in their whole already
    all_j += a.facility_j;
    all_g += a.co2e_g;
  }
  rec_->set_level(all_facility_kwh_, now, all_j / kJoulesPerKwh);
  rec_->set_level(all_co2e_kg_, now, all_g / 1000.0);
}

double EnergyLedger::gpu_seconds(std::uint32_t account, sim::SimTime now) const {
  Account a = accounts_[account];  // a copy, advanced to now
  advance(a, now);
  return a.gpu_s;
}

void EnergyLedger::restart(sim::SimTime now) {
  for (Account& a : accounts_) {
    advance(a, now);
    a.it_j = a.facility_j = a.co2e_g = a.electricity_usd = a.gpu_s = 0;
    a.requests = a.tokens = 0;
    std::fill(a.service_gpu_s.begin(), a.service_gpu_s.end(), 0.0);
  }
}

EnergyLedger::Figures EnergyLedger::figures(const Account& a) const {
  const double lifetime = sites_[0].config.gpu_lifetime_s;
  Figures f;
  f.it_j = a.it_j;
  f.facility_j = a.facility_j;
  f.co2e_g = a.co2e_g;
  f.embodied_g = lifetime > 0 ? a.gpu_s * a.costs.embodied_g_per_gpu / lifetime : 0;
  f.electricity_usd = a.electricity_usd;
  f.gpu_usd = a.costs.rental_usd_per_gpu_hour > 0 ? a.gpu_s / 3600.0 * a.costs.rental_usd_per_gpu_hour
              : lifetime > 0                      ? a.gpu_s * a.costs.price_usd_per_gpu / lifetime
                                                  : 0;
  f.requests = a.requests;
  f.tokens = a.tokens;
  return f;
}

void EnergyLedger::Figures::add(const Figures& o) {
  it_j += o.it_j;
  facility_j += o.facility_j;
  co2e_g += o.co2e_g;
  embodied_g += o.embodied_g;
  electricity_usd += o.electricity_usd;
  gpu_usd += o.gpu_usd;
  requests += o.requests;
  tokens += o.tokens;
}

void EnergyLedger::Figures::add_scaled(const Figures& o, double share) {
  it_j += share * o.it_j;
  facility_j += share * o.facility_j;
  co2e_g += share * o.co2e_g;
  embodied_g += share * o.embodied_g;
  electricity_usd += share * o.electricity_usd;
  gpu_usd += share * o.gpu_usd;
}

void EnergyLedger::add_measurements(const std::string& scope, const Figures& f, std::vector<sim::Measurement>& out) {
  const double cost = f.electricity_usd + f.gpu_usd;
  const double facility_wh = f.facility_j / 3600.0;
  auto add = [&](const char* metric, const char* unit, double value) { out.push_back({scope, metric, unit, value}); };
  add("it_energy_kwh", "kWh", f.it_j / kJoulesPerKwh);
  add("facility_energy_kwh", "kWh", f.facility_j / kJoulesPerKwh);
  add("co2e_t", "tCO2e", f.co2e_g / 1e6);
  add("embodied_co2e_t", "tCO2e", f.embodied_g / 1e6);
  add("electricity_cost_usd", "USD", f.electricity_usd);
  add("gpu_cost_usd", "USD", f.gpu_usd);
  add("cost_usd", "USD", cost);
  add("energy_per_request_wh", "Wh", f.requests > 0 ? facility_wh / f.requests : 0);
  add("energy_per_1k_tokens_wh", "Wh", f.tokens > 0 ? facility_wh / (f.tokens / 1000.0) : 0);
  add("cost_per_request_usd", "USD", f.requests > 0 ? cost / f.requests : 0);
  add("cost_per_1k_tokens_usd", "USD", f.tokens > 0 ? cost / (f.tokens / 1000.0) : 0);
}

std::vector<sim::Measurement> EnergyLedger::measurements(sim::SimTime now) const {
  std::vector<sim::Measurement> out;
  Figures all;
  for (Account a : accounts_) {  // a copy, advanced to now
    advance(a, now);
    const Figures f = figures(a);
    add_measurements(a.scope, f, out);
    if (a.part_of < 0) all.add(f);
  }
  add_measurements("all", all, out);
  return out;
}

std::vector<sim::Measurement> EnergyLedger::service_measurements(sim::SimTime now, const std::vector<std::string>& services,
                                                                 const std::vector<Routed>& routed) const {
  std::vector<Figures> whole(accounts_.size());
  for (std::size_t i = 0; i < accounts_.size(); ++i) {
    Account a = accounts_[i];  // a copy, advanced to now
    advance(a, now);
    whole[i] = figures(a);
  }
  std::vector<Figures> share(services.size());
  std::vector<bool> any(services.size(), false);
  for (std::size_t i = 0; i < accounts_.size(); ++i) {
    const Account& a = accounts_[i];
    if (a.part_of >= 0) continue;
    Figures rest = whole[i];
    for (std::size_t j = 0; j < accounts_.size(); ++j)
      if (accounts_[j].part_of == static_cast<std::int64_t>(i)) rest.add_scaled(whole[j], -1.0);
    double total = 0;
    for (double w : a.service_gpu_s) total += w;
    if (total > 0) {
      for (std::size_t s = 0; s < a.service_gpu_s.size() && s < services.size(); ++s)
        if (a.service_gpu_s[s] > 0) {
          share[s].add_scaled(rest, a.service_gpu_s[s] / total);
          any[s] = true;
        }
      continue;
    }
    for (const Routed& r : routed)
      if (r.pool == a.scope)
        for (std::uint16_t s : r.services) {
          share[s].add_scaled(rest, 1.0 / static_cast<double>(r.services.size()));
          any[s] = true;
        }
  }
  std::vector<sim::Measurement> out;
  for (std::size_t s = 0; s < services.size(); ++s) {
    if (!any[s]) continue;
    std::vector<sim::Measurement> rows;
    add_measurements(services[s], share[s], rows);
    for (const sim::Measurement& m : rows)  // the additive ones (no per-request figures)
      if (m.metric.find("_per_") == std::string::npos) out.push_back(m);
  }
  return out;
}

}  // namespace capsim::models
