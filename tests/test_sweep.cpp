// `capsim sweep` as a user runs it: the numbered runs, one directory per run, merged files,
// resume, separate processes (--run-index, --shard, scripts/sweep-local) giving the in-process
// sweep's bytes, common random numbers and paired differences.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "models/run/sweep.hpp"
#include "tests/cli_runner.hpp"

using namespace capsim::testing;
namespace fs = std::filesystem;

namespace {

const char* kSweepScenario = R"(name: sweep-test
horizon: 2000s
warmup: 100s
seed: 11
replications: 2
output: {interval: 500s}
services:
  - name: chat
    signups: {process: poisson, rate: 9/s}
    waitlist:
      policy: fifo
      capacity: 10
      patience: {dist: exponential, mean: 2s}
    usage:
      lifetime: {dist: exponential, mean: 1s}
sweep:
  grid:
    services.chat.waitlist.capacity: [5, 10]
)";

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    rows.emplace_back();
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) rows.back().push_back(cell);
  }
  return rows;
}

// The CSV with the wall-clock column (wall_s, the last of runs.csv) cut off.
std::string without_wall_clock(const std::string& csv) {
  std::string out, line;
  std::istringstream in(csv);
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

void check_same_merged(const fs::path& a, const fs::path& b) {
  for (const char* f : {"metrics.csv", "timeseries.csv", "summary.csv", "sweep.tsv"})
    CHECK_MESSAGE(read_file(a / f) == read_file(b / f), f);
  CHECK(!read_file(a / "summary.csv").empty());
  CHECK(without_wall_clock(read_file(a / "runs.csv")) == without_wall_clock(read_file(b / "runs.csv")));
}

}  // namespace

TEST_CASE("sweep arms: grid is the cartesian product (last key fastest), zip in lockstep, --grid adds or replaces a dimension") {
  const std::string yaml = std::string(kSweepScenario) +
                           "  zip:\n    services.chat.signups.rate: [9/s, 4/s, 2/s]\n    output.interval: [500s, 1000s, 2000s]\n";
  const capsim::models::SweepSpec spec = capsim::models::read_sweep_text(yaml, "s.yaml", {"services.chat.waitlist.patience.mean=2s,{x: [1, 2]}"});
  REQUIRE(spec.arms() == 2 * 3 * 2);
  CHECK(spec.keys() == std::vector<std::string>{"services.chat.waitlist.capacity", "services.chat.signups.rate", "output.interval",
                                                 "services.chat.waitlist.patience.mean"});
  auto values = [&](std::size_t arm) {
    std::vector<std::string> v;
    for (const auto& o : spec.arm(arm)) v.push_back(o.value);
    return v;
  };
  CHECK(values(0) == std::vector<std::string>{"5", "9/s", "500s", "2s"});
  CHECK(values(1) == std::vector<std::string>{"5", "9/s", "500s", "{x: [1, 2]}"});
  CHECK(values(2) == std::vector<std::string>{"5", "4/s", "1000s", "2s"});
  CHECK(values(11) == std::vector<std::string>{"10", "2/s", "2000s", "{x: [1, 2]}"});
  // --grid on a key of the file's grid replaces that dimension.
  const auto replaced = capsim::models::read_sweep_text(kSweepScenario, "s.yaml", {"services.chat.waitlist.capacity=1,2,3"});
  CHECK(replaced.arms() == 3);
}

TEST_CASE("capsim sweep --list numbers the runs arm-major: index, run_id, overrides, replication, seed") {
  TempDir dir;
  write_text(dir / "s.yaml", kSweepScenario);
  const CliResult r = run_capsim("sweep s.yaml --list --grid services.chat.waitlist.patience.mean=2s,4s --seed 7", dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string k = "services.chat.waitlist.capacity=", p = " services.chat.waitlist.patience.mean=";
  CHECK(r.out == "index\trun_id\toverrides\treplication\tseed\n"
                 "0\ta0-r0\t" + k + "5" + p + "2s\t0\t7\n"
                 "1\ta0-r1\t" + k + "5" + p + "2s\t1\t7\n"
                 "2\ta1-r0\t" + k + "5" + p + "4s\t0\t7\n"
                 "3\ta1-r1\t" + k + "5" + p + "4s\t1\t7\n"
                 "4\ta2-r0\t" + k + "10" + p + "2s\t0\t7\n"
                 "5\ta2-r1\t" + k + "10" + p + "2s\t1\t7\n"
                 "6\ta3-r0\t" + k + "10" + p + "4s\t0\t7\n"
                 "7\ta3-r1\t" + k + "10" + p + "4s\t1\t7\n");
  CHECK_FALSE(fs::exists(dir / "results"));  // --list writes nothing
  // `capsim run` ignores the sweep block: it runs the scenario as written.
  const CliResult run = run_capsim("run s.yaml --out plain --quiet", dir.path());
  REQUIRE(run.exit_code == 0);
  CHECK(read_file(dir / "plain/runs.csv").starts_with("run_id,scenario,replication,seed,events,wall_s\n0,sweep-test,0,11,"));
}

TEST_CASE("SIGINT stops a sweep after its finished runs (exit 130), the same command completes it with the uninterrupted bytes") {
  TempDir dir;
  std::string s = kSweepScenario;
  s.replace(s.find("horizon: 2000s"), 14, "horizon: 100000s");
  write_text(dir / "s.yaml", s);
  const std::string script = "'" CAPSIM_BINARY "' sweep s.yaml --out out --threads 1 --quiet 2>err & pid=$!; "
                             "for i in $(seq 600); do [ -f out/runs/a0-r0/runs.csv ] && break; sleep 0.05; done; kill -INT $pid; wait $pid; echo $? > code";
  REQUIRE(std::system(("cd '" + dir.path().string() + "' || exit 1; " + script).c_str()) == 0);
  CHECK(read_file(dir / "code") == "130\n");
  CHECK(read_file(dir / "err").find("interrupted;") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out/runs/a1-r1/runs.csv"));  // not all of them ran
  CHECK_FALSE(fs::exists(dir / "out/summary.csv"));
  const CliResult again = run_capsim("sweep s.yaml --out out --threads 2", dir.path());
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(again.err.find("runs already complete in out") != std::string::npos);
  REQUIRE(run_capsim("sweep s.yaml --out fresh --threads 2 --quiet", dir.path()).exit_code == 0);
  check_same_merged(dir / "out", dir / "fresh");
}

TEST_CASE("capsim sweep runs every run, merges, skips complete runs, and --run-index / --shard give the same bytes") {
  TempDir dir;
  write_text(dir / "s.yaml", kSweepScenario);
  const CliResult all = run_capsim("sweep s.yaml --out all --threads 2 --quiet", dir.path());
  INFO(all.err);
  REQUIRE(all.exit_code == 0);
  CHECK(all.out == "all\n");
  for (const char* run : {"a0-r0", "a0-r1", "a1-r0", "a1-r1"})
    for (const char* f : {"runs.csv", "metrics.csv", "timeseries.csv", "config.resolved.yaml"})
      CHECK_MESSAGE(fs::exists(dir / "all/runs" / run / f), run, "/", f);
  CHECK(read_file(dir / "all/runs/a1-r0/config.resolved.yaml").find("capacity: 10") != std::string::npos);
  const auto runs = csv_rows(read_file(dir / "all/runs.csv"));
  REQUIRE(runs.size() == 5);
  CHECK(runs[0] == std::vector<std::string>{"run_id", "scenario", "replication", "seed", "services.chat.waitlist.capacity", "events", "wall_s"});
  CHECK(std::vector<std::string>(runs[3].begin(), runs[3].begin() + 5) == std::vector<std::string>{"a1-r0", "sweep-test", "0", "11", "10"});
  const auto summary = csv_rows(read_file(dir / "all/summary.csv"));
  CHECK(summary[0] == std::vector<std::string>{"scenario", "services.chat.waitlist.capacity", "scope", "metric", "unit", "mean", "sd", "n",
                                                "ci95_lo", "ci95_hi"});
  std::map<std::string, int> rows_per_arm;
  for (std::size_t i = 1; i < summary.size(); ++i) {
    ++rows_per_arm[summary[i][1]];
    CHECK(summary[i][7] == "2");  // n: the arm's two replications
  }
  CHECK(rows_per_arm.size() == 2);
  CHECK(rows_per_arm["5"] == rows_per_arm["10"]);

  // One thread, one process per run, or shards: the same bytes.
  REQUIRE(run_capsim("sweep s.yaml --out one --threads 1 --quiet", dir.path()).exit_code == 0);
  check_same_merged(dir / "all", dir / "one");
  for (int i : {3, 0, 2, 1}) REQUIRE(run_capsim("sweep s.yaml --out each --quiet --run-index " + std::to_string(i), dir.path()).exit_code == 0);
  CHECK_FALSE(fs::exists(dir / "each/summary.csv"));  // a single run does not merge
  for (const char* shard : {"1/3", "2/3", "3/3"}) REQUIRE(run_capsim(std::string("sweep s.yaml --out shards --quiet --shard ") + shard, dir.path()).exit_code == 0);
  CHECK(fs::exists(dir / "shards/runs/a1-r1/runs.csv"));
  for (const char* d : {"each", "shards"}) {
    const CliResult merge = run_capsim(std::string("sweep s.yaml --out ") + d, dir.path());
    REQUIRE(merge.exit_code == 0);
    CHECK(merge.err.find("4 of 4 runs already complete") != std::string::npos);  // nothing ran again
    check_same_merged(dir / "all", dir / d);
  }
  // A complete run is not run again: its files are untouched.
  const auto before = fs::last_write_time(dir / "all/runs/a0-r0/metrics.csv");
  REQUIRE(run_capsim("sweep s.yaml --out all --quiet", dir.path()).exit_code == 0);
  CHECK(fs::last_write_time(dir / "all/runs/a0-r0/metrics.csv") == before);
}

TEST_CASE("an interrupted sweep resumes: the missing runs only, then the same merged files") {
  TempDir dir;
  write_text(dir / "s.yaml", kSweepScenario);
  REQUIRE(run_capsim("sweep s.yaml --out full --quiet", dir.path()).exit_code == 0);
  // What an interruption leaves: some runs complete, one with files but no runs.csv.
  REQUIRE(run_capsim("sweep s.yaml --out cut --quiet --run-index 1", dir.path()).exit_code == 0);
  fs::create_directories(dir / "cut/runs/a1-r0");
  write_text(dir / "cut/runs/a1-r0/metrics.csv", "half-written");
  const CliResult r = run_capsim("sweep s.yaml --out cut", dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("1 of 4 runs already complete") != std::string::npos);
  check_same_merged(dir / "full", dir / "cut");
}

TEST_CASE("sweep arms share common random numbers, --baseline adds paired differences") {
  TempDir dir;
  write_text(dir / "s.yaml", kSweepScenario);
  const CliResult r = run_capsim("sweep s.yaml --out o --quiet --replications 3 --baseline services.chat.waitlist.capacity=5", dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // Signups come from a stream that capacity does not touch: the same in both arms, replication
  // by replication, and different between replications.
  std::map<std::string, std::string> value;  // run_id/metric -> value
  for (const auto& row : csv_rows(read_file(dir / "o/metrics.csv"))) value[row[0] + "/" + row[2]] = row[3];
  for (const char* rep : {"r0", "r1", "r2"}) CHECK(value[std::string("a0-") + rep + "/signups"] == value[std::string("a1-") + rep + "/signups"]);
  CHECK(value["a0-r0/signups"] != value["a0-r1/signups"]);
  CHECK(value["a0-r0/admitted"] != value["a1-r0/admitted"]);  // the arms do differ

  const auto summary = csv_rows(read_file(dir / "o/summary.csv"));
  REQUIRE(summary[0].size() == 15);
  CHECK(summary[0][10] == "diff_mean");
  CHECK(summary[0][14] == "diff_ci95_hi");
  int checked = 0;
  for (std::size_t i = 1; i < summary.size(); ++i) {
    const auto& row = summary[i];
    if (row[1] == "5") {
      CHECK(row[10] == "NA");  // the baseline itself
      continue;
    }
    if (row[3] == "signups") {
      CHECK(row[10] == "0");  // identical streams: every paired difference is 0
      CHECK(row[11] == "0");
      CHECK(row[13] == "0");
      CHECK(row[14] == "0");
      ++checked;
    }
    if (row[3] == "admitted") {
      // By hand: the mean of a1-rK minus a0-rK.
      double d = 0;
      for (const char* rep : {"r0", "r1", "r2"})
        d += std::stod(value[std::string("a1-") + rep + "/admitted"]) - std::stod(value[std::string("a0-") + rep + "/admitted"]);
      CHECK(std::stod(row[10]) == doctest::Approx(d / 3).epsilon(1e-12));
      CHECK(row[12] == "3");
      CHECK(std::stod(row[13]) <= std::stod(row[10]));
      CHECK(std::stod(row[14]) >= std::stod(row[10]));
      ++checked;
    }
  }
  CHECK(checked == 2);
}

TEST_CASE("summarize_arm: paired differences by replication, by hand") {
  using capsim::models::RunResult;
  auto run = [](int replication, double value) {
    RunResult r;
    r.replication = replication;
    r.completed = true;
    r.metrics.push_back({"chat", "admitted", "users", value});
    return r;
  };
  const std::vector<RunResult> arm{run(0, 1), run(1, 2), run(2, 4)}, base{run(0, 0), run(1, 1), run(2, 1)};
  const auto s = capsim::models::summarize_arm(arm, base);
  REQUIRE(s.size() == 1);
  CHECK(s[0].metric.mean == doctest::Approx(7.0 / 3));
  REQUIRE(s[0].difference.has_value());
  // Differences 1, 1, 3: mean 5/3, sd sqrt(((2/3)^2 * 2 + (4/3)^2) / 2) = sqrt(4/3); t(0.975, 2) = 4.302652729911275.
  CHECK(s[0].difference->mean == doctest::Approx(5.0 / 3));
  CHECK(s[0].difference->sd == doctest::Approx(std::sqrt(4.0 / 3)));
  CHECK(s[0].difference->ci95_hi == doctest::Approx(5.0 / 3 + 4.302652729911275 * std::sqrt(4.0 / 3) / std::sqrt(3.0)));
  CHECK(capsim::models::summarize_arm(arm, {})[0].difference == std::nullopt);
}

TEST_CASE("capsim sweep: bad sweeps and usage exit 2 with a located message, another sweep's directory is refused") {
  TempDir dir;
  write_text(dir / "s.yaml", std::string(kSweepScenario) + "  zip:\n    seed: [1, 2]\n    replications: [1]\n  gird: {}\n");
  const CliResult bad = run_capsim("sweep s.yaml --list", dir.path());
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("s.yaml:21:19: error: sweep.zip.replications: zip lists are taken in lockstep: expected 2 values (as `seed`), got 1") !=
        std::string::npos);
  CHECK(bad.err.find("s.yaml:22:3: error: sweep.gird: unknown key (did you mean \"grid\"?); expected one of: grid, zip") != std::string::npos);
  write_text(dir / "s.yaml", kSweepScenario);
  const CliResult key = run_capsim("sweep s.yaml --list --grid services.chat.waitlist.capacty=1,2", dir.path());
  CHECK(key.exit_code == 2);
  CHECK(key.err.find("sweep services.chat.waitlist.capacty=1: error: services.chat.waitlist.capacty: unknown key (did you mean \"capacity\"?)") !=
        std::string::npos);
  CHECK(key.err.find("capacty=2") == std::string::npos);  // the same error once
  CHECK(key.err.find("1 error;") != std::string::npos);
  const CliResult value = run_capsim("sweep s.yaml --list --grid services.chat.waitlist.capacity=1,0", dir.path());
  CHECK(value.exit_code == 2);
  CHECK(value.err.find("must be >= 1") != std::string::npos);
  CHECK(run_capsim("sweep s.yaml --run-index 4 --out o", dir.path()).exit_code == 2);  // runs 0 to 3
  CHECK(run_capsim("sweep s.yaml --run-index 1", dir.path()).exit_code == 2);          // no --out
  CHECK(run_capsim("sweep s.yaml --shard 0/2 --out o", dir.path()).exit_code == 2);
  CHECK(run_capsim("sweep s.yaml --out o --baseline seed=3", dir.path()).exit_code == 2);
  CHECK(run_capsim("sweep s.yaml --out o --baseline services.chat.waitlist.capacity=7", dir.path()).exit_code == 2);
  CHECK_FALSE(fs::exists(dir / "o"));
  REQUIRE(run_capsim("sweep s.yaml --out o --run-index 0 --quiet", dir.path()).exit_code == 0);
  const CliResult other = run_capsim("sweep s.yaml --out o --run-index 0 --quiet --seed 3", dir.path());
  CHECK(other.exit_code == 2);
  CHECK(other.err.find("holds another sweep") != std::string::npos);
  fs::create_directory(dir / "keep");
  write_text(dir / "keep/metrics.csv", "precious");
  CHECK(run_capsim("sweep s.yaml --out keep --quiet", dir.path()).exit_code == 2);
  CHECK(read_file(dir / "keep/metrics.csv") == "precious");
}

TEST_CASE("scripts/sweep-local (GNU parallel) and scripts/aggregate.py give the in-process sweep's merged files byte for byte") {
  TempDir dir;
  write_text(dir / "s.yaml", kSweepScenario);
  const std::string root = fs::current_path().string();  // ctest runs in the source tree
  // 7 replications: 6 degrees of freedom, where aggregate.py must use Boost's t quantile (see _T_CACHE).
  REQUIRE(run_capsim("sweep s.yaml --out inproc --quiet --replications 7 --baseline services.chat.waitlist.capacity=5", dir.path()).exit_code == 0);
  const std::string cmd = "cd '" + dir.path().string() + "' && CAPSIM='" CAPSIM_BINARY "' '" + root +
                          "/scripts/sweep-local' s.yaml --out local --jobs 2 --replications 7 >out 2>err";
  REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, read_file(dir / "err"));
  CHECK(fs::exists(dir / "local/parallel.joblog"));
  REQUIRE(std::system(("'" + root + "/scripts/aggregate.py' '" + (dir / "local").string() +
                       "' --baseline services.chat.waitlist.capacity=5 2>'" + (dir / "err").string() + "'").c_str()) == 0);
  check_same_merged(dir / "inproc", dir / "local");
  // --resume: a second invocation starts no job again.
  const auto before = fs::last_write_time(dir / "local/runs/a0-r0/metrics.csv");
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(fs::last_write_time(dir / "local/runs/a0-r0/metrics.csv") == before);
}
