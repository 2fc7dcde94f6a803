#include "cli/run_outputs.hpp"

#include <map>
#include <string>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "sim/atomic_file.hpp"
#include "sim/confidence_interval.hpp"
#include "sim/csv_writer.hpp"

namespace capsim::cli {

namespace fs = std::filesystem;
using models::RunResult;

namespace {

void write_runs(const fs::path& dir, const models::Scenario& s, const std::vector<RunResult>& results) {
  sim::CsvWriter csv({"run_id", "scenario", "replication", "seed", "events", "wall_s"});
  for (const RunResult& r : results) {
    csv.cell(static_cast<std::int64_t>(r.replication)).cell(s.name).cell(static_cast<std::int64_t>(r.replication));
    csv.cell(static_cast<std::uint64_t>(s.seed)).cell(static_cast<std::uint64_t>(r.events)).cell(r.wall_s);
    csv.end_row();
  }
  csv.write_atomically(dir / "runs.csv");
}

void write_metrics(const fs::path& dir, const std::vector<RunResult>& results) {
  sim::CsvWriter csv({"run_id", "scope", "metric", "value", "unit"});
  for (const RunResult& r : results) {
    for (const sim::Measurement& m : r.metrics) {
      csv.cell(static_cast<std::int64_t>(r.replication)).cell(m.scope).cell(m.metric).cell(m.value).cell(m.unit);
      csv.end_row();
    }
  }
  csv.write_atomically(dir / "metrics.csv");
}

void write_timeseries(const fs::path& dir, const std::vector<RunResult>& results) {
  sim::CsvWriter csv({"run_id", "time_s", "scope", "metric", "value"});
  for (const RunResult& r : results) {
    for (const sim::SeriesPoint& p : r.series) {
      const sim::SeriesName& name = r.series_names[p.series];
      csv.cell(static_cast<std::int64_t>(r.replication)).cell(p.time_s).cell(name.scope).cell(name.metric).cell(p.value);
      csv.end_row();
    }
  }
  csv.write_atomically(dir / "timeseries.csv");
}

void write_summary(const fs::path& dir, const models::Scenario& s, const std::vector<RunResult>& results) {
  sim::CsvWriter csv({"scenario", "scope", "metric", "unit", "mean", "sd", "n", "ci95_lo", "ci95_hi"});
  if (!results.empty()) {
    // Every replication records the same metrics in the same order.
    for (std::size_t k = 0; k < results.front().metrics.size(); ++k) {
      std::vector<double> values;
      for (const RunResult& r : results) values.push_back(r.metrics[k].value);
      const sim::MeanInterval ci = sim::t_interval(values, 0.95);
      const sim::Measurement& m = results.front().metrics[k];
      csv.cell(s.name).cell(m.scope).cell(m.metric).cell(m.unit).cell(ci.mean).cell(ci.sd);
      csv.cell(static_cast<std::uint64_t>(ci.n)).cell(ci.lo).cell(ci.hi);
      csv.end_row();
    }
  }
  csv.write_atomically(dir / "summary.csv");
}

void write_resolved_config(const fs::path& dir, const models::Scenario& s) {
  YAML::Emitter out;
  out << s.resolved;
  sim::write_file_atomically(dir / "config.resolved.yaml",
                             std::string("# ") + s.source_file + " after --set overrides and defaults\n" + out.c_str() + "\n");
}

}  // namespace

void write_run_outputs(const fs::path& dir, const models::Scenario& scenario, const std::vector<RunResult>& results) {
  write_resolved_config(dir, scenario);
  write_metrics(dir, results);
  write_timeseries(dir, results);
  write_summary(dir, scenario, results);
  write_runs(dir, scenario, results);
}

}  // namespace capsim::cli
