// The router among a service's pools (models/serving/pool_router.hpp) on stub pools: round robin
// weighted by serving replicas, least outstanding per serving replica with ties in turn, pools
// without a serving replica skipped, the summed capacity and its watchers, answers passed back
// to the asker with its own id.
#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include "models/serving/pool_router.hpp"

using namespace capsim;
using namespace capsim::models;

namespace {

struct StubPool final : RequestSink, PoolLoad {
  std::int64_t replicas = 1, held = 0;
  double kv = 0;
  int taken = 0;
  std::vector<CapacityWatcher*> watchers;
  std::vector<std::pair<Request, RequestListener*>> requests;
  void submit(const Request& request, RequestListener& listener) override {
    ++taken;
    requests.emplace_back(request, &listener);
  }
  std::int64_t serving_replicas() const override { return replicas; }
  void watch(CapacityWatcher& w) override { watchers.push_back(&w); }
  std::int64_t outstanding() const override { return held; }
  double kv_use() const override { return kv; }
};

struct Asker final : RequestListener, CapacityWatcher {
  std::vector<RequestOutcome> outcomes;
  int changes = 0;
  void on_outcome(const RequestOutcome& o) override { outcomes.push_back(o); }
  void on_serving_replicas_changed() override { ++changes; }
};

}  // namespace

TEST_CASE("pool router: round robin by serving replicas, interleaved, a pool with none serving takes nothing") {
  StubPool a, b;
  a.replicas = 3;
  PoolRouter router(RouterKind::RoundRobin, {{&a, &a}, {&b, &b}}, sim::Rng(1));
  std::vector<std::size_t> picks;
  for (int i = 0; i < 8; ++i) picks.push_back(router.pick());
  CHECK(picks == std::vector<std::size_t>{0, 0, 1, 0, 0, 0, 1, 0});
  a.replicas = 0;
  for (int i = 0; i < 5; ++i) CHECK(router.pick() == 1);
}

TEST_CASE("pool router: least outstanding per serving replica after the request, ties in turn") {
  StubPool a, b;
  PoolRouter router(RouterKind::LeastOutstanding, {{&a, &a}, {&b, &b}}, sim::Rng(1));
  CHECK(router.pick() != router.pick());  // equal: in turn
  a.replicas = 4;
  a.held = 6;  // 7/4 per replica after one more
  b.held = 1;  // 2/1
  CHECK(router.pick() == 0);
  a.held = 8;  // 9/4 > 2
  CHECK(router.pick() == 1);
  b.replicas = 0;  // not serving: skipped whatever its load
  b.held = 0;
  CHECK(router.pick() == 0);
  // least_kv: the least KV share first, then as least outstanding.
  StubPool c, d;
  PoolRouter kv(RouterKind::LeastKv, {{&c, &c}, {&d, &d}}, sim::Rng(1));
  c.kv = 0.5;
  d.kv = 0.6;
  d.held = 0;
  c.held = 10;
  CHECK(kv.pick() == 0);
}

TEST_CASE("pool router: capacity is the sum of the pools, changes reach the watchers, answers go back with the asker's id") {
  StubPool a, b;
  a.replicas = 2;
  b.replicas = 5;
  PoolRouter router(RouterKind::PowerOfTwo, {{&a, &a}, {&b, &b}}, sim::Rng(1));
  CHECK(router.serving_replicas() == 7);
  Asker asker;
  router.watch(asker);
  REQUIRE(b.watchers.size() == 1);
  b.watchers[0]->on_serving_replicas_changed();
  CHECK(asker.changes == 1);
  Request req;
  req.id = RequestId{42, 7};
  req.time = 1000;
  for (int i = 0; i < 700; ++i) router.submit(req, asker);
  CHECK(a.taken + b.taken == 700);
  CHECK(b.taken > a.taken);  // replicas drawn at random: 5 of 7 land in b's
  auto& [forwarded, listener] = a.requests.front();
  CHECK(forwarded.id == req.id);  // forwarded as asked: the answer goes straight back to the asker
  CHECK(listener == &asker);
  listener->on_outcome(RequestOutcome{forwarded.id, RequestStatus::Completed, 1500, 3000});
  REQUIRE(asker.outcomes.size() == 1);
  CHECK(asker.outcomes[0].id == req.id);
  CHECK(asker.outcomes[0].first_token == 1500);
}
