// scripts/plot.py as a user runs it: the PNG files of a run and of a sweep, and its errors.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <sstream>

#include "tests/cli_runner.hpp"

using namespace capsim::testing;
namespace fs = std::filesystem;

namespace {

CliResult run_plot(const std::string& args, const fs::path& cwd) {
  TempDir io;
  const std::string cmd = "cd '" + cwd.string() + "' && /usr/bin/python3 '" CAPSIM_SOURCE_DIR "/scripts/plot.py' " + args + " >'" +
                          (io / "out").string() + "' 2>'" + (io / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(io / "out");
  r.err = read_file(io / "err");
  return r;
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

  // A sweep's summary: a column per swept key besides the run's summary columns.
  fs::create_directories(dir / "sweep");
  std::ostringstream csv;
  csv << "scenario,replicas,policy,scope,metric,unit,mean,sd,n,ci95_lo,ci95_hi\n";
  for (int replicas : {4, 8, 16})
    for (const char* policy : {"fifo", "waves"})
      csv << "s," << replicas << "," << policy << ",chat,wait_p90_s,s," << 1000.0 / replicas << ",1,3," << 900.0 / replicas << ","
          << 1100.0 / replicas << "\n";
  write_text(dir / "sweep/summary.csv", csv.str());
  const CliResult swept = run_plot("sweep --metric wait_p90_s", dir.path());
  INFO(swept.err);
  CHECK(swept.exit_code == 0);
  CHECK(swept.out == "sweep/sweep.png\n");
  CHECK(is_png(dir / "sweep/sweep.png"));
  const CliResult bad_key = run_plot("sweep --x capacity", dir.path());
  CHECK(bad_key.exit_code == 2);
  CHECK(bad_key.err.find("not a swept key (swept: replicas, policy)") != std::string::npos);
  const CliResult no_metric = run_plot("sweep --metric nothing_s", dir.path());
  CHECK(no_metric.exit_code == 2);
  CHECK(no_metric.err.find("none of the chosen metrics") != std::string::npos);
  const CliResult missing = run_plot("nowhere", dir.path());
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("not a directory") != std::string::npos);
}
