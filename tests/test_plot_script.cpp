// scripts/plot.py as a user runs it: the PNG files of a run and of a sweep, and its errors.
#include <doctest/doctest.h>

#include "tests/cli_runner.hpp"

using namespace capsim::testing;
namespace fs = std::filesystem;

namespace {

CliResult run_plot(const std::string& args, const fs::path& cwd) {
  return run_shell("/usr/bin/python3 '" CAPSIM_SOURCE_DIR "/scripts/plot.py' " + args, cwd);
}

bool is_png(const fs::path& p) { return fs::exists(p) && fs::file_size(p) > 1000 && read_file(p).substr(1, 3) == "PNG"; }

}  // namespace

TEST_CASE("plot.py draws a run's time series and percentiles, and a sweep's metrics against its key") {
  TempDir dir;
  const CliResult run = run_capsim(std::string("run '") + CAPSIM_SOURCE_DIR +
                                       "/scenarios/validation/serving-llm-small.yaml' --replications 2 --quiet --out run",
                                   dir.path());
  REQUIRE(run.exit_code == 0);
  const CliResult plotted = run_plot("run", dir.path());
  INFO(plotted.err);
  REQUIRE(plotted.exit_code == 0);
  CHECK(plotted.out == "run/timeseries.png\nrun/percentiles.png\n");
  CHECK(is_png(dir / "run/timeseries.png"));
  CHECK(is_png(dir / "run/percentiles.png"));

  // A sweep's summary has a column per swept key (and, with --baseline, diff_* columns, not keys).
  const CliResult sweep = run_capsim(std::string("sweep '") + CAPSIM_SOURCE_DIR +
                                         "/scenarios/validation/erlang-c-10-9.yaml' --grid services.chat.waitlist.capacity=10,12,14 "
                                         "--set horizon=3000s --set warmup=100s --replications 2 --baseline services.chat.waitlist.capacity=10 "
                                         "--threads 1 --quiet --out sweep",
                                     dir.path());
  REQUIRE(sweep.exit_code == 0);
  const CliResult swept = run_plot("sweep --metric p_wait --metric wait_mean_s", dir.path());
  INFO(swept.err);
  CHECK(swept.exit_code == 0);
  CHECK(swept.out == "sweep/sweep.png\n");
  CHECK(is_png(dir / "sweep/sweep.png"));
  const CliResult bad_key = run_plot("sweep --x capacity", dir.path());
  CHECK(bad_key.exit_code == 2);
  CHECK(bad_key.err.find("not a swept key (swept: services.chat.waitlist.capacity)") != std::string::npos);
  const CliResult no_metric = run_plot("sweep --metric nothing_s", dir.path());
  CHECK(no_metric.exit_code == 2);
  CHECK(no_metric.err.find("none of the chosen metrics") != std::string::npos);
  const CliResult missing = run_plot("nowhere", dir.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("not a directory") != std::string::npos);
}
