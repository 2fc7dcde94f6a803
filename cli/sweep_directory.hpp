// The output directory of `capsim sweep`: one directory per run, and the merged files on top.
//
//   DIR/sweep.tsv                 the numbered runs (`capsim sweep --list`), written first; a
//                                 later invocation with another sweep is refused
//   DIR/runs/RUN_ID/              config.resolved.yaml, metrics.csv, timeseries.csv, then
//                                 runs.csv last (written atomically: it marks the run complete)
//   DIR/{runs,metrics,timeseries,summary}.csv   merged, in run order, once every run is complete;
//                                 summary.csv has one row per arm and metric
//
// Runs whose runs.csv exists are skipped, so an interrupted sweep resumes, and separate
// processes (`--run-index`, `--shard`, GNU parallel, a Slurm array) may share DIR.
// scripts/aggregate.py writes the same merged files from the run directories.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "models/run/sweep.hpp"

namespace capsim::cli {

class SweepDirectory {
 public:
  // Throws std::invalid_argument (a usage error) if `dir` holds another sweep or anything else.
  SweepDirectory(std::filesystem::path dir, const models::Sweep& sweep, const std::string& list_text);

  const std::filesystem::path& path() const { return dir_; }
  bool complete(const models::SweepRun& run) const;
  // Saves one finished run (thread-safe across runs: distinct directories).
  void save(const models::SweepRun& run, const models::RunResult& result) const;
  // Writes the merged files; `baseline[a]` is arm a's baseline arm (-1: none), or empty for no
  // paired differences. Throws std::runtime_error if a run is missing.
  void merge(const std::vector<int>& baseline) const;

 private:
  std::filesystem::path run_dir(const models::SweepRun& run) const { return dir_ / "runs" / run.run_id; }

  std::filesystem::path dir_;
  const models::Sweep* sweep_;
};

// The text of `capsim sweep --list`: a header, then index, run_id, overrides (KEY=VALUE
// separated by spaces; "-" for none), replication and seed, tab-separated.
std::string sweep_list_text(const models::Sweep& sweep);

}  // namespace capsim::cli
