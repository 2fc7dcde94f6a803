#include "cli/run_directory.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "models/input/table_file.hpp"
#include "models/run/summary.hpp"
#include "sim/atomic_file.hpp"
#include "sim/csv_writer.hpp"

namespace capsim::cli {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double parse_value(const std::string& text) {
  if (text == "NA") return std::numeric_limits<double>::quiet_NaN();
  if (text == "inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  double v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

std::uint64_t parse_count(std::string_view text, const fs::path& file) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw std::runtime_error(fmt::format("{}: expected a whole number, got \"{}\"", file.string(), text));
  return v;
}

// "INDEX:COUNT INDEX:COUNT ..." <-> the sketch's non-empty buckets.
std::string buckets_text(const sim::QuantileSketch& sketch) {
  std::string out;
  for (const auto& [index, count] : sketch.nonzero_buckets()) fmt::format_to(std::back_inserter(out), "{}{}:{}", out.empty() ? "" : " ", index, count);
  return out;
}

sim::QuantileSketch sketch_from(std::uint64_t zeros, std::string_view buckets, const fs::path& file) {
  std::vector<std::pair<std::size_t, std::uint64_t>> counts;
  while (!buckets.empty()) {
    const std::string_view item = buckets.substr(0, buckets.find(' '));
    buckets.remove_prefix(std::min(buckets.size(), item.size() + 1));
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) throw std::runtime_error(fmt::format("{}: expected INDEX:COUNT, got \"{}\"", file.string(), item));
    counts.emplace_back(parse_count(item.substr(0, colon), file), parse_count(item.substr(colon + 1), file));
  }
  std::optional<sim::QuantileSketch> s = sim::QuantileSketch::from_counts(zeros, counts);
  if (!s) throw std::runtime_error(fmt::format("{}: a bucket index is out of range", file.string()));
  return std::move(*s);
}

// The data rows of a part, each split into `columns` cells.
std::vector<std::vector<std::string>> part_rows(const fs::path& file, std::size_t columns) {
  std::istringstream lines(read_text(file));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    rows.push_back(models::split_csv_line(line));
    if (rows.back().size() != columns)
      throw std::runtime_error(fmt::format("{}: expected {} cells, got \"{}\"", file.string(), columns, line));
  }
  return rows;
}

}  // namespace

std::string resolved_config_text(const models::Scenario& s) {
  YAML::Emitter out;
  out << s.resolved;
  std::string notes;
  for (const std::string& note : s.notes) notes += "# " + note + "\n";
  return "# " + s.source_file + " after --set overrides and defaults\n" + notes + out.c_str() + "\n";
}

std::string metrics_csv(const models::RunResult& r, const std::string& run_id) {
  sim::CsvWriter metrics({"run_id", "scope", "metric", "value", "unit"});
  for (const sim::Measurement& m : r.metrics) {
    metrics.cell(run_id).cell(m.scope).cell(m.metric).cell(m.value).cell(m.unit);
    metrics.end_row();
  }
  return metrics.text();
}

std::string timeseries_csv(const models::RunResult& r, const std::string& run_id) {
  sim::CsvWriter series({"run_id", "time_s", "scope", "metric", "value"});
  for (const sim::SeriesPoint& p : r.series) {
    const sim::SeriesName& name = r.series_names[p.series];
    series.cell(run_id).cell(p.time_s).cell(name.scope).cell(name.metric).cell(p.value);
    series.end_row();
  }
  return series.text();
}

std::vector<sim::Measurement> read_metrics_csv(const fs::path& file) {
  std::vector<sim::Measurement> out;
  // The values read back exactly: CsvWriter writes the shortest form that does.
  for (const auto& f : part_rows(file, 5)) out.push_back(sim::Measurement{f[1], f[2], f[4], parse_value(f[3])});
  return out;
}

std::string read_text_file(const fs::path& p) { return read_text(p); }

RunDirectory::RunDirectory(fs::path dir, const models::Scenario& scenario) : dir_(std::move(dir)), scenario_(&scenario) {
  const std::string config = resolved_config_text(scenario);
  std::error_code ec;
  if (fs::exists(dir_, ec)) {
    if (!fs::is_directory(dir_, ec)) throw std::invalid_argument(fmt::format("--out {}: exists and is not a directory", dir_.string()));
    if (!fs::is_empty(dir_, ec)) {
      const bool same = fs::exists(dir_ / "config.resolved.yaml") && read_text(dir_ / "config.resolved.yaml") == config;
      if (!same)
        throw std::invalid_argument(fmt::format("--out {}: the directory already holds other files; capsim never overwrites "
                                                "results (choose another --out, or remove it yourself)", dir_.string()));
      if (fs::exists(dir_ / "summary.csv"))
        throw std::invalid_argument(fmt::format("--out {}: this run is already complete (summary.csv is there)", dir_.string()));
      resumed_ = true;
      for (int r = 0; r < scenario.replications; ++r)
        if (fs::exists(part(r, "run"))) finished_.push_back(r);
      return;
    }
  }
  fs::create_directories(dir_ / ".parts", ec);
  if (ec) throw std::runtime_error(fmt::format("cannot create {}: {}", (dir_ / ".parts").string(), ec.message()));
  sim::write_file_atomically(dir_ / "config.resolved.yaml", config);
}

fs::path RunDirectory::part(int replication, const char* kind) const {
  return dir_ / ".parts" / fmt::format("{}.{}.csv", replication, kind);
}

void RunDirectory::save(const models::RunResult& r) const {
  const auto run_id = static_cast<std::int64_t>(r.replication);
  sim::CsvWriter run({"run_id", "scenario", "replication", "seed", "events", "wall_s"});
  run.cell(run_id).cell(scenario_->name).cell(run_id).cell(static_cast<std::uint64_t>(scenario_->seed));
  run.cell(static_cast<std::uint64_t>(r.events)).cell(r.wall_s);
  run.end_row();
  // One batch: made durable together, renamed in order, `run` last (it marks the part complete).
  sim::AtomicFileBatch batch;
  batch.add(part(r.replication, "metrics"), metrics_csv(r, std::to_string(run_id)));
  batch.add(part(r.replication, "timeseries"), timeseries_csv(r, std::to_string(run_id)));
  if (!r.sketches.empty()) {
    sim::CsvWriter sketches({"scope", "signal", "zeros", "buckets"});
    for (const models::SignalSketch& k : r.sketches) {
      sketches.cell(k.scope).cell(k.signal).cell(k.sketch.zero_count()).cell(buckets_text(k.sketch));
      sketches.end_row();
    }
    batch.add(part(r.replication, "sketches"), sketches.text());
  }
  batch.add(part(r.replication, "run"), run.text());
  batch.commit();
}

models::RunResult RunDirectory::read_part(int replication) const {
  models::RunResult r;
  r.replication = replication;
  r.completed = true;
  // The values read back exactly: CsvWriter writes the shortest form that does.
  r.metrics = read_metrics_csv(part(replication, "metrics"));
  const fs::path sketches = part(replication, "sketches");
  if (fs::exists(sketches))
    for (const auto& f : part_rows(sketches, 4))
      r.sketches.push_back(models::SignalSketch{f[0], f[1], sketch_from(parse_count(f[2], sketches), f[3], sketches)});
  return r;
}

void RunDirectory::complete() const {
  // Concatenate the parts in replication order; read each one's metrics back for the summary
  // (the replications of an earlier, interrupted invocation are only on disk).
  std::string runs, metrics, series;
  std::vector<models::RunResult> results;
  for (int r = 0; r < scenario_->replications; ++r) {
    for (auto [kind, out] : {std::pair{"run", &runs}, std::pair{"metrics", &metrics}, std::pair{"timeseries", &series}}) {
      const std::string text = read_text(part(r, kind));
      const std::size_t eol = text.find('\n');
      if (out->empty()) *out = text.substr(0, eol + 1);  // the header, once
      *out += text.substr(eol + 1);
    }
    results.push_back(read_part(r));
  }
  sim::CsvWriter summary({"scenario", "scope", "metric", "unit", "mean", "sd", "n", "ci95_lo", "ci95_hi"});
  for (const models::MetricSummary& m : models::summarize(results)) {
    summary.cell(scenario_->name).cell(m.scope).cell(m.metric).cell(m.unit).cell(m.mean).cell(m.sd);
    summary.cell(static_cast<std::uint64_t>(m.n)).cell(m.ci95_lo).cell(m.ci95_hi);
    summary.end_row();
  }
  sim::AtomicFileBatch batch;
  batch.add(dir_ / "metrics.csv", metrics);
  batch.add(dir_ / "timeseries.csv", series);
  batch.add(dir_ / "runs.csv", runs);
  batch.add(dir_ / "summary.csv", summary.text());  // last: marks the run complete
  batch.commit();
  std::error_code ec;
  fs::remove_all(dir_ / ".parts", ec);
}

fs::path RunDirectory::default_for(const std::string& scenario_name) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  fs::path p = fs::path("results") / fmt::format("{}-{}", scenario_name, stamp);
  for (int i = 2; fs::exists(p); ++i) p = fs::path("results") / fmt::format("{}-{}-{}", scenario_name, stamp, i);
  return p;
}

}  // namespace capsim::cli
