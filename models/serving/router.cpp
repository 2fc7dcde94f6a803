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
  if (kind_ == RouterKind::LeastOutstanding) {
    before_.assign(n_, kOut);
    after_.assign(n_, kOut);
    for (std::uint32_t r = 0; r < n_; ++r) bucket_insert(r);  // replica 0 first
    return;
  }
  if (kind_ != RouterKind::LeastKv) return;
  while (leaves_ < n_) leaves_ *= 2;
  for (std::uint32_t r = 0; r < n_; ++r) stamp_[r] = r;  // replica 0 first
  tree_.assign(2 * static_cast<std::size_t>(leaves_), Node{~std::uint64_t{0}, 0});
  for (std::uint32_t r = 0; r < n_; ++r) tree_[leaves_ + r] = Node{key(r), r};
  for (std::uint32_t node = leaves_ - 1; node > 0; --node) {
    const Node& a = tree_[2 * std::size_t{node}];
    const Node& b = tree_[2 * std::size_t{node} + 1];
    tree_[node] = b.key < a.key ? b : a;
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
    case RouterKind::LeastOutstanding: {
      while (head_[static_cast<std::size_t>(least_)] == kOut) ++least_;
      return head_[static_cast<std::size_t>(least_)];
    }
    case RouterKind::LeastKv: {
      if (stale_ != kOut) update(stale_);
      const std::uint32_t r = tree_[1].replica;
      stamp_[r] = (n_ + picks_++) & kStampMask;  // now the last among its equals
      stale_ = r;  // the caller's set_load usually follows: one walk up the tree for both
      return r;
    }
  }
  return 0;
}

void Router::set_available(std::uint32_t replica, bool available) {
  if ((position_[replica] != kOut) == available) return;
  if (kind_ == RouterKind::LeastOutstanding && !available) bucket_remove(replica);
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
  if (kind_ == RouterKind::LeastOutstanding && available) bucket_insert(replica);
  if (!tree_.empty()) update(replica);
}

void Router::set_load(std::uint32_t replica, std::int64_t load) {
  if (load_[replica] == load && replica != stale_) return;
  const bool listed = kind_ == RouterKind::LeastOutstanding && position_[replica] != kOut;
  if (listed) bucket_remove(replica);
  load_[replica] = load;
  if (listed) bucket_insert(replica);
  if (!tree_.empty()) update(replica);
}

void Router::bucket_insert(std::uint32_t r) {
  const auto load = static_cast<std::size_t>(load_[r]);
  if (load >= head_.size()) {
    head_.resize(load + 1, kOut);
    tail_.resize(load + 1, kOut);
  }
  before_[r] = tail_[load];
  after_[r] = kOut;
  if (tail_[load] == kOut) {
    head_[load] = r;
  } else {
    after_[tail_[load]] = r;
  }
  tail_[load] = r;
  least_ = std::min(least_, load_[r]);
}

void Router::bucket_remove(std::uint32_t r) {
  const auto load = static_cast<std::size_t>(load_[r]);
  if (before_[r] == kOut) {
    head_[load] = after_[r];
  } else {
    after_[before_[r]] = after_[r];
  }
  if (after_[r] == kOut) {
    tail_[load] = before_[r];
  } else {
    before_[after_[r]] = before_[r];
  }
}

void Router::update(std::uint32_t replica) {
  if (replica == stale_) stale_ = kOut;
  std::uint32_t node = leaves_ + replica;
  tree_[node].key = key(replica);
  for (node /= 2; node > 0; node /= 2) {
    const Node& a = tree_[2 * std::size_t{node}];
    const Node& b = tree_[2 * std::size_t{node} + 1];
    tree_[node] = b.key < a.key ? b : a;
  }
}

}  // namespace capsim::models
