#include <algorithm>
#include <charconv>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "cli/run_directory.hpp"
#include "cli/scenario_options.hpp"
#include "cli/stop_on_signal.hpp"
#include "cli/sweep_directory.hpp"
#include "models/run/sweep.hpp"

namespace capsim::cli {
namespace {

int parse_int(const std::string& text, const char* what) {
  int v = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0) throw po::error(fmt::format("{}: expected a whole number >= 0, got \"{}\"", what, text));
  return v;
}

// The runs this invocation is asked for: --run-index I, --shard K/N (every N-th run from the
// K-th, K = 1..N), or all.
std::vector<int> chosen_runs(const po::variables_map& vm, std::size_t runs) {
  std::vector<int> out;
  if (vm.count("run-index")) {
    const int i = parse_int(vm["run-index"].as<std::string>(), "--run-index");
    if (static_cast<std::size_t>(i) >= runs) throw po::error(fmt::format("--run-index {}: the sweep has runs 0 to {} (see --list)", i, runs - 1));
    out.push_back(i);
  } else if (vm.count("shard")) {
    const std::string s = vm["shard"].as<std::string>();
    const std::size_t slash = s.find('/');
    if (slash == std::string::npos) throw po::error(fmt::format("--shard: expected K/N with 1 <= K <= N, got \"{}\"", s));
    const int k = parse_int(s.substr(0, slash), "--shard K"), n = parse_int(s.substr(slash + 1), "--shard N");
    if (k < 1 || k > n) throw po::error(fmt::format("--shard: expected K/N with 1 <= K <= N, got \"{}\"", s));
    for (auto i = static_cast<std::size_t>(k - 1); i < runs; i += static_cast<std::size_t>(n)) out.push_back(static_cast<int>(i));
  } else {
    for (std::size_t i = 0; i < runs; ++i) out.push_back(static_cast<int>(i));
  }
  return out;
}

}  // namespace

int sweep_command(const std::vector<std::string>& args) {
  po::options_description options(
      "capsim sweep SCENARIO [options]\n\n"
      "Runs every replication of every arm of the scenario's `sweep:` block (grid: every combination,\n"
      "zip: lists in lockstep) and of --grid flags. Each run writes OUT/runs/RUN_ID/; with neither\n"
      "--run-index nor --shard, all runs go on --threads and OUT/{runs,metrics,timeseries,summary}.csv\n"
      "are merged at the end (summary: one row per arm and metric). Complete runs are skipped, so a\n"
      "rerun resumes. Arms share common random numbers (same seed and replication, same streams).\n"
      "Several processes may share OUT: scripts/sweep-local (GNU parallel), scripts/sweep-slurm.sbatch\n"
      "(a Slurm array), then scripts/aggregate.py OUT (or this command without --run-index) merges.\n\n"
      "options");
  options.add_options()
      ("scenario", po::value<std::string>()->required(), "scenario YAML file")
      ("grid", po::value<std::vector<std::string>>()->composing(), "KEY=V1,V2,... one more grid dimension (list items by name, as --set; repeatable)")
      ("set", po::value<std::vector<std::string>>()->composing(), "KEY=VALUE override of every arm (repeatable)")
      ("replications", po::value<std::string>(), "replications of each arm (overrides the scenario)")
      ("seed", po::value<std::string>(), "scenario seed (overrides the scenario)")
      ("list", "print the numbered runs (TSV: index, run_id, overrides, replication, seed) and exit")
      ("run-index", po::value<std::string>(), "run only run I (0-based, as --list numbers them); needs --out")
      ("shard", po::value<std::string>(), "run runs K-1, K-1+N, K-1+2N, ... (K = 1..N); needs --out")
      ("baseline", po::value<std::string>(), "KEY=VALUE: summary.csv adds paired differences (diff_*) of each arm against the arm with VALUE for KEY and the same other values")
      ("threads", po::value<int>()->default_value(0), "runs at once; 0: one per core")
      ("out", po::value<std::string>(), "output directory (default results/NAME-TIMESTAMP); new, or the same sweep's (resumed)")
      ("max-events", po::value<std::uint64_t>()->default_value(0), "stop with an error if a run has more events than this; 0: no limit")
      ("quiet", "no progress on stderr")
      ("help", "this help");
  if (print_help_if_asked(args, options)) return kExitOk;
  const po::variables_map vm = parse_command_line(args, options, "scenario");
  const std::string path = vm["scenario"].as<std::string>();
  const std::vector<std::string> grids = vm.count("grid") ? vm["grid"].as<std::vector<std::string>>() : std::vector<std::string>{};
  const models::Sweep sweep(path, collect_overrides(vm), models::read_sweep(path, grids));
  const std::string list = sweep_list_text(sweep);
  if (vm.count("list")) {
    fmt::print("{}", list);
    return kExitOk;
  }
  if (vm.count("run-index") && vm.count("shard")) throw po::error("give --run-index or --shard, not both");
  const bool some = vm.count("run-index") || vm.count("shard");
  if (some && !vm.count("out")) throw po::error("--run-index and --shard need --out (the directory every part of the sweep shares)");
  std::vector<int> baseline;
  if (vm.count("baseline")) {
    const models::Override b = models::parse_override(vm["baseline"].as<std::string>());
    try {
      baseline = models::baseline_arms(sweep, b.key, b.value);
    } catch (const std::invalid_argument& e) {
      throw po::error(e.what());
    }
  }
  const int threads = resolve_threads(vm);
  const std::vector<int> chosen = chosen_runs(vm, sweep.runs().size());

  const std::string name = sweep.arms().front().scenario.name;
  const std::filesystem::path target = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>()) : RunDirectory::default_for(name);
  std::unique_ptr<SweepDirectory> out;
  try {
    out = std::make_unique<SweepDirectory>(target, sweep, list);
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "capsim sweep: error: {}\n", e.what());
    return kExitUsage;
  }
  std::vector<int> todo;
  for (int i : chosen)
    if (!out->complete(sweep.runs()[static_cast<std::size_t>(i)])) todo.push_back(i);
  const bool quiet = vm.count("quiet") > 0;
  if (!quiet && todo.size() < chosen.size())
    fmt::print(stderr, "capsim sweep {}: {} of {} runs already complete in {}\n", name, chosen.size() - todo.size(), chosen.size(), target.string());

  const StopOnSignal stop;
  models::SweepOptions run_options;
  run_options.threads = threads;
  run_options.stop = &stop.flag();
  run_options.max_events = vm["max-events"].as<std::uint64_t>();
  std::size_t done = 0;
  run_options.on_finished = [&](const models::SweepRun& run, const models::RunResult& r) {
    out->save(run, r);
    ++done;
    if (!quiet) fmt::print(stderr, "capsim sweep {}: run {} ({}) done: {} of {}\n", name, run.index, run.run_id, done, todo.size());
  };
  models::run_sweep(sweep, todo, run_options);
  if (stop.flag().load()) {
    fmt::print(stderr, "\ncapsim sweep {}: interrupted; {} of {} runs are complete in {}; run the same command again to complete the rest\n",
               name, chosen.size() - todo.size() + done, chosen.size(), target.string());
    return kExitInterrupted;
  }
  if (!some) out->merge(baseline);
  fmt::print("{}\n", target.string());
  return kExitOk;
}

}  // namespace capsim::cli
