#include "models/serving/pool_router.hpp"

#include <boost/random/uniform_int_distribution.hpp>

namespace capsim::models {

PoolRouter::PoolRouter(RouterKind kind, std::vector<Pool> pools, sim::Rng rng)
    : kind_(kind), pools_(std::move(pools)), serving_(pools_.size(), 0), credit_(pools_.size(), 0), rng_(rng) {}

void PoolRouter::submit(const Request& request, RequestListener& listener) { pools_[pick()].sink->submit(request, listener); }

std::int64_t PoolRouter::serving_replicas() const {
  std::int64_t total = 0;
  for (const Pool& p : pools_) total += p.load->serving_replicas();
  return total;
}

void PoolRouter::watch(CapacityWatcher& watcher) {
  if (watchers_.empty())
    for (Pool& p : pools_) p.load->watch(*this);
  watchers_.push_back(&watcher);
}

void PoolRouter::on_serving_replicas_changed() {
  for (CapacityWatcher* w : watchers_) w->on_serving_replicas_changed();
}

bool PoolRouter::less_loaded(std::size_t a, std::size_t b) const {
  // (out_a + 1) / n_a < (out_b + 1) / n_b, exactly.
  return (pools_[a].load->outstanding() + 1) * serving_[b] < (pools_[b].load->outstanding() + 1) * serving_[a];
}

bool PoolRouter::less_kv(std::size_t a, std::size_t b) const {
  const double ka = pools_[a].load->kv_use(), kb = pools_[b].load->kv_use();
  if (ka != kb) return ka < kb;
  return less_loaded(a, b);
}

std::size_t PoolRouter::pick() {
  const std::size_t n = pools_.size();
  std::int64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += serving_[i] = pools_[i].load->serving_replicas();
  if (total == 0) return 0;
  switch (kind_) {
    case RouterKind::RoundRobin: {
      // Smooth weighted round robin (nginx): each pool gains its weight, the richest pays the total.
      std::size_t best = n;
      for (std::size_t i = 0; i < n; ++i) {
        if (serving_[i] == 0) continue;
        credit_[i] += serving_[i];
        if (best == n || credit_[i] > credit_[best]) best = i;
      }
      credit_[best] -= total;
      return best;
    }
    case RouterKind::PowerOfTwo: {
      boost::random::uniform_int_distribution<std::int64_t> any(0, total - 1);
      auto pool_of = [&](std::int64_t replica) {
        std::size_t i = 0;
        while (replica >= serving_[i]) replica -= serving_[i++];
        return i;
      };
      const std::size_t a = pool_of(any(rng_)), b = pool_of(any(rng_));
      return less_loaded(b, a) ? b : a;
    }
    case RouterKind::LeastOutstanding:
    case RouterKind::LeastKv: {
      std::size_t best = n;
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = (start_ + k) % n;
        if (serving_[i] == 0) continue;
        if (best == n || (kind_ == RouterKind::LeastKv ? less_kv(i, best) : less_loaded(i, best))) best = i;
      }
      start_ = (start_ + 1) % n;
      return best;
    }
  }
  return 0;
}

}  // namespace capsim::models
