// The output directory of `capsim run`, and how a killed run is resumed.
//
//   DIR/config.resolved.yaml      written first: the scenario after --set and defaults
//   DIR/.parts/N.*.csv            each finished replication, written atomically as it finishes
//                                 (N.sketches.csv only when the result carries quantile sketches)
//   DIR/{runs,metrics,timeseries,summary}.csv   written when every replication is done; the
//                                 parts are then removed. summary.csv marks a complete run.
//
// An interrupted run (SIGINT, SIGTERM, a crash) keeps its finished replications; running the
// same command with the same --out again finds the identical config.resolved.yaml and runs
// only the missing ones. A directory holding anything else is never written into.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "models/run/replication.hpp"
#include "models/config/scenario.hpp"

namespace capsim::cli {

// The pieces of a run's output that `capsim sweep` shares: config.resolved.yaml's text, one
// result's metrics.csv and timeseries.csv under a given run_id, and a metrics.csv read back
// (the exact doubles; std::runtime_error on a malformed file).
std::string resolved_config_text(const models::Scenario& scenario);
std::string metrics_csv(const models::RunResult& result, const std::string& run_id);
std::string timeseries_csv(const models::RunResult& result, const std::string& run_id);
std::vector<sim::Measurement> read_metrics_csv(const std::filesystem::path& file);
std::string read_text_file(const std::filesystem::path& file);  // "" if it cannot be read

class RunDirectory {
 public:
  // Throws std::invalid_argument (a usage error) if `dir` holds files of something else.
  RunDirectory(std::filesystem::path dir, const models::Scenario& scenario);

  const std::filesystem::path& path() const { return dir_; }
  bool resumed() const { return resumed_; }
  // Replications whose results are on disk.
  const std::vector<int>& finished() const { return finished_; }
  // Saves one finished replication (thread-safe across replications: distinct files).
  void save(const models::RunResult& result) const;
  // A finished replication read back from its parts: its metrics (the exact doubles saved) and
  // quantile sketches; not its time series. Throws std::runtime_error on a malformed part.
  models::RunResult read_part(int replication) const;
  // Writes the contract's CSV files from all the parts and removes the parts; summary.csv is
  // models::summarize() of every replication read back.
  void complete() const;

  // results/<name>-<YYYYmmdd-HHMMSS>, relative to the current directory.
  static std::filesystem::path default_for(const std::string& scenario_name);

 private:
  std::filesystem::path part(int replication, const char* kind) const;

  std::filesystem::path dir_;
  const models::Scenario* scenario_;
  std::vector<int> finished_;
  bool resumed_ = false;
};

}  // namespace capsim::cli
