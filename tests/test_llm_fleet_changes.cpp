// Fleet changes on a pool that serves a model (LlmServingPool, fleet_changes.hpp), through the
// scenario path: replicas added at a time join the router then, retired ones stop taking requests
// and finish what they hold before they leave; replicas_installed and replicas_up follow the count;
// a capacity per replica follows it too.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "models/config/scenario_loader.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

// Chat requests at 5/s (Poisson) on Llama-2-7B replicas of one A100 each: about 300 output tokens
// a request, far below a replica's capacity, so nothing waits long and nothing is lost.
constexpr const char* kChat = R"(name: t
horizon: 300s
seed: 7
output: {interval: 10s}
services:
  - name: chat
    signups: {process: poisson, rate: 5/s}
    waitlist: {policy: open}
    usage:
      lifetime: {dist: deterministic, value: 10ms}
      sessions_per_day: 1e8
      caps: [{from: 0s, per_day: 1}]
      prompt_tokens: {dist: deterministic, value: 200}
      output_tokens: {dist: deterministic, value: 300}
    serving: {pool: a100}
fleet:
  pools:
    - name: a100
      replicas: 1
      gpu: A100-SXM4-80GB
      model: Llama-2-7B
)";

models::RunResult run_one(const std::string& yaml, const std::vector<models::Override>& overrides = {}) {
  const auto runs = models::run_replications(models::load_scenario_text(yaml, "t.yaml", overrides), 1);
  REQUIRE(runs.size() == 1);
  return runs[0];
}

}  // namespace

TEST_CASE("llm fleet changes: a retired replica takes no requests from then, one added later takes them from its time") {
  // The only replica is retired at 100 s and a new one, ordered at 150 s, serves from 200 s.
  // Signups stop at 250 s, so that every request is answered by the horizon.
  const auto r = run_one(kChat, {{"services.chat.signups", "{process: piecewise, rates: [{from: 0s, rate: 5/s}, {from: 250s, rate: 0/s}]}"},
                                 {"fleet.pools.a100.changes", "[{at: 100s, retire: 1}, {at: 150s, add: 1, lead_time: 50s}]"}});
  for (const auto& [t, rejected] : run_series(r, "a100", "rejected")) {
    INFO("step ending at t = " << t);
    if (t <= 100 || t > 200) CHECK(rejected == 0);  // a replica in the router
    if (t > 100 && t <= 200) CHECK(rejected > 0);   // none: every arrival at capacity (50 expected per step)
  }
  for (const auto& [t, installed] : run_series(r, "a100", "replicas_installed")) {
    INFO("t = " << t);
    if (t > 110 && t < 200) CHECK(installed == 0);  // left once it had finished what it held
    if (t > 200) CHECK(installed == 1);  // (at 200 s the sample may come before the installation)
  }
  // Time-weighted: the retired replica left at 100 s plus its drain (a request's ~5 s at most).
  const double up = run_metric(r, "a100", "replicas_up_mean");
  CHECK(up >= (100.0 + 100.0) / 300);
  CHECK(up <= (110.0 + 100.0) / 300);
  CHECK(run_metric(r, "a100", "replicas_installed_max") == 1);
  // Nothing lost: each request was completed, or turned away at once while no replica was in the
  // router (among them all those of 100-200 s: about 500).
  const double requests = run_metric(r, "a100", "requests"), rejected = run_metric(r, "a100", "rejected");
  CHECK(run_metric(r, "a100", "timed_out") == 0);
  CHECK(run_metric(r, "a100", "completed") + rejected == requests);
  CHECK(rejected > 400);
  CHECK(rejected < 600);
}

TEST_CASE("llm fleet changes: a retired replica finishes the requests it holds, then leaves (hand check)") {
  // One replica, busy: about 60 requests arrive in the first second (signups at 60/s for 1 s,
  // then none), each 200 prompt + 1,000 output tokens, one batch that takes several seconds (a
  // decode step of a 7B model on an A100 reads its 13.5 GB of weights: > 6 ms). The replica is
  // retired at 2 s: it finishes every request it holds, then leaves.
  const auto r = run_one(kChat, {{"services.chat.signups", "{process: piecewise, rates: [{from: 0s, rate: 60/s}, {from: 1s, rate: 0/s}]}"},
                                 {"services.chat.usage.output_tokens", "{dist: deterministic, value: 1000}"},
                                 {"fleet.pools.a100.changes", "[{at: 2s, retire: 1}]"}});
  const double requests = run_metric(r, "a100", "requests");
  CHECK(requests > 30);
  CHECK(run_metric(r, "a100", "completed") == requests);  // none lost, none sent elsewhere
  CHECK(run_metric(r, "a100", "rejected") == 0);
  // It left when its last request finished: installed (1 until then, 0 after) has a time mean of
  // that time over the horizon. The last finish is at least the longest end-to-end time, and at
  // most that plus the last arrival (< 1 s).
  const double left = run_metric(r, "a100", "replicas_installed_mean") * 300;
  const double last = run_metric(r, "a100", "e2e_max_s");
  INFO("left at " << left << " s, longest request " << last << " s");
  CHECK(last > 2);  // busy when retired
  CHECK(left >= last - 1e-6);
  CHECK(left <= last + 1);
  CHECK(run_metric(r, "a100", "replicas_up_mean") == doctest::Approx(left / 300));
}

TEST_CASE("llm fleet changes: replicas that double at a time double the throughput from then") {
  // 2 replicas saturated by 40 requests/s (users give up after 30 s of waiting); 2 more ordered at
  // 400 s serve from 500 s. Every request is 200 + 300 tokens and a replica batches at most 16, so
  // a saturated replica runs waves of 16 requests that finish together: its throughput is 4,800
  // tokens a wave, the same wave after wave.
  const auto r = run_one(kChat, {{"horizon", "1000s"},
                                 {"services.chat.signups.rate", "40/s"},
                                 {"services.chat.serving.timeout", "{dist: deterministic, value: 30s}"},
                                 {"fleet.pools.a100.replicas", "2"},
                                 {"fleet.pools.a100.batch", "{max: 16}"},
                                 {"fleet.pools.a100.changes", "[{at: 400s, add: 2, lead_time: 100s}]"}});
  double before = 0, after = 0;
  for (const auto& [t, tokens] : run_series(r, "a100", "output_tokens")) {
    if (t > 100 && t <= 500) before += tokens;
    if (t > 600) after += tokens;  // 400 s each
  }
  INFO("output tokens in 400 s: " << before << " with 2 replicas, " << after << " with 4");
  // Twice the replicas, twice the tokens: within one wave a replica at each end of each window
  // (a wave takes about 8 s: 1 in 50).
  CHECK(after / before == doctest::Approx(2.0).epsilon(0.05));
  for (const auto& [t, installed] : run_series(r, "a100", "replicas_installed")) {
    INFO("t = " << t);
    if (t != 500) CHECK(installed == (t < 500 ? 2 : 4));
  }
  CHECK(run_metric(r, "a100", "replicas_installed_mean") == doctest::Approx((500 * 2 + 500 * 4) / 1000.0));
  CHECK(run_metric(r, "a100", "replicas_up_mean") == doctest::Approx((500 * 2 + 500 * 4) / 1000.0));
  for (const auto& [t, busy] : run_series(r, "a100", "utilization")) {
    INFO("t = " << t);
    if (t > 20 && t <= 500) CHECK(busy == doctest::Approx(1.0));  // all installed replicas busy
    if (t > 510) CHECK(busy == doctest::Approx(1.0));             // the new ones too
    // From 500 s the router sends the next two arrivals (40/s: 50 ms apart on average) to the two
    // new replicas, idle until then: over 500-510 s the busy share falls short of 1 by their
    // waits only (above 0.99 unless the two arrivals took more than 0.4 s: p = 2e-6).
    if (t == 510) CHECK(busy > 0.99);
  }
}

TEST_CASE("llm fleet changes: a capacity per replica follows the replicas installed") {
  // 1 replica, then 2 more from 100 s: 3 users a replica, users stay 1,000 s: admitted users go
  // from 3 to 9 at 100 s.
  const auto r = run_one(kChat, {{"services.chat.waitlist", "{policy: fifo, capacity_per_replica: 3}"},
                                 {"services.chat.usage.lifetime", "{dist: deterministic, value: 1000s}"},
                                 {"fleet.pools.a100.changes", "[{at: 100s, add: 2}]"}});
  for (const auto& [t, admitted] : run_series(r, "chat", "admitted_users")) {
    INFO("t = " << t);
    if (t >= 10 && t < 100) CHECK(admitted == 3);
    if (t >= 110) CHECK(admitted == 9);
  }
}
