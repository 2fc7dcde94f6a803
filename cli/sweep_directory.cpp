#include "cli/sweep_directory.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "cli/run_directory.hpp"
#include "sim/atomic_file.hpp"
#include "sim/csv_writer.hpp"

namespace capsim::cli {

namespace fs = std::filesystem;

namespace {

// The rows of a CSV file without its header; the header goes to `header` if that is empty.
void append_rows(const fs::path& file, std::string& out) {
  const std::string text = read_text_file(file);
  const std::size_t eol = text.find('\n');
  if (eol == std::string::npos) throw std::runtime_error(fmt::format("{}: empty or unreadable", file.string()));
  if (out.empty()) out = text.substr(0, eol + 1);
  out += text.substr(eol + 1);
}

}  // namespace

std::string sweep_list_text(const models::Sweep& sweep) {
  std::string out = "index\trun_id\toverrides\treplication\tseed\n";
  for (const models::SweepRun& run : sweep.runs()) {
    std::string overrides;
    for (const models::Override& o : sweep.arms()[static_cast<std::size_t>(run.arm)].overrides)
      overrides += (overrides.empty() ? "" : " ") + o.key + "=" + o.value;
    out += fmt::format("{}\t{}\t{}\t{}\t{}\n", run.index, run.run_id, overrides.empty() ? "-" : overrides, run.replication, run.seed);
  }
  return out;
}

SweepDirectory::SweepDirectory(fs::path dir, const models::Sweep& sweep, const std::string& list_text) : dir_(std::move(dir)), sweep_(&sweep) {
  std::error_code ec;
  if (fs::exists(dir_, ec) && !fs::is_directory(dir_, ec))
    throw std::invalid_argument(fmt::format("--out {}: exists and is not a directory", dir_.string()));
  const fs::path list = dir_ / "sweep.tsv";
  if (fs::exists(list, ec)) {
    if (read_text_file(list) != list_text)
      throw std::invalid_argument(fmt::format("--out {}: holds another sweep (its sweep.tsv lists other runs); choose another --out", dir_.string()));
  } else if (fs::exists(dir_, ec)) {
    // Another process of the same sweep may be creating it: only its own entries are allowed.
    for (const fs::directory_entry& e : fs::directory_iterator(dir_, ec)) {
      const std::string name = e.path().filename().string();
      if (name != "runs" && !name.starts_with("sweep.tsv"))
        throw std::invalid_argument(fmt::format("--out {}: the directory already holds other files; capsim never overwrites "
                                                "results (choose another --out, or remove it yourself)", dir_.string()));
    }
  }
  fs::create_directories(dir_ / "runs", ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", (dir_ / "runs").string(), ec.message()));
  if (!fs::exists(list, ec)) sim::write_file_atomically(list, list_text);
}

bool SweepDirectory::complete(const models::SweepRun& run) const { return fs::exists(run_dir(run) / "runs.csv"); }

void SweepDirectory::save(const models::SweepRun& run, const models::RunResult& r) const {
  const models::SweepArm& arm = sweep_->arms()[static_cast<std::size_t>(run.arm)];
  std::vector<std::string> header{"run_id", "scenario", "replication", "seed"};
  header.insert(header.end(), sweep_->keys().begin(), sweep_->keys().end());
  header.insert(header.end(), {"events", "wall_s"});
  sim::CsvWriter row(header);
  row.cell(run.run_id).cell(arm.scenario.name).cell(run.replication).cell(run.seed);
  for (const models::Override& o : arm.overrides) row.cell(o.value);
  row.cell(r.events).cell(r.wall_s);
  row.end_row();
  const fs::path d = run_dir(run);
  std::error_code ec;
  fs::create_directories(d, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", d.string(), ec.message()));
  sim::AtomicFileBatch batch;
  batch.add(d / "config.resolved.yaml", resolved_config_text(arm.scenario));
  batch.add(d / "metrics.csv", metrics_csv(r, run.run_id));
  batch.add(d / "timeseries.csv", timeseries_csv(r, run.run_id));
  batch.add(d / "runs.csv", row.text());  // last: marks the run complete
  batch.commit();
}

void SweepDirectory::merge(const std::vector<int>& baseline) const {
  std::size_t missing = 0;
  for (const models::SweepRun& run : sweep_->runs()) missing += complete(run) ? 0 : 1;
  if (missing)
    throw std::runtime_error(fmt::format("{}: {} of {} runs are not complete; run the missing ones before merging", dir_.string(), missing,
                                         sweep_->runs().size()));
  std::string runs, metrics, series;
  std::vector<std::vector<models::RunResult>> by_arm(sweep_->arms().size());
  for (const models::SweepRun& run : sweep_->runs()) {
    const fs::path d = run_dir(run);
    append_rows(d / "runs.csv", runs);
    append_rows(d / "metrics.csv", metrics);
    append_rows(d / "timeseries.csv", series);
    models::RunResult r;
    r.replication = run.replication;
    r.completed = true;
    r.metrics = read_metrics_csv(d / "metrics.csv");
    by_arm[static_cast<std::size_t>(run.arm)].push_back(std::move(r));
  }
  std::vector<std::string> header{"scenario"};
  header.insert(header.end(), sweep_->keys().begin(), sweep_->keys().end());
  header.insert(header.end(), {"scope", "metric", "unit", "mean", "sd", "n", "ci95_lo", "ci95_hi"});
  if (!baseline.empty()) header.insert(header.end(), {"diff_mean", "diff_sd", "diff_n", "diff_ci95_lo", "diff_ci95_hi"});
  sim::CsvWriter summary(header);
  static const std::vector<models::RunResult> kNone;
  for (std::size_t a = 0; a < by_arm.size(); ++a) {
    const models::SweepArm& arm = sweep_->arms()[a];
    const bool paired = !baseline.empty() && baseline[a] >= 0;
    for (const models::ArmSummary& s : models::summarize_arm(by_arm[a], paired ? by_arm[static_cast<std::size_t>(baseline[a])] : kNone)) {
      const models::MetricSummary& m = s.metric;
      summary.cell(arm.scenario.name);
      for (const models::Override& o : arm.overrides) summary.cell(o.value);
      summary.cell(m.scope).cell(m.metric).cell(m.unit).cell(m.mean).cell(m.sd).cell(m.n).cell(m.ci95_lo).cell(m.ci95_hi);
      if (!baseline.empty()) {
        if (s.difference) {
          const models::MetricSummary& d = *s.difference;
          summary.cell(d.mean).cell(d.sd).cell(d.n).cell(d.ci95_lo).cell(d.ci95_hi);
        } else {
          summary.cell("NA").cell("NA").cell("NA").cell("NA").cell("NA");
        }
      }
      summary.end_row();
    }
  }
  sim::AtomicFileBatch batch;
  batch.add(dir_ / "runs.csv", runs);
  batch.add(dir_ / "metrics.csv", metrics);
  batch.add(dir_ / "timeseries.csv", series);
  batch.add(dir_ / "summary.csv", summary.text());  // last: marks the sweep merged
  batch.commit();
}

}  // namespace capsim::cli
