// Validation of the serving path on a real trace: the Azure 2023 conversation trace (one hour,
// 19,366 rows) replays through an LLM pool sized to keep it stable, each row one request at its
// timestamp with its own prompt and output tokens (scenarios/validation/azure-trace-serving.yaml).
// Every request must complete, and the pool must emit exactly the trace's output tokens.
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

}  // namespace

TEST_CASE("validation: serving, the Azure conversation trace replays through an LLM pool, every row one request with its tokens") {
  const std::string file = std::string(CAPSIM_SOURCE_DIR) + "/../shared/data/azure-llm-inference-2023/conv.csv";
  const double rows = csv_rows(file);
  const models::Scenario s = load_validation("azure-trace-serving");
  REQUIRE(static_cast<double>(s.services[0].usage.token_pairs.size()) == rows);
  double trace_output = 0;
  for (const auto& [prompt, output] : s.services[0].usage.token_pairs) trace_output += output;

  const models::RunResult r = models::run_replication(s, 0);
  // One request per row, each admitted by the pool and answered: none rejected, none given up.
  CHECK(run_metric(r, "conv", "signups") == rows);
  CHECK(run_metric(r, "conv", "requests") == rows);
  CHECK(run_metric(r, "h100", "requests") == rows);
  CHECK(run_metric(r, "h100", "completed") == rows);
  CHECK(run_metric(r, "h100", "rejected") == 0);
  CHECK(run_metric(r, "h100", "timed_out") == 0);
  CHECK(run_metric(r, "h100", "preemptions") == 0);
  // The k-th request took the k-th row: the pool generated the trace's tokens, no more, no fewer.
  CHECK(run_metric(r, "h100", "output_tokens") == trace_output);
  // Latencies: finite, positive, ordered; stable, so nobody waits long for a first token.
  const double ttft_mean = run_metric(r, "h100", "ttft_mean_s"), ttft_p50 = run_metric(r, "h100", "ttft_p50_s"),
               ttft_p99 = run_metric(r, "h100", "ttft_p99_s");
  const double tpot_mean = run_metric(r, "h100", "tpot_mean_s"), tpot_p50 = run_metric(r, "h100", "tpot_p50_s"),
               tpot_p99 = run_metric(r, "h100", "tpot_p99_s");
  for (double v : {ttft_mean, ttft_p50, ttft_p99, tpot_mean, tpot_p50, tpot_p99}) CHECK((std::isfinite(v) && v > 0));
  CHECK(ttft_p50 <= ttft_p99);
  CHECK(tpot_p50 <= tpot_p99);
  CHECK(ttft_p99 < 5.0);
  CHECK(tpot_p99 < 0.2);
  CHECK(run_metric(r, "h100", "queue_wait_mean_s") < 1.0);
}
