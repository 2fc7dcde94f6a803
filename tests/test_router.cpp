// The routers of an LLM pool: least load with ties in turn, replicas out never picked, round
// robin, power of two choices.
#include <cstdint>
#include <vector>

#include <doctest/doctest.h>

#include "models/serving/router.hpp"

using namespace capsim::models;

TEST_CASE("routers: least outstanding and least KV pick the least loaded, ties in turn, none picks a replica out") {
  for (RouterKind kind : {RouterKind::LeastOutstanding, RouterKind::LeastKv}) {
    Router r(kind, 4, capsim::sim::Rng(1));
    // All equal: every replica once before any twice (no herding on replica 0).
    std::vector<int> picks(4, 0);
    for (int i = 0; i < 4; ++i) {
      const std::uint32_t p = r.pick();
      ++picks[p];
      r.set_load(p, 1);
    }
    CHECK(picks == std::vector<int>{1, 1, 1, 1});
    r.set_load(2, 0);  // replica 2 is least loaded
    CHECK(r.pick() == 2);
    r.set_load(2, 50);
    r.set_available(1, false);
    // 0 and 3 tie at every load (each pick adds one to the picked): they take turns, and neither
    // replica 1 (out) nor 2 (loaded) is ever picked.
    std::vector<std::int64_t> load{1, 1, 50, 1};
    std::uint32_t previous = 4;
    for (int i = 0; i < 20; ++i) {
      const std::uint32_t p = r.pick();
      CHECK((p == 0 || p == 3));
      CHECK(p != previous);
      previous = p;
      r.set_load(p, ++load[p]);
      if (i % 2 == 1) CHECK(load[0] == load[3]);
    }
    r.set_available(1, true);
    r.set_load(1, 0);
    CHECK(r.pick() == 1);
  }
}

TEST_CASE("routers: round robin skips replicas out, power of two takes the lesser of two draws") {
  Router rr(RouterKind::RoundRobin, 3, capsim::sim::Rng(1));
  rr.set_available(1, false);
  std::vector<std::uint32_t> order;
  for (int i = 0; i < 4; ++i) order.push_back(rr.pick());
  CHECK(order == std::vector<std::uint32_t>{0, 2, 0, 2});
  Router p2(RouterKind::PowerOfTwo, 8, capsim::sim::Rng(3));
  for (std::uint32_t r = 0; r < 8; ++r) p2.set_load(r, r == 5 ? 0 : 100);
  int five = 0;
  for (int i = 0; i < 4000; ++i) five += p2.pick() == 5;
  // P(5 among two uniform draws of 8) = 1 - (7/8)^2 = 0.234.
  CHECK(five == doctest::Approx(4000 * 0.234).epsilon(0.1));
}
