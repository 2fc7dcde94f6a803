// The prefix cache (models/serving/prefix_cache.hpp): LRU order and its index against a plain
// model; in a replica, a later turn that finds its session's KV prefills only its new tokens
// (hit and miss timed by hand), entries evicted oldest first when running requests need the
// memory, and the same times whether decode runs are jumped or stepped.
#include <algorithm>
#include <cstdint>
#include <list>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "models/serving/continuous_batcher.hpp"
#include "models/serving/prefix_cache.hpp"
#include "models/serving/step_cost.hpp"
#include "tests/batcher_support.hpp"

using namespace capsim::models;
using capsim::sim::SimTime;
using namespace capsim::testing;

TEST_CASE("prefix cache: least recently used out first, take removes, put replaces and refreshes") {
  PrefixCache c;
  c.put(1, 100);
  c.put(2, 50);
  c.put(3, 30);
  CHECK(c.tokens() == 180);
  c.put(1, 120);  // session 1 again: now the newest
  CHECK(c.tokens() == 200);
  c.shrink_to(150);  // evicts 2 (the oldest), then 180 - 50 = 150 fits
  CHECK(c.peek(2) == 0);
  CHECK(c.peek(3) == 30);
  CHECK(c.peek(1) == 120);
  CHECK(c.take(3) == 30);
  CHECK(c.take(3) == 0);
  CHECK(c.tokens() == 120);
  c.shrink_to(0);
  CHECK(c.entries() == 0);
  CHECK(c.tokens() == 0);
  // Against a plain model (a list, newest at the back) over many random operations, through the
  // index's growth and deletions.
  std::mt19937_64 rng(5);
  std::list<std::pair<std::uint64_t, std::int64_t>> model;
  std::int64_t total = 0;
  for (int op = 0; op < 200'000; ++op) {
    const std::uint64_t session = rng() % 3000 * 0x9e3779b97f4a7c15ULL;  // spread keys
    const auto it = std::find_if(model.begin(), model.end(), [&](const auto& e) { return e.first == session; });
    switch (rng() % 4) {
      case 0:
      case 1: {
        const std::int64_t tokens = 1 + static_cast<std::int64_t>(rng() % 1000);
        if (it != model.end()) {
          total -= it->second;
          model.erase(it);
        }
        model.emplace_back(session, tokens);
        total += tokens;
        c.put(session, tokens);
        break;
      }
      case 2: {
        const std::int64_t expected = it == model.end() ? 0 : it->second;
        if (it != model.end()) {
          total -= it->second;
          model.erase(it);
        }
        REQUIRE(c.take(session) == expected);
        break;
      }
      default: {
        const std::int64_t limit = total - static_cast<std::int64_t>(rng() % 2000);
        while (total > limit && !model.empty()) {
          total -= model.front().second;
          model.pop_front();
        }
        c.shrink_to(limit);
      }
    }
    REQUIRE(c.tokens() == total);
    REQUIRE(c.entries() == model.size());
  }
  for (const auto& [session, tokens] : model) CHECK(c.peek(session) == tokens);
}

TEST_CASE("prefix cache: a session's second turn prefills only its new tokens (hit), another's all (miss)") {
  const StepCost cost = cost70b();
  BatchingParams params;
  params.kv_tokens = 100'000;
  params.prefix_cache = true;
  for (const bool chunked : {false, true}) {
    INFO("chunked prefill " << chunked);
    params.chunked_prefill = chunked;
    ContinuousBatcher b(cost, params);
    Record out;
    // Session 7's first turn: 100 prompt tokens, 10 output. Its second turn at 1 s carries those
    // 110 tokens and 20 new ones; session 8's first turn at 2 s has a 130-token prompt of its own.
    drive(b, {{0, {0, 100, 10, false, 0, 7, 0}}, {1'000'000'000, {1, 130, 5, false, 1'000'000'000, 7, 110}},
              {2'000'000'000, {2, 130, 5, false, 2'000'000'000, 8, 0}}},
          out, [](std::size_t) { return true; });
    CHECK(out.times[0].finish < 1'000'000'000);  // the first turn is done before the second comes
    CHECK(out.times[1].finish < 2'000'000'000);
    CHECK(out.times[0].cached == 0);
    CHECK(out.times[1].cached == 110);
    CHECK(out.times[2].cached == 0);
    // The hit: 20 new tokens whose attention covers 130^2 - 110^2 pairs and reads the 110 cached.
    CHECK(out.times[1].first == 1'000'000'000 + tick_at_or_after(cost.step(20, 130 * 130 - 110 * 110, 1, 0, 0, 110)));
    CHECK(out.times[2].first == 2'000'000'000 + tick_at_or_after(cost.step(130, 130 * 130, 1, 0, 0)));
  }
}

TEST_CASE("prefix cache: running requests that need the memory evict the least recently used sessions first") {
  const StepCost cost = cost70b();
  BatchingParams params;
  params.kv_tokens = 1000;
  params.prefix_cache = true;
  ContinuousBatcher b(cost, params);
  Record out;
  const SimTime s = 1'000'000'000;
  // Sessions 1 then 2 finish (300 tokens each cached, 1 the older). Session 3's 500-token
  // prompt leaves 1000 - 501 = 499 tokens free at the end of its prefill: session 1's entry goes,
  // session 2's stays. Session 2's next turn (300 earlier tokens, 10 new) then hits, session 1's misses.
  drive(b, {{0, {0, 290, 10, false, 0, 1, 0}}, {s, {1, 290, 10, false, s, 2, 0}}, {2 * s, {2, 500, 1, false, 2 * s, 3, 0}},
            {3 * s, {3, 310, 2, false, 3 * s, 2, 300}}, {4 * s, {4, 310, 2, false, 4 * s, 1, 300}}},
        out, [](std::size_t) { return true; });
  for (std::uint32_t r = 0; r < 4; ++r) CHECK(out.times[r].finish < (r + 1) * s);  // one at a time
  CHECK(out.times[3].cached == 300);
  CHECK(out.times[4].cached == 0);
  CHECK(out.times[3].first == 3 * s + tick_at_or_after(cost.step(10, 310 * 310 - 300 * 300, 1, 0, 0, 300)));
  CHECK(out.times[4].first == 4 * s + tick_at_or_after(cost.step(310, 310 * 310, 1, 0, 0)));
}

TEST_CASE("prefix cache: jumping over decode runs gives every request the same times and hits as stepping") {
  const StepCost cost = cost70b();
  std::mt19937_64 rng(17);
  std::exponential_distribution<double> gap(20.0);
  std::uniform_int_distribution<int> fresh(1, 400), earlier(0, 3000), output(1, 300);
  std::vector<std::pair<SimTime, ContinuousBatcher::Job>> arrivals;
  double t = 0;
  for (std::uint32_t s = 0; s < 2000; ++s) {
    t += gap(rng);
    const SimTime at = capsim::sim::from_seconds(t);
    const std::int32_t context = s % 3 == 0 ? 0 : earlier(rng);  // a third start sessions
    arrivals.push_back({at, {s, fresh(rng) + context, output(rng), false, at, rng() % 150, context}});
  }
  for (const bool chunked : {false, true}) {
    INFO("chunked prefill " << chunked);
    BatchingParams params;
    params.max_batch = 64;
    params.max_batched_tokens = 4096;
    params.kv_tokens = 60'000;  // small enough to evict (and preempt now and then)
    params.prefix_cache = true;
    params.chunked_prefill = chunked;
    std::map<std::uint32_t, Times> reference;
    for (const bool iteration : {true, false}) {
      params.every_iteration = iteration;
      ContinuousBatcher b(cost, params);
      Record out;
      drive(b, arrivals, out, [](std::size_t) { return true; });
      std::size_t finished = 0;
      std::int64_t cached = 0;
      for (const auto& [slot, times] : out.times) {
        finished += times.finish != -1;
        cached += times.cached;
      }
      REQUIRE(finished == arrivals.size());
      CHECK(cached > 0);
      if (iteration) {
        reference = out.times;
        continue;
      }
      std::size_t differ = 0;
      for (const auto& [slot, times] : out.times)
        if (times.admitted != reference[slot].admitted || times.first != reference[slot].first ||
            times.finish != reference[slot].finish || times.cached != reference[slot].cached)
          ++differ;
      CHECK(differ == 0);
    }
  }
}
