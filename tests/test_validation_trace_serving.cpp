// Validation of the serving path on real traces: the Azure 2023 conversation and code traces
// (one hour each, 19,366 and 8,819 rows) replay through LLM pools sized to keep them stable, each
// row one request at its timestamp with its own prompt and output tokens
// (scenarios/validation/azure-trace-serving.yaml, azure-code-trace-serving.yaml). Every request
// must complete, and the pool must emit exactly the trace's output tokens.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "models/config/scenario_loader.hpp"
#include "models/run/replication.hpp"
#include "tests/validation_support.hpp"

using namespace capsim;
using namespace capsim::testing;

namespace {

// Data rows of a CSV file with a header.
double csv_rows(const std::string& file) {
  std::ifstream in(file);
  REQUIRE_MESSAGE(in.good(), "the shared Azure trace is missing: " << file);
  double rows = 0;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) ++rows;
  return rows - 1;
}

struct TraceReplay {
  const char* scenario;  // under scenarios/validation/
  const char* trace;     // under ../shared/data/azure-llm-inference-2023/
  const char* service;
  const char* pool;
  double ttft_p99_max_s, tpot_p99_max_s;  // loose: an overloaded pool's are minutes (see the scenario files)
};

// Every row is one request with its own tokens, admitted by the pool and answered: none
// rejected, none given up; the pool generates the trace's output tokens, no more, no fewer.
void check_trace_replay(const TraceReplay& c) {
  const std::string scenario = c.scenario;
  CAPTURE(scenario);
  const double rows = csv_rows(std::string(CAPSIM_SOURCE_DIR) + "/../shared/data/azure-llm-inference-2023/" + c.trace);
  const models::Scenario s = load_validation(c.scenario);
  REQUIRE(static_cast<double>(s.services[0].usage.token_pairs.size()) == rows);
  double trace_prompt = 0, trace_output = 0;
  for (const auto& [prompt, output] : s.services[0].usage.token_pairs) {
    trace_prompt += prompt;
    trace_output += output;
  }
  const models::RunResult r = models::run_replication(s, 0);
  CHECK(run_metric(r, c.service, "signups") == rows);
  CHECK(run_metric(r, c.service, "requests") == rows);
  CHECK(run_metric(r, c.service, "prompt_tokens") == trace_prompt);
  CHECK(run_metric(r, c.service, "output_tokens") == trace_output);
  CHECK(run_metric(r, c.pool, "requests") == rows);
  CHECK(run_metric(r, c.pool, "completed") == rows);
  CHECK(run_metric(r, c.pool, "rejected") == 0);
  CHECK(run_metric(r, c.pool, "timed_out") == 0);
  CHECK(run_metric(r, c.pool, "preemptions") == 0);
  CHECK(run_metric(r, c.pool, "output_tokens") == trace_output);
  // Latencies: finite, positive, ordered, and those of a pool that keeps up.
  const double ttft_mean = run_metric(r, c.pool, "ttft_mean_s"), ttft_p50 = run_metric(r, c.pool, "ttft_p50_s"),
               ttft_p99 = run_metric(r, c.pool, "ttft_p99_s");
  const double tpot_mean = run_metric(r, c.pool, "tpot_mean_s"), tpot_p50 = run_metric(r, c.pool, "tpot_p50_s"),
               tpot_p99 = run_metric(r, c.pool, "tpot_p99_s");
  for (double v : {ttft_mean, ttft_p50, ttft_p99, tpot_mean, tpot_p50, tpot_p99}) CHECK((std::isfinite(v) && v > 0));
  CHECK(ttft_p50 <= ttft_p99);
  CHECK(tpot_p50 <= tpot_p99);
  CHECK(ttft_p99 < c.ttft_p99_max_s);
  CHECK(tpot_p99 < c.tpot_p99_max_s);
  CHECK(run_metric(r, c.pool, "queue_wait_mean_s") < 1.0);
}

}  // namespace

TEST_CASE("validation: serving, the Azure conversation trace replays through an LLM pool, every row one request with its tokens") {
  // Stable: TTFT p99 about 1 s; one replica of 4 GPUs instead queues for 1,000 s on average.
  check_trace_replay({"azure-trace-serving", "conv.csv", "conv", "h100", 5.0, 0.2});
}

TEST_CASE("validation: serving, the Azure code trace replays through an LLM pool, every row one request with its tokens") {
  // Its bursts (874k prompt tokens in ten seconds) queue for a while: TTFT p99 about 10 s.
  check_trace_replay({"azure-code-trace-serving", "code.csv", "code", "h100", 30.0, 5.0});
}

TEST_CASE("usage: with token_trace_order in_order the k-th request takes the trace's k-th row") {
  // Cut the replay short: the n requests sent by then carry exactly the first n rows' tokens
  // (a random row each would not sum to it).
  for (const std::string horizon : {"60s", "600s", "1800s"}) {
    CAPTURE(horizon);
    const models::Scenario s =
        models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/azure-trace-serving.yaml", {{"horizon", horizon}, {"output.interval", "10s"}});
    const models::RunResult r = models::run_replication(s, 0);
    const auto n = static_cast<std::size_t>(run_metric(r, "conv", "requests"));
    REQUIRE(n > 100);
    REQUIRE(n < s.services[0].usage.token_pairs.size());
    double prompt = 0, output = 0;
    for (std::size_t k = 0; k < n; ++k) {
      prompt += s.services[0].usage.token_pairs[k].first;
      output += s.services[0].usage.token_pairs[k].second;
    }
    CHECK(run_metric(r, "conv", "prompt_tokens") == prompt);
    CHECK(run_metric(r, "conv", "output_tokens") == output);
  }
  // The check tells the orders apart: rows drawn at random do not sum to the first n.
  const models::Scenario s = models::load_scenario(std::string(CAPSIM_SOURCE_DIR) + "/scenarios/validation/azure-trace-serving.yaml",
                                                   {{"horizon", "600s"}, {"output.interval", "10s"}, {"services.conv.usage.token_trace_order", "random"}});
  const models::RunResult r = models::run_replication(s, 0);
  double prompt = 0;
  for (std::size_t k = 0; k < static_cast<std::size_t>(run_metric(r, "conv", "requests")); ++k) prompt += s.services[0].usage.token_pairs[k].first;
  CHECK(run_metric(r, "conv", "prompt_tokens") != prompt);
}
