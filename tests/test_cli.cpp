// The `capsim` command as a user runs it: exit codes, files, determinism, no partial output.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "tests/cli_runner.hpp"

using namespace capsim::testing;
namespace fs = std::filesystem;

namespace {

const char* kScenario = R"(name: cli-test
horizon: 20000s
warmup: 100s
seed: 11
replications: 3
output: {interval: 1000s}
services:
  - name: chat
    signups: {process: poisson, rate: 9/s}
    waitlist:
      policy: fifo
      capacity: 10
      patience: {dist: exponential, mean: 2s}
    usage:
      lifetime: {dist: exponential, mean: 1s}
)";

// The CSV with the wall-clock column (wall_s, the last of runs.csv) cut off.
std::string without_wall_clock(const std::string& csv) {
  std::string out, line;
  std::istringstream in(csv);
  while (std::getline(in, line)) out += line.substr(0, line.rfind(',')) + "\n";
  return out;
}

}  // namespace

TEST_CASE("capsim run writes the output contract") {
  TempDir dir;
  write_text(dir / "s.yaml", kScenario);
  const CliResult r = run_capsim("run s.yaml --out out --quiet", dir.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());  // --quiet
  CHECK(r.out == "out\n");
  for (const char* f : {"runs.csv", "metrics.csv", "timeseries.csv", "summary.csv", "config.resolved.yaml"})
    CHECK_MESSAGE(fs::exists(dir / "out" / f), f);
  const std::string runs = read_file(dir / "out/runs.csv");
  CHECK(runs.starts_with("run_id,scenario,replication,seed,events,wall_s\n0,cli-test,0,11,"));
  const std::string metrics = read_file(dir / "out/metrics.csv");
  CHECK(metrics.starts_with("run_id,scope,metric,value,unit\n"));
  std::set<std::string> names;
  std::istringstream in(metrics);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
    names.insert(line.substr(b + 1, c - b - 1));
  }
  for (const char* m : {"signups", "admitted", "abandoned", "blocked", "blocked_fraction", "admitted_mean", "wait_mean_s",
                        "wait_p50_s", "wait_p90_s", "wait_p99_s", "admitted_wait_mean_s", "p_wait", "abandon_fraction",
                        "waitlist_len_mean", "waitlist_len_max"})
    CHECK_MESSAGE(names.count(m) == 1, m);
  const std::string summary = read_file(dir / "out/summary.csv");
  CHECK(summary.starts_with("scenario,scope,metric,unit,mean,sd,n,ci95_lo,ci95_hi\ncli-test,chat,signups,users,"));
  const std::string ts = read_file(dir / "out/timeseries.csv");
  CHECK(ts.starts_with("run_id,time_s,scope,metric,value\n0,0,chat,waitlist_len,0\n"));
  CHECK(ts.find("\n2,20000,chat,signups,") != std::string::npos);  // last replication, last point
  const std::string resolved = read_file(dir / "out/config.resolved.yaml");
  CHECK(resolved.find("capsim_version:") != std::string::npos);
  CHECK(resolved.find("policy: fifo") != std::string::npos);
  // No staging is left behind: neither the per-replication parts (out/.parts) nor a temporary
  // file of an atomic write (.NAME.tmp.PID).
  CHECK_FALSE(fs::exists(dir / "out/.parts"));
  for (const auto& e : fs::recursive_directory_iterator(dir.path())) CHECK_MESSAGE(e.path().filename().string().find(".tmp.") == std::string::npos, e.path().string());
}

TEST_CASE("same scenario and seed give byte-identical CSV for --threads 1 and 2") {
  TempDir dir;
  write_text(dir / "s.yaml", kScenario);
  REQUIRE(run_capsim("run s.yaml --out a --threads 1 --quiet", dir.path()).exit_code == 0);
  REQUIRE(run_capsim("run s.yaml --out b --threads 2 --quiet", dir.path()).exit_code == 0);
  for (const char* f : {"metrics.csv", "timeseries.csv", "summary.csv", "config.resolved.yaml"})
    CHECK_MESSAGE(read_file(dir / "a" / f) == read_file(dir / "b" / f), f);
  CHECK(without_wall_clock(read_file(dir / "a/runs.csv")) == without_wall_clock(read_file(dir / "b/runs.csv")));
  // A different seed changes the results.
  REQUIRE(run_capsim("run s.yaml --out c --seed 12 --quiet", dir.path()).exit_code == 0);
  CHECK(read_file(dir / "a/metrics.csv") != read_file(dir / "c/metrics.csv"));
}

TEST_CASE("--set and --replications reach the run and the resolved config") {
  TempDir dir;
  write_text(dir / "s.yaml", kScenario);
  const CliResult r = run_capsim("run s.yaml --out o --quiet --replications 1 --set services.chat.waitlist.capacity=20", dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK(read_file(dir / "o/config.resolved.yaml").find("capacity: 20") != std::string::npos);
  CHECK(read_file(dir / "o/summary.csv").find("cli-test,chat,signups,users,") != std::string::npos);
  const std::string runs = read_file(dir / "o/runs.csv");
  CHECK(std::count(runs.begin(), runs.end(), '\n') == 2);  // header + one replication
}

TEST_CASE("a scenario error exits 2, prints file:line:col and leaves no output") {
  TempDir dir;
  std::string bad = kScenario;
  bad.replace(bad.find("capacity: 10"), 12, "capacity: -3");
  write_text(dir / "bad.yaml", bad);
  const CliResult r = run_capsim("run bad.yaml --out out", dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.yaml:12:17: error: services.chat.waitlist.capacity: must be >= 1") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out"));
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);  // only bad.yaml
  const CliResult c = run_capsim("check bad.yaml", dir.path());
  CHECK(c.exit_code == 2);
  CHECK(c.err.find("bad.yaml:12:17") != std::string::npos);
}

TEST_CASE("usage errors exit 2, existing results are never overwritten") {
  TempDir dir;
  write_text(dir / "s.yaml", kScenario);
  CHECK(run_capsim("", dir.path()).exit_code == 2);
  CHECK(run_capsim("frobnicate", dir.path()).exit_code == 2);
  CHECK(run_capsim("run s.yaml --rep 2", dir.path()).exit_code == 2);  // no abbreviation guessing
  CHECK(run_capsim("run s.yaml --threads -1", dir.path()).exit_code == 2);
  CHECK(run_capsim("run missing.yaml", dir.path()).exit_code == 2);
  fs::create_directory(dir / "keep");
  write_text(dir / "keep/metrics.csv", "precious");
  const CliResult r = run_capsim("run s.yaml --out keep --quiet", dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("never overwrites") != std::string::npos);
  CHECK(read_file(dir / "keep/metrics.csv") == "precious");
}

TEST_CASE("capsim check and describe") {
  TempDir dir;
  write_text(dir / "s.yaml", kScenario);
  const CliResult c = run_capsim("check s.yaml", dir.path());
  CHECK(c.exit_code == 0);
  CHECK(c.out.find("ok") != std::string::npos);
  CHECK(c.out.find("1 service,") != std::string::npos);
  // A scenario of training runs only says what it holds, not "0 services".
  const CliResult training = run_capsim("check " + (fs::path(CAPSIM_SOURCE_DIR) / "scenarios/validation/training-gpt-3.yaml").string(), dir.path());
  CHECK(training.exit_code == 0);
  CHECK(training.out.find("1 training run,") != std::string::npos);
  CHECK(training.out.find("service") == std::string::npos);
  const CliResult fleet = run_capsim("check " + (fs::path(CAPSIM_SOURCE_DIR) / "scenarios/msft-internal-gpu-queue.yaml").string(), dir.path());
  CHECK(fleet.exit_code == 0);
  CHECK(fleet.out.find("a GPU job queue") != std::string::npos);
  const CliResult all = run_capsim("describe", dir.path());
  CHECK(all.exit_code == 0);
  CHECK(all.out.find("services.NAME.waitlist.capacity") != std::string::npos);
  CHECK(all.out.find("lognormal") != std::string::npos);
  const CliResult one = run_capsim("describe services.chat.waitlist.patience", dir.path());
  CHECK(one.exit_code == 0);
  CHECK(one.out.find("type: distribution, unit: s") != std::string::npos);
  CHECK(one.out.find("capacity") == std::string::npos);
  const CliResult typo = run_capsim("describe horizn", dir.path());
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean \"horizon\"") != std::string::npos);
}

TEST_CASE("progress goes to stderr as plain lines when not on a terminal") {
  TempDir dir;
  write_text(dir / "s.yaml", kScenario);
  const CliResult r = run_capsim("run s.yaml --out o", dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "o\n");  // stdout: only where the results are
  CHECK(r.err.find("capsim cli-test: done") != std::string::npos);
}

TEST_CASE("docs/parameters.md is what capsim describe --markdown prints") {
  TempDir dir;
  const CliResult r = run_capsim("describe --markdown", dir.path());
  REQUIRE(r.exit_code == 0);
  CHECK_MESSAGE(r.out == read_file(fs::path(CAPSIM_SOURCE_DIR) / "docs/parameters.md"),
                "regenerate it: build/release/capsim describe --markdown > docs/parameters.md");
}

TEST_CASE("every scenario shipped in scenarios/ passes capsim check") {
  for (const auto& e : fs::recursive_directory_iterator(fs::path(CAPSIM_SOURCE_DIR) / "scenarios")) {
    if (e.path().extension() != ".yaml") continue;
    const CliResult r = run_capsim("check '" + e.path().string() + "'", fs::temp_directory_path());
    CHECK_MESSAGE(r.exit_code == 0, e.path().string() << ": " << r.err);
  }
}

TEST_CASE("SIGINT or SIGTERM keeps finished replications, exits 130, and the same command completes the rest") {
  const char* signal = nullptr;
  SUBCASE("SIGINT") { signal = "INT"; }
  SUBCASE("SIGTERM") { signal = "TERM"; }
  TempDir dir;
  std::string s = kScenario;
  s.replace(s.find("horizon: 20000s"), 15, "horizon: 200000s");
  s.replace(s.find("replications: 3"), 15, "replications: 4");
  write_text(dir / "s.yaml", s);
  // Interrupt once the first replication is on disk (one thread: the second is then running).
  const std::string script = std::string("'" CAPSIM_BINARY "' run s.yaml --out out --threads 1 --quiet 2>err & pid=$!; "
                                         "for i in $(seq 600); do [ -f out/.parts/0.run.csv ] && break; sleep 0.05; done; kill -") +
                             signal + " $pid; wait $pid; echo $? > code";
  REQUIRE(std::system(("cd '" + dir.path().string() + "' || exit 1; " + script).c_str()) == 0);
  CHECK(read_file(dir / "code") == "130\n");
  CHECK(read_file(dir / "err").find("interrupted;") != std::string::npos);
  CHECK(fs::exists(dir / "out/config.resolved.yaml"));
  CHECK(fs::exists(dir / "out/.parts/0.metrics.csv"));
  CHECK_FALSE(fs::exists(dir / "out/.parts/3.run.csv"));  // not all of them ran
  CHECK_FALSE(fs::exists(dir / "out/summary.csv"));
  // Again, the same command: it resumes and the result is the uninterrupted run's.
  const CliResult again = run_capsim("run s.yaml --out out --threads 1", dir.path());
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(again.err.find("resuming out:") != std::string::npos);
  REQUIRE(run_capsim("run s.yaml --out fresh --threads 2 --quiet", dir.path()).exit_code == 0);
  for (const char* f : {"metrics.csv", "timeseries.csv", "summary.csv", "config.resolved.yaml"})
    CHECK_MESSAGE(read_file(dir / "out" / f) == read_file(dir / "fresh" / f), f);
  CHECK(without_wall_clock(read_file(dir / "out/runs.csv")) == without_wall_clock(read_file(dir / "fresh/runs.csv")));
  CHECK_FALSE(fs::exists(dir / "out/.parts"));
  // A complete run is not run again; a different configuration is refused.
  CHECK(run_capsim("run s.yaml --out out --quiet", dir.path()).exit_code == 2);
  CHECK(run_capsim("run s.yaml --out out --quiet --seed 5", dir.path()).exit_code == 2);
}

TEST_CASE("resource guards: --max-events stops a replication, an impossible memory need is refused up front") {
  TempDir dir;
  write_text(dir / "s.yaml", kScenario);
  const CliResult events = run_capsim("run s.yaml --out a --quiet --max-events 1000", dir.path());
  CHECK(events.exit_code == 2);
  CHECK(events.err.find("passed --max-events 1000") != std::string::npos);
  CHECK(events.err.find("shorten `horizon`") != std::string::npos);
  std::string huge = kScenario;
  huge.replace(huge.find("rate: 9/s"), 9, "rate: 1e8/s");
  huge.replace(huge.find("horizon: 20000s"), 15, "horizon: 30d");
  write_text(dir / "huge.yaml", huge);
  const CliResult memory = run_capsim("run huge.yaml --out b", dir.path());
  CHECK(memory.exit_code == 2);
  CHECK(memory.err.find("lower `services.chat.signups`") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "b"));
  CHECK(run_capsim("run s.yaml --out c --quiet --max-memory 1M", dir.path()).exit_code == 2);
  CHECK(run_capsim("run s.yaml --out d --quiet --max-memory lots", dir.path()).exit_code == 2);
  CHECK(run_capsim("run s.yaml --out e --quiet --max-memory 4G", dir.path()).exit_code == 0);
}
