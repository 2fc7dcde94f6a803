#include "models/serving/router.hpp"

#include <algorithm>

#include <boost/random/uniform_int_distribution.hpp>

namespace capsim::models {
namespace {

constexpr std::uint64_t kStampMask = (std::uint64_t{1} << 40) - 1;

}  // namespace

std::string_view router_name(RouterKind kind) {
  switch (kind) {
    case RouterKind::RoundRobin: return "round_robin";
    case RouterKind::LeastOutstanding: return "least_outstanding";
    case RouterKind::PowerOfTwo: return "power_of_two";
    case RouterKind::LeastKv: return "least_kv";
  }
  return "?";
}

bool parse_router(std::string_view text, RouterKind& kind) {
  for (RouterKind k : {RouterKind::RoundRobin, RouterKind::LeastOutstanding, RouterKind::PowerOfTwo, RouterKind::LeastKv})
    if (router_name(k) == text) {
      kind = k;
      return true;
    }
  return false;
}

Router::Router(RouterKind kind, std::uint32_t replicas, sim::Rng rng)
    : kind_(kind), n_(replicas), load_(replicas, 0), stamp_(replicas, 0), up_(replicas), position_(replicas), rng_(rng) {
  for (std::uint32_t r = 0; r < n_; ++r) up_[r] = position_[r] = r;
  if (kind_ != RouterKind::LeastOutstanding && kind_ != RouterKind::LeastKv) return;
  while (leaves_ < n_) leaves_ *= 2;
  tree_.assign(2 * static_cast<std::size_t>(leaves_), 0);
  for (std::uint32_t r = 0; r < leaves_; ++r) tree_[leaves_ + r] = std::min(r, n_ - 1);
  for (std::uint32_t r = 0; r < n_; ++r) stamp_[r] = r;  // replica 0 first
  for (std::uint32_t node = leaves_ - 1; node > 0; --node) {
    const std::uint32_t a = tree_[2 * node], b = tree_[2 * node + 1];
    tree_[node] = key(b) < key(a) ? b : a;
  }
}

std::uint32_t Router::pick() {
  switch (kind_) {
    case RouterKind::RoundRobin: {
      std::uint32_t r = next_;
      while (position_[r] == kOut) r = r + 1 == n_ ? 0 : r + 1;
      next_ = r + 1 == n_ ? 0 : r + 1;
      return r;
    }
    case RouterKind::PowerOfTwo: {
      boost::random::uniform_int_distribution<std::uint32_t> any(0, static_cast<std::uint32_t>(up_.size()) - 1);
      const std::uint32_t a = up_[any(rng_)], b = up_[any(rng_)];
      return load_[b] < load_[a] ? b : a;
    }
    case RouterKind::LeastOutstanding:
    case RouterKind::LeastKv: {
      const std::uint32_t r = tree_[1];
      stamp_[r] = (n_ + picks_++) & kStampMask;  // now the last among its equals
      update(r);
      return r;
    }
  }
  return 0;
}

void Router::set_available(std::uint32_t replica, bool available) {
  if ((position_[replica] != kOut) == available) return;
  if (available) {
    position_[replica] = static_cast<std::uint32_t>(up_.size());
    up_.push_back(replica);
  } else {
    const std::uint32_t last = up_.back();
    up_[position_[replica]] = last;
    position_[last] = position_[replica];
    up_.pop_back();
    position_[replica] = kOut;
  }
  if (!tree_.empty()) update(replica);
}

void Router::set_load(std::uint32_t replica, std::int64_t load) {
  if (load_[replica] == load) return;
  load_[replica] = load;
  if (!tree_.empty()) update(replica);
}

void Router::update(std::uint32_t replica) {
  for (std::uint32_t node = (leaves_ + replica) / 2; node > 0; node /= 2) {
    const std::uint32_t a = tree_[2 * node], b = tree_[2 * node + 1];
    tree_[node] = key(b) < key(a) ? b : a;
  }
}

}  // namespace capsim::models
