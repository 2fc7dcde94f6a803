// Which replica of a pool takes the next request: round robin, least outstanding requests, the
// better of two picked at random (power of two choices), or least KV cache in use. Loads are
// told by the pool as they change; the least-load rules keep a tournament tree, so a pick costs
// O(1) and a change O(log replicas). Ties go to the replica picked longest ago (round robin
// among equals): lowest-index ties would herd arrivals onto one replica (../shared/SERVING.md).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/random_streams.hpp"

namespace capsim::models {

enum class RouterKind : std::uint8_t { RoundRobin, LeastOutstanding, PowerOfTwo, LeastKv };

// "round_robin", "least_outstanding", "power_of_two", "least_kv".
std::string_view router_name(RouterKind kind);
bool parse_router(std::string_view text, RouterKind& kind);

class Router {
 public:
  Router(RouterKind kind, std::uint32_t replicas, sim::Rng rng);

  RouterKind kind() const { return kind_; }
  // A replica that is down or reserved takes no requests; all are available at first.
  void set_available(std::uint32_t replica, bool available);
  std::uint32_t available() const { return static_cast<std::uint32_t>(up_.size()); }
  // One of the available replicas; there must be one.
  std::uint32_t pick();
  // The replica's load under this rule (outstanding requests, or KV tokens in use) is now `load`.
  void set_load(std::uint32_t replica, std::int64_t load);

 private:
  std::uint64_t key(std::uint32_t replica) const {
    const std::uint64_t out = position_[replica] == kOut ? std::uint64_t{1} << 63 : 0;
    return out | (static_cast<std::uint64_t>(load_[replica]) << 40) | stamp_[replica];
  }
  static constexpr std::uint32_t kOut = ~std::uint32_t{0};
  void update(std::uint32_t replica);

  RouterKind kind_;
  std::uint32_t n_;
  std::uint32_t next_ = 0;           // round robin
  std::uint64_t picks_ = 0;          // stamps picks, for the ties
  std::vector<std::int64_t> load_;
  std::vector<std::uint64_t> stamp_;
  std::vector<std::uint32_t> up_;        // the available replicas, in no order
  std::vector<std::uint32_t> position_;  // of each replica in up_, kOut when not available
  std::uint32_t leaves_ = 1;         // the tree's leaves: a power of two >= n_
  std::vector<std::uint32_t> tree_;  // tree_[node]: the least-key replica under node
  sim::Rng rng_;
};

}  // namespace capsim::models
