// Chunked prefill (models/serving/continuous_batcher_chunked.cpp): a long prompt split over
// steps that it shares with a decoding sequence, every time computed by hand from the roofline;
// the prefill in progress preempted first at the KV limit; a replica going down mid-prompt; the
// option refused with static batches.
#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "models/config/diagnostics.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/serving/continuous_batcher.hpp"
#include "models/serving/step_cost.hpp"
#include "tests/batcher_support.hpp"

using namespace capsim::models;
using capsim::sim::SimTime;
using namespace capsim::testing;

TEST_CASE("chunked prefill: a 250-token prompt in chunks of the budget left by a decode, every time by hand") {
  const StepCost cost = cost70b();
  BatchingParams params;
  params.max_batch = 8;
  params.max_batched_tokens = 100;  // tokens per step, a decode counting one
  params.kv_tokens = 100'000;
  params.chunked_prefill = true;
  for (const bool iteration : {false, true}) {
    INFO("fidelity iteration " << iteration);
    params.every_iteration = iteration;
    ContinuousBatcher b(cost, params);
    Record out;
    // A: 10-token prompt, 5 output tokens, at 0; B: 250-token prompt, 2 output tokens, during A's prefill.
    drive(b, {{0, {0, 10, 5, false, 0}}, {1, {1, 250, 2, false, 1}}}, out, [](std::size_t) { return true; });
    const Femtos a_prefill = cost.step(10, 100, 1, 0, 0);
    // Three mixed steps: A decodes (context 11, 12, 13) while B prefills 99, 99 and 52 tokens; the
    // attention of a chunk covers (done + chunk)^2 - done^2 pairs and reads the done tokens' KV.
    const Femtos mixed1 = cost.step(99, 99 * 99, 2, 1, 11, 0);
    const Femtos mixed2 = cost.step(99, 198 * 198 - 99 * 99, 2, 1, 12, 99);
    const Femtos mixed3 = cost.step(52, 250 * 250 - 198 * 198, 2, 1, 13, 198);
    // Then both decode their last token together: A holds 14 tokens, B 251.
    const Femtos b_first = a_prefill + mixed1 + mixed2 + mixed3;
    const Femtos both_done = b_first + cost.decode_step(2, 14 + 251);
    CHECK(out.times[0].first == tick_at_or_after(a_prefill));
    CHECK(out.times[1].admitted == tick_at_or_after(a_prefill));
    CHECK(out.times[1].first == tick_at_or_after(b_first));
    CHECK(out.times[0].finish == tick_at_or_after(both_done));
    CHECK(out.times[1].finish == tick_at_or_after(both_done));
    CHECK(b.idle());
    CHECK(b.context() == 0);
  }
  // Without chunking B's 250 tokens run alone (one longer prompt still runs alone), A waiting.
  params.chunked_prefill = false;
  params.every_iteration = false;
  ContinuousBatcher plain(cost, params);
  Record out;
  drive(plain, {{0, {0, 10, 5, false, 0}}, {1, {1, 250, 2, false, 1}}}, out, [](std::size_t) { return true; });
  const Femtos b_prefill = cost.step(10, 100, 1, 0, 0) + cost.step(250, 250 * 250, 1, 0, 0);
  CHECK(out.times[1].first == tick_at_or_after(b_prefill));
}

TEST_CASE("chunked prefill: when the decodes outgrow the KV cache the prefill in progress goes back first") {
  const StepCost cost = cost70b();
  BatchingParams params;
  params.max_batched_tokens = 21;  // A's decode and a 20-token chunk of B per step
  params.chunked_prefill = true;
  // A (20-token prompt) decodes; B (200) joins at A's first decode step, as A's 21 tokens, B's
  // prompt and first token and one more step of both fit (21 + 201 + 2 = 224). Seven chunks later
  // A has grown by 7 and the next step's decodes no longer fit beside B's whole prompt: B loses
  // its chunks (140 tokens) and waits until A has finished.
  params.kv_tokens = 224 + 5;
  for (const bool iteration : {false, true}) {
    INFO("fidelity iteration " << iteration);
    params.every_iteration = iteration;
    ContinuousBatcher b(cost, params);
    Record out;
    drive(b, {{0, {0, 20, 60, false, 0}}, {1, {1, 200, 3, false, 1}}}, out, [](std::size_t) { return true; });
    CHECK(out.times[1].preempted == 1);
    CHECK(out.times[0].preempted == 0);
    CHECK(b.preemptions() == 1);
    CHECK(out.times[1].first > out.times[0].finish);
    CHECK(out.times[1].finish > out.times[1].first);
    CHECK(b.idle());
    CHECK(b.context() == 0);
  }
}

TEST_CASE("chunked prefill: a replica that goes down mid-prompt gives the request back whole") {
  const StepCost cost = cost70b();
  BatchingParams params;
  params.max_batched_tokens = 64;
  params.kv_tokens = 100'000;
  params.chunked_prefill = true;
  ContinuousBatcher b(cost, params);
  Record out;
  b.arrive({0, 1000, 20, false, 0}, 0, out);  // a 1000-token prompt: 64 tokens a step
  b.boundary(b.next_boundary(), out);
  b.boundary(b.next_boundary(), out);
  CHECK(b.context() == 128);  // two chunks in the cache
  std::vector<ContinuousBatcher::Job> back;
  b.drain(b.next_boundary() - 1, out, back);
  REQUIRE(back.size() == 1);
  CHECK(back[0].prefill == 1000);
  CHECK(back[0].remaining == 20);
  CHECK_FALSE(back[0].started);
  CHECK(out.times[0].first == -1);
  CHECK(b.idle());
  CHECK(b.context() == 0);
}

TEST_CASE("chunked prefill with static batches is an error at the key") {
  const std::string path = std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/serving-llm-small.yaml";
  std::vector<Diagnostic> errors;
  try {
    load_scenario(path, {{"fleet.pools.a100.batch.mode", "static"}, {"fleet.pools.a100.batch.chunked_prefill", "true"}});
  } catch (const ScenarioError& e) {
    errors = e.items();
  }
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "fleet.pools.a100.batch.chunked_prefill");
  CHECK(errors[0].message.find("applies to `mode: continuous`") != std::string::npos);
  CHECK_NOTHROW(load_scenario(path, {{"fleet.pools.a100.batch.chunked_prefill", "true"}}));
}

TEST_CASE("chunked prefill: a budget the decodes use up stalls the prompt in progress, the same in both fidelities") {
  // 24 tokens a step against up to 64 decodes: prompts go in several chunks, and while 24 or more
  // sequences decode the prompt in progress waits (decode-only runs beside a half-done prefill).
  const StepCost cost = cost70b();
  std::mt19937_64 rng(11);
  std::exponential_distribution<double> gap(15.0);
  std::uniform_int_distribution<int> prompt(1, 150), output(100, 1000);
  std::vector<std::pair<SimTime, ContinuousBatcher::Job>> arrivals;
  double t = 0;
  for (std::uint32_t s = 0; s < 1500; ++s) {
    t += gap(rng);
    SimTime at = capsim::sim::from_seconds(t);
    if (s % 40 == 9 && !arrivals.empty()) at = arrivals.back().first;  // same-tick arrivals too
    arrivals.push_back({at, {s, prompt(rng), output(rng), false, at}});
  }
  BatchingParams params;
  params.max_batch = 64;
  params.max_batched_tokens = 24;
  params.kv_tokens = 12'000;  // small enough to preempt now and then
  params.chunked_prefill = true;
  std::map<std::uint32_t, Times> reference;
  std::int64_t preemptions = 0;
  for (const bool iteration : {true, false}) {
    params.every_iteration = iteration;
    ContinuousBatcher b(cost, params);
    Record out;
    drive(b, arrivals, out, [](std::size_t) { return true; });
    std::size_t finished = 0;
    for (const auto& [slot, times] : out.times) finished += times.finish != -1;
    REQUIRE(finished == arrivals.size());
    CHECK(b.idle());
    CHECK(b.context() == 0);
    if (iteration) {
      reference = out.times;
      preemptions = b.preemptions();
      continue;
    }
    CHECK(b.preemptions() == preemptions);
    std::size_t differ = 0;
    for (const auto& [slot, times] : out.times)
      if (times.admitted != reference[slot].admitted || times.first != reference[slot].first || times.finish != reference[slot].finish)
        ++differ;
    CHECK(differ == 0);
  }
  CHECK(preemptions > 0);
  // At some time 24 or more sequences were past their first token and not finished: the
  // decodes took the whole budget (counting only those never preempted, a lower bound).
  std::vector<std::pair<SimTime, int>> changes;
  for (const auto& [slot, times] : reference) {
    if (times.preempted > 0) continue;
    changes.push_back({times.first, +1});
    changes.push_back({times.finish, -1});
  }
  std::sort(changes.begin(), changes.end());
  int decoding = 0, most = 0;
  for (const auto& [at, change] : changes) most = std::max(most, decoding += change);
  CHECK(most >= 24);
}
