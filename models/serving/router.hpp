// Which replica of a pool takes the next request: round robin, least outstanding requests, the
// better of two picked at random (power of two choices), or least KV cache in use. Loads are
// told by the pool as they change. Least outstanding keeps the replicas in buckets by load (O(1)
// a pick and a change; ties go to the replica longest in its bucket); least KV keeps a tournament
// tree (O(1) a pick, O(log replicas) a change; ties go to the replica picked longest ago). Either
// way ties go round robin: lowest-index ties would herd arrivals onto one replica
// (../shared/SERVING.md).
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
  bool is_available(std::uint32_t replica) const { return position_[replica] != kOut; }
  // One of the available replicas; there must be one.
  std::uint32_t pick();
  // The replica's load under this rule (outstanding requests, or KV tokens in use) is now `load`.
  void set_load(std::uint32_t replica, std::int64_t load);

 private:
  struct Node {
    std::uint64_t key;     // out (bit 63) | load (bits 40-62) | stamp: the least under the node
    std::uint32_t replica;
  };
  std::uint64_t key(std::uint32_t replica) const {
    const std::uint64_t out = position_[replica] == kOut ? std::uint64_t{1} << 63 : 0;
    return out | (static_cast<std::uint64_t>(load_[replica]) << 40) | stamp_[replica];
  }
  static constexpr std::uint32_t kOut = ~std::uint32_t{0};
  void update(std::uint32_t replica);
  // Buckets (least outstanding): doubly linked lists of the available replicas by load.
  void bucket_insert(std::uint32_t replica);  // at the tail of its load's bucket
  void bucket_remove(std::uint32_t replica);

  RouterKind kind_;
  std::uint32_t n_;
  std::uint32_t next_ = 0;           // round robin
  std::uint64_t picks_ = 0;          // stamps picks, for the ties
  std::uint32_t stale_ = kOut;       // a picked replica whose new stamp is not in the tree yet
  std::vector<std::int64_t> load_;
  std::vector<std::uint64_t> stamp_;
  std::vector<std::uint32_t> up_;        // the available replicas, in no order
  std::vector<std::uint32_t> position_;  // of each replica in up_, kOut when not available
  std::uint32_t leaves_ = 1;         // the tree's leaves: a power of two >= n_
  std::vector<Node> tree_;           // tree_[1] is the root; leaves from tree_[leaves_]
  std::vector<std::uint32_t> head_, tail_;  // of each load's bucket (kOut: empty)
  std::vector<std::uint32_t> before_, after_;  // neighbours in the bucket
  std::int64_t least_ = 0;                  // no available replica has a smaller load
  sim::Rng rng_;
};

}  // namespace capsim::models
