// What the batcher tests share: a 70B model's step costs, a listener that records each request's
// times, and a driver that runs a batcher over timed arrivals and give-ups to the end.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "models/serving/continuous_batcher.hpp"
#include "models/serving/step_cost.hpp"

namespace capsim::testing {

using models::BatchListener;
using models::ContinuousBatcher;
using models::Femtos;
using models::GpuSpec;
using models::LlmSpec;
using models::RooflineParams;
using models::StepCost;
using sim::SimTime;

// A 70B-class model on 8 H100-class GPUs (the catalog's Llama-2-70B and H100-SXM figures).
inline GpuSpec h100() {
  GpuSpec g;
  g.name = "H100";
  g.memory_bytes = 80e9;
  g.hbm_bandwidth_bytes_per_s = 3.35e12;
  g.bf16_flop_per_s = 989e12;
  g.interconnect_bytes_per_s = 900e9;
  return g;
}
inline LlmSpec llama70b() {
  LlmSpec m;
  m.name = "Llama-2-70B";
  m.layers = 80;
  m.hidden = 8192;
  m.attention_heads = 64;
  m.kv_heads = 8;
  m.ffn = 28672;
  m.vocabulary = 32000;
  m.parameters = 69e9;
  return m;
}
inline StepCost cost70b() {
  RooflineParams p;
  p.gpus = 8;
  p.mfu = 0.5;
  p.mbu = 0.8;
  p.step_overhead_s = 1e-3;
  p.allreduce_latency_s = 10e-6;
  return StepCost(h100(), llama70b(), p);
}

struct Times {
  SimTime admitted = -1, first = -1, finish = -1;
  int preempted = 0;
  std::int64_t cached = 0;  // prompt tokens found in the prefix cache
};
struct Record final : BatchListener {
  std::map<std::uint32_t, Times> times;
  std::map<std::uint32_t, bool> gone;
  bool drop_if_withdrawn(std::uint32_t slot) override { return gone.count(slot) > 0; }
  void on_admitted(std::uint32_t slot, SimTime at, std::int64_t cached) override {
    CHECK(gone.count(slot) == 0);
    times[slot].admitted = at;
    times[slot].cached += cached;
  }
  void on_first_token(std::uint32_t slot, SimTime at) override {
    CHECK(times[slot].first == -1);
    times[slot].first = at;
  }
  void on_finished(std::uint32_t slot, SimTime at) override {
    CHECK(times[slot].finish == -1);
    times[slot].finish = at;
  }
  void on_preempted(std::uint32_t slot) override { ++times[slot].preempted; }
};

// Runs the batcher over timed arrivals to the end; at a tie between an arrival and a boundary
// the arrival goes first when `arrival_first(i)` says so. Returns the number of boundaries.
// Users in `give_ups` (time, slot; in time order) withdraw their request then if it still waits.
template <class Tie>
std::int64_t drive(ContinuousBatcher& b, const std::vector<std::pair<SimTime, ContinuousBatcher::Job>>& arrivals,
                   Record& out, Tie arrival_first, const std::vector<std::pair<SimTime, std::uint32_t>>& give_ups = {}) {
  std::size_t next = 0, next_give_up = 0;
  std::int64_t boundaries = 0;
  for (;;) {
    const SimTime at = b.next_boundary();
    if (next_give_up < give_ups.size() && give_ups[next_give_up].first < at &&
        (next == arrivals.size() || give_ups[next_give_up].first < arrivals[next].first)) {
      const std::uint32_t slot = give_ups[next_give_up++].second;
      if (out.times[slot].admitted == -1 && slot < next) {
        out.gone[slot] = true;
        b.withdraw(give_ups[next_give_up - 1].first, out);
      }
      continue;
    }
    const bool tie_to_arrival = arrival_first(next);
    if (next < arrivals.size() && (arrivals[next].first < at || (arrivals[next].first == at && tie_to_arrival))) {
      b.arrive(arrivals[next].second, arrivals[next].first, out);
      ++next;
    } else if (at != capsim::sim::kTimeNever) {
      b.boundary(at, out);
      ++boundaries;
    } else if (next == arrivals.size() && next_give_up == give_ups.size()) {
      return boundaries;
    } else if (next == arrivals.size()) {
      ++next_give_up;  // after the last boundary: nothing waits
    } else {
      FAIL("idle with arrivals left");
    }
  }
}

}  // namespace capsim::testing
