// The serving arithmetic of one replica: roofline step costs whose closed-form run sums equal the
// step-by-step sums exactly, a hand-computed batch, a KV cache that fits exactly N sequences, a
// preemption, and the jump (one event per change) against `fidelity: iteration` (one event per
// step) on random traffic with same-tick ties resolved both ways.
#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "models/serving/continuous_batcher.hpp"
#include "models/serving/step_cost.hpp"
#include "tests/batcher_support.hpp"

using namespace capsim::models;
using capsim::sim::SimTime;
using namespace capsim::testing;

TEST_CASE("a run of decode steps costs exactly the sum of its steps, across the roofline's crossover") {
  const StepCost cost = cost70b();
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::int64_t batch = 1 + static_cast<std::int64_t>(rng() % 512);
    const std::int64_t c0 = static_cast<std::int64_t>(rng() % 400'000);
    const std::int64_t k = 1 + static_cast<std::int64_t>(rng() % 300);
    Femtos sum = 0;
    for (std::int64_t j = 0; j < k; ++j) sum += cost.decode_step(batch, c0 + j * batch);
    REQUIRE(cost.decode_run(batch, c0, k) == sum);
    const Femtos t = sum * static_cast<std::int64_t>(rng() % 1000) / 1000;
    std::int64_t first = k;  // the first j with run(j) > t
    for (std::int64_t j = 1; j <= k; ++j)
      if (cost.decode_run(batch, c0, j) > t) {
        first = j;
        break;
      }
    REQUIRE(cost.steps_to_pass(batch, c0, k, t) == first);
  }
  // Small batches read the weights (memory-bound); large ones are compute-bound: both occur.
  CHECK(cost.decode_step(1, 1000) < cost.decode_step(512, 1000));
  RooflineParams one_gpu;
  one_gpu.gpus = 1;
  one_gpu.bytes_per_weight = 1;  // FP8 weights fit one 80 GB GPU
  const StepCost single(h100(), llama70b(), one_gpu);
  CHECK(single.decode_step(1, 1000) == single.decode_step(2, 1000));  // memory-bound: batch is free
  // Llama-2-70B in FP16: 327,680 bytes of KV per token (SERVING.md); weights 138 GB.
  CHECK(cost.kv_bytes_per_token() == doctest::Approx(327680));
  CHECK(cost.weight_bytes() == doctest::Approx(138e9));
}

TEST_CASE("a hand-computed batch: every first token and completion at its exact tick") {
  const StepCost cost = cost70b();
  BatchingParams params;
  params.max_batch = 8;
  params.kv_tokens = 100'000;
  for (bool iteration : {false, true}) {
    params.every_iteration = iteration;
    ContinuousBatcher b(cost, params);
    Record out;
    // Three prompts of 10 tokens at t = 0 with 1, 3 and 5 output tokens.
    drive(b, {{0, {0, 10, 1, false, 0}}, {0, {1, 10, 3, false, 0}}, {0, {2, 10, 5, false, 0}}}, out, [](std::size_t) { return true; });
    const Femtos prefill = cost.step(30, 300, 3, 0, 0);
    // After the prefill each context is 11; two decode steps for the 3-token answer, two more alone.
    const Femtos second = prefill + cost.decode_step(2, 22) + cost.decode_step(2, 24);
    const Femtos third = second + cost.decode_step(1, 13) + cost.decode_step(1, 14);
    for (std::uint32_t s : {0u, 1u, 2u}) CHECK(out.times[s].first == tick_at_or_after(prefill));
    CHECK(out.times[0].finish == tick_at_or_after(prefill));
    CHECK(out.times[1].finish == tick_at_or_after(second));
    CHECK(out.times[2].finish == tick_at_or_after(third));
    CHECK(b.idle());
    CHECK(b.steps() == 4);
  }
}

TEST_CASE("a KV cache that fits exactly N sequences admits N, and the next after the first finish") {
  const StepCost cost = cost70b();
  BatchingParams params;
  // A sequence joins when its prompt, its first token and one decode step of the batch fit:
  // N sequences of 100-token prompts need N x 102 tokens.
  const std::int64_t n = 5;
  params.kv_tokens = n * 102;
  ContinuousBatcher b(cost, params);
  Record out;
  std::vector<std::pair<SimTime, ContinuousBatcher::Job>> arrivals;
  for (std::uint32_t s = 0; s <= n; ++s) arrivals.push_back({0, {s, 100, 1, false, 0}});
  drive(b, arrivals, out, [](std::size_t) { return true; });
  const Femtos first = cost.step(100 * n, 10'000 * n, n, 0, 0);
  for (std::uint32_t s = 0; s < n; ++s) CHECK(out.times[s].first == tick_at_or_after(first));
  CHECK(out.times[n].first == tick_at_or_after(first + cost.step(100, 10'000, 1, 0, 0)));
  CHECK(b.preemptions() == 0);
}

TEST_CASE("when decodes outgrow the KV cache the latest to join is recomputed, and all finish") {
  const StepCost cost = cost70b();
  BatchingParams params;
  params.kv_tokens = 2 * 102 + 20;  // two 100-token prompts fit; 50 tokens of output each do not
  ContinuousBatcher b(cost, params);
  Record out;
  drive(b, {{0, {0, 100, 50, false, 0}}, {0, {1, 100, 50, false, 0}}}, out, [](std::size_t) { return true; });
  CHECK(b.preemptions() >= 1);
  CHECK(out.times[1].preempted >= 1);
  CHECK(out.times[0].preempted == 0);
  CHECK(out.times[0].finish < out.times[1].finish);
  CHECK(out.times[1].first == out.times[0].first);  // its first token was out before the preemption
  CHECK(b.idle());
  CHECK(b.context() == 0);
}

TEST_CASE("jumping over decode runs gives every request the same times as stepping every iteration") {
  const StepCost cost = cost70b();
  // Without and with chunked prefill (whose steps with a chunk are events in both modes).
  for (const bool chunked : {false, true})
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    INFO("chunked prefill " << chunked << ", seed " << seed);
    std::mt19937_64 rng(seed);
    std::exponential_distribution<double> gap(40.0);  // requests per second
    std::uniform_int_distribution<int> prompt(1, 2000), output(1, 400);
    std::vector<std::pair<SimTime, ContinuousBatcher::Job>> arrivals;
    std::vector<std::pair<SimTime, std::uint32_t>> give_ups;  // every tenth user gives up after 2 s
    double t = 0;
    for (std::uint32_t s = 0; s < 3000; ++s) {
      t += gap(rng);
      SimTime at = capsim::sim::from_seconds(t);
      if (s % 50 == 7 && !arrivals.empty()) at = arrivals.back().first;  // same-tick arrivals too
      arrivals.push_back({at, {s, prompt(rng), output(rng), false, at}});
      if (s % 10 == 3) give_ups.push_back({at + capsim::sim::from_seconds(2.0) + 17, s});
    }
    std::sort(give_ups.begin(), give_ups.end());
    BatchingParams params;
    params.max_batch = 64;
    params.max_batched_tokens = 4096;
    params.kv_tokens = 60'000;  // small enough to preempt now and then
    params.chunked_prefill = chunked;
    std::map<std::uint32_t, Times> reference;
    std::int64_t iteration_boundaries = 0;
    for (int mode = 0; mode < 3; ++mode) {
      params.every_iteration = mode == 0;
      ContinuousBatcher b(cost, params);
      Record out;
      // Ties between an arrival and a boundary: arrival first (modes 0, 1) or at random (mode 2).
      std::mt19937 coin(static_cast<unsigned>(seed));
      const std::int64_t boundaries =
          drive(b, arrivals, out, [&](std::size_t) { return mode < 2 || coin() % 2 == 0; }, give_ups);
      std::size_t finished = 0;
      for (const auto& [slot, times] : out.times) finished += times.finish != -1;
      REQUIRE(finished + out.gone.size() == arrivals.size());
      CHECK(out.gone.size() > 10);  // some users did give up
      if (mode == 0) {
        reference = out.times;
        iteration_boundaries = boundaries;
        continue;
      }
      // A boundary of the jump is a wake-up, a prefill's end, a completion or the KV limit: at
      // most about two per request, against one per decode step.
      CHECK(boundaries < 2 * static_cast<std::int64_t>(arrivals.size()));
      CHECK(boundaries * 2 < iteration_boundaries);
      std::size_t differ = 0;
      for (const auto& [slot, times] : out.times)
        if (times.admitted != reference[slot].admitted || times.first != reference[slot].first ||
            times.finish != reference[slot].finish)
          ++differ;
      CHECK(differ == 0);
    }
  }
}

TEST_CASE("a withdrawn request is dropped when it reaches the head and never counted again") {
  const StepCost cost = cost70b();
  BatchingParams params;
  params.max_batch = 1;  // one at a time: the others wait
  params.kv_tokens = 100'000;
  ContinuousBatcher b(cost, params);
  Record out;
  b.arrive({0, 100, 50, false, 0}, 0, out);  // request 0 prefills at once
  b.arrive({1, 100, 5, false, 10}, 10, out);
  b.arrive({2, 100, 5, false, 20}, 20, out);
  CHECK(b.waiting() == 2);
  out.gone[1] = true;
  b.withdraw(30, out);
  CHECK(b.waiting() == 1);
  CHECK(b.outstanding() == 2);
  while (b.next_boundary() != capsim::sim::kTimeNever) b.boundary(b.next_boundary(), out);
  CHECK(out.times.count(1) == 0);
  CHECK(out.times[2].admitted == out.times[0].finish);  // straight after request 0
  CHECK(out.times[2].finish > out.times[2].first);
  CHECK(b.waiting() == 0);
}

TEST_CASE("a replica that goes down gives back every request with the tokens it had") {
  const StepCost cost = cost70b();
  BatchingParams params;
  params.max_batch = 2;
  params.kv_tokens = 100'000;
  ContinuousBatcher b(cost, params);
  Record out;
  b.arrive({0, 100, 50, false, 0}, 0, out);  // 0 and 1 prefill together, 2 waits
  b.arrive({1, 200, 80, false, 0}, 0, out);
  b.arrive({2, 300, 10, false, 0}, 0, out);
  b.boundary(b.next_boundary(), out);  // their first tokens; a decode run starts
  const SimTime start = out.times[0].first;
  // Down after ten decode steps and a bit: each of 0 and 1 has 11 tokens out.
  Femtos ten = 0;
  for (int j = 0; j < 10; ++j) ten += cost.decode_step(2, 302 + 2 * j);
  const SimTime down = tick_at_or_after(femtos_of_tick(start) + ten) + 1;
  std::vector<ContinuousBatcher::Job> back;
  b.drain(down, out, back);
  REQUIRE(back.size() == 3);
  CHECK(back[0].slot == 0);
  CHECK(back[0].prefill == 100 + 11);
  CHECK(back[0].remaining == 50 - 11);
  CHECK(back[0].started);
  CHECK(back[1].prefill == 200 + 11);
  CHECK(back[1].remaining == 80 - 11);
  CHECK(back[2].slot == 2);
  CHECK_FALSE(back[2].started);
  CHECK(b.idle());
  CHECK(b.outstanding() == 0);
  CHECK(b.context() == 0);
}
