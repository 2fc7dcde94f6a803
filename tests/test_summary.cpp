// Summaries over replications (models/summary.hpp) and summary.csv, which is written from them.
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "cli/run_directory.hpp"
#include "cli_runner.hpp"
#include "models/run/experiment.hpp"
#include "models/config/scenario_loader.hpp"
#include "models/run/summary.hpp"
#include "scenario_fixtures.hpp"
#include "sim/confidence_interval.hpp"
#include "sim/csv_writer.hpp"

using namespace capsim;
using capsim::testing::TempDir;

namespace {

models::RunResult run_with(int replication, std::vector<sim::Measurement> metrics) {
  models::RunResult r;
  r.replication = replication;
  r.completed = true;
  r.metrics = std::move(metrics);
  return r;
}

// summary.csv as RunDirectory::complete() must write it for `runs`.
std::string expected_summary_csv(const std::string& scenario, const std::vector<models::RunResult>& runs) {
  sim::CsvWriter w({"scenario", "scope", "metric", "unit", "mean", "sd", "n", "ci95_lo", "ci95_hi"});
  for (const models::MetricSummary& m : models::summarize(runs)) {
    w.cell(scenario).cell(m.scope).cell(m.metric).cell(m.unit).cell(m.mean).cell(m.sd);
    w.cell(static_cast<std::uint64_t>(m.n)).cell(m.ci95_lo).cell(m.ci95_hi);
    w.end_row();
  }
  return w.text();
}

}  // namespace

TEST_CASE("summarize: one row per scope, metric and unit, first-seen order, t-interval over runs") {
  const std::vector<models::RunResult> runs = {
      run_with(0, {{"chat", "wait_mean_s", "s", 10}, {"all", "signups", "people", 100}}),
      run_with(1, {{"chat", "wait_mean_s", "s", 12}, {"image", "wait_mean_s", "s", 3}, {"all", "signups", "people", 110}}),
      run_with(2, {{"all", "signups", "people", 90}, {"chat", "wait_mean_s", "s", 14}, {"chat", "wait_mean_s", "min", 0.2}}),
  };
  const std::vector<models::MetricSummary> s = models::summarize(runs);
  REQUIRE(s.size() == 4);
  CHECK(s[0].scope == "chat");
  CHECK(s[0].metric == "wait_mean_s");
  CHECK(s[0].unit == "s");
  CHECK(s[1].metric == "signups");
  CHECK(s[2].scope == "image");
  CHECK(s[3].unit == "min");  // another unit is another row

  const sim::MeanInterval chat = sim::t_interval({10, 12, 14}, 0.95);
  CHECK(s[0].n == 3);
  CHECK(s[0].mean == 12);
  CHECK(s[0].sd == 2);
  CHECK(s[0].ci95_lo == chat.lo);
  CHECK(s[0].ci95_hi == chat.hi);
  CHECK(s[0].ci95_hi == doctest::Approx(12 + 4.302652729911275 * 2 / std::sqrt(3.0)));  // t(0.975, 2)
  CHECK(s[1].mean == 100);
  CHECK(s[1].n == 3);
  // One value: no interval.
  CHECK(s[2].n == 1);
  CHECK(s[2].mean == 3);
  CHECK(s[2].sd == 0);
  CHECK(std::isnan(s[2].ci95_lo));
  CHECK(std::isnan(s[2].ci95_hi));

  CHECK(models::summarize({}).empty());
  const auto with_nan = models::summarize({run_with(0, {{"a", "m", "", 1}}), run_with(1, {{"a", "m", "", std::nan("")}})});
  REQUIRE(with_nan.size() == 1);
  CHECK(std::isnan(with_nan[0].mean));
}

TEST_CASE("summary.csv is summarize() of the parts read back, to the last bit") {
  TempDir dir;
  const models::Scenario scenario =
      models::load_scenario_text(std::string(testing::kMinimalScenario) + "replications: 3\n", "t.yaml");
  // Doubles that a lossy text form would change: thirds, tenths, extremes, signed zero, NaN.
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<models::RunResult> runs;
  for (int r = 0; r < 3; ++r) {
    const double k = r + 1;
    runs.push_back(run_with(r, {{"chat", "third", "s", k / 3},
                                {"chat", "tenth", "s", 0.1 * k},
                                {"all, quoted", "tiny", "", 5e-324 * k},
                                {"all", "huge", "", 1.7976931348623157e308 / k},
                                {"all", "zero", "", r == 1 ? -0.0 : 0.0},
                                {"all", "na", "", r == 2 ? std::nan("") : 1.0},
                                {"all", "inf", "", r == 0 ? inf : 2.0},
                                {"all", "noise", "", 1e9 + 1e-6 * k}}));
  }
  const cli::RunDirectory out(dir / "run", scenario);
  for (const models::RunResult& r : runs) out.save(r);
  out.complete();
  CHECK(testing::read_file(dir / "run" / "summary.csv") == expected_summary_csv("t", runs));
  // The metrics read back are the doubles saved: the summaries agree bit for bit.
  const auto s = models::summarize(runs);
  CHECK(s[0].mean == (1.0 / 3 + 2.0 / 3 + 1.0) / 3);
  CHECK(std::isnan(s[5].mean));
}

TEST_CASE("summary.csv of a real run equals summarize() of the in-memory results") {
  TempDir dir;
  const models::Scenario scenario =
      models::load_scenario_text(std::string(testing::kMinimalScenario) + "replications: 3\n", "t.yaml");
  const std::vector<models::RunResult> runs = models::run_replications(scenario, 1);
  REQUIRE(runs.size() == 3);
  const cli::RunDirectory out(dir / "run", scenario);
  for (const models::RunResult& r : runs) out.save(r);
  out.complete();
  const std::string written = testing::read_file(dir / "run" / "summary.csv");
  CHECK(written == expected_summary_csv("t", runs));
  CHECK(models::summarize(runs).size() == runs[0].metrics.size());
}

TEST_CASE("pooled_quantiles: the sketches of all runs merged, per scope and signal") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> wait(0, 1.5);
  std::vector<models::RunResult> runs(3);
  sim::QuantileSketch all_chat, all_image;
  for (int r = 0; r < 3; ++r) {
    runs[r].replication = r;
    models::SignalSketch chat{"chat", "wait", {}}, image{"image", "wait", {}};
    for (int i = 0; i < 1000 * (r + 1); ++i) {
      const double x = wait(rng) * (r + 1);
      chat.sketch.add(x);
      all_chat.add(x);
      if (i % 3 == 0) {
        image.sketch.add(2 * x);
        all_image.add(2 * x);
      }
    }
    if (r == 1) runs[r].sketches.push_back(image);  // image first in run 1 only
    runs[r].sketches.push_back(chat);
    if (r != 1) runs[r].sketches.push_back(image);
  }
  const std::vector<models::PooledQuantiles> q = models::pooled_quantiles(runs);
  REQUIRE(q.size() == 2);
  CHECK(q[0].scope == "chat");
  CHECK(q[0].signal == "wait");
  CHECK(q[1].scope == "image");
  CHECK(q[0].n == 6000);
  CHECK(q[0].n == all_chat.count());
  CHECK(q[0].p50 == all_chat.quantile(0.5));
  CHECK(q[0].p90 == all_chat.quantile(0.9));
  CHECK(q[0].p99 == all_chat.quantile(0.99));
  CHECK(q[1].n == all_image.count());
  CHECK(q[1].p99 == all_image.quantile(0.99));
  CHECK(q[0].p50 != q[1].p50);
  CHECK(models::pooled_quantiles({}).empty());
}

TEST_CASE("a run directory saves quantile sketches in the parts and reads them back exactly") {
  TempDir dir;
  const models::Scenario scenario =
      models::load_scenario_text(std::string(testing::kMinimalScenario) + "replications: 2\n", "t.yaml");
  std::mt19937_64 rng(3);
  std::exponential_distribution<double> wait(0.01);
  std::vector<models::RunResult> runs(2);
  for (int r = 0; r < 2; ++r) {
    runs[r] = run_with(r, {{"chat", "wait_mean_s", "s", 1.0 + r}});
    if (r == 1) continue;  // replication 1 has no sketches: no sketches part
    models::SignalSketch chat{"chat", "wait", {}}, empty{"all, quoted", "left", {}};
    for (int i = 0; i < 5000; ++i) chat.sketch.add(i % 10 == 0 ? 0.0 : wait(rng));
    chat.sketch.add(1e300);
    runs[r].sketches = {chat, empty};
  }
  const cli::RunDirectory out(dir / "run", scenario);
  for (const models::RunResult& r : runs) out.save(r);
  CHECK(std::filesystem::exists(dir / "run" / ".parts" / "0.sketches.csv"));
  CHECK_FALSE(std::filesystem::exists(dir / "run" / ".parts" / "1.sketches.csv"));
  const models::RunResult back = out.read_part(0);
  REQUIRE(back.sketches.size() == 2);
  CHECK(back.sketches[0].scope == "chat");
  CHECK(back.sketches[0].signal == "wait");
  CHECK(back.sketches[0].sketch == runs[0].sketches[0].sketch);
  CHECK(back.sketches[0].sketch.zero_count() == 500);
  CHECK(back.sketches[1].scope == "all, quoted");
  CHECK(back.sketches[1].sketch.count() == 0);
  CHECK(back.metrics.size() == 1);
  CHECK(back.metrics[0].value == 1.0);
  CHECK(out.read_part(1).sketches.empty());
  const auto pooled = models::pooled_quantiles({back, out.read_part(1)});
  REQUIRE(pooled.size() == 2);
  CHECK(pooled[0].p99 == models::pooled_quantiles(runs)[0].p99);

  // A damaged part is an error that names the file.
  testing::write_text(dir / "run" / ".parts" / "0.sketches.csv", "scope,signal,zeros,buckets\nchat,wait,1,99999999:1\n");
  CHECK_THROWS_WITH_AS(out.read_part(0), doctest::Contains("0.sketches.csv: a bucket index is out of range"), std::runtime_error);
  testing::write_text(dir / "run" / ".parts" / "0.sketches.csv", "scope,signal,zeros,buckets\nchat,wait,x,\n");
  CHECK_THROWS_WITH_AS(out.read_part(0), doctest::Contains("expected a whole number, got \"x\""), std::runtime_error);
  out.save(runs[0]);  // a good part again
  out.complete();
  CHECK_FALSE(std::filesystem::exists(dir / "run" / ".parts"));
  CHECK(testing::read_file(dir / "run" / "summary.csv") == expected_summary_csv("t", runs));
}

TEST_CASE("quantile sketch counts round-trip through from_counts") {
  sim::QuantileSketch s;
  for (double x : {0.0, -1.0, 1e-12, 1.0, 1.0, 3.5, 1e6, 1e300}) s.add(x);
  const auto again = sim::QuantileSketch::from_counts(s.zero_count(), s.nonzero_buckets());
  REQUIRE(again);
  CHECK(*again == s);
  CHECK(again->count() == 8);
  CHECK(s.zero_count() == 3);
  CHECK(s.nonzero_buckets().size() == 4);
  CHECK_FALSE(sim::QuantileSketch::from_counts(0, {{1u << 20, 1}}));
  CHECK_FALSE(sim::QuantileSketch::from_counts(~std::uint64_t{0}, {{0, 1}}));  // the count overflows
}
