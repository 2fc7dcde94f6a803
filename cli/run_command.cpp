#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include "cli/commands.hpp"
#include "cli/run_directory.hpp"
#include "cli/stop_on_signal.hpp"
#include "cli/progress_line.hpp"
#include "cli/scenario_options.hpp"
#include "models/run/experiment.hpp"
#include "models/run/resource_estimate.hpp"
#include "models/input/units.hpp"

namespace capsim::cli {
namespace {

double physical_memory() { return static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGE_SIZE)); }

// "8G", "512M", "2e9": bytes.
double parse_memory(const std::string& text) {
  const models::Parsed p = models::parse_count(text.size() > 1 && text.back() == 'G' ? text.substr(0, text.size() - 1) + "B" : text);
  if (!p || p.value <= 0) throw po::error("--max-memory: expected a size such as 8G, 512M or 2e9 bytes, got \"" + text + "\"");
  return p.value;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  po::options_description options("capsim run SCENARIO [options]");
  options.add_options()
      ("scenario", po::value<std::string>()->required(), "scenario YAML file")
      ("set", po::value<std::vector<std::string>>()->composing(), "KEY=VALUE override, e.g. services.chat.waitlist.capacity=20 (repeatable)")
      ("replications", po::value<std::string>(), "number of replications (overrides the scenario)")
      ("seed", po::value<std::string>(), "scenario seed (overrides the scenario)")
      ("threads", po::value<int>()->default_value(0), "worker threads; 0: one per core")
      ("out", po::value<std::string>(), "output directory (default results/NAME-TIMESTAMP); new, empty, or an interrupted run of the same scenario (resumed)")
      ("max-events", po::value<std::uint64_t>()->default_value(0), "stop with an error if a replication runs more events than this; 0: no limit")
      ("max-memory", po::value<std::string>(), "refuse to start if the estimated memory exceeds this (e.g. 8G); default: 80% of physical memory")
      ("quiet", "no progress on stderr")
      ("help", "this help");
  if (print_help_if_asked(args, options)) return kExitOk;
  const po::variables_map vm = parse_command_line(args, options, "scenario");
  const models::Scenario scenario = models::load_scenario(vm["scenario"].as<std::string>(), collect_overrides(vm));
  const int threads = resolve_threads(vm);

  const int parallel = std::min(threads, scenario.replications);
  const double max_memory = vm.count("max-memory") ? parse_memory(vm["max-memory"].as<std::string>()) : 0.8 * physical_memory();
  const models::ResourceEstimate need = models::estimate_resources(scenario);
  if (need.peak_bytes * parallel > max_memory) {
    fmt::print(stderr,
               "capsim run: error: the run would need about {:.3g} GB ({} replication{} at once, each with {:.3g} expected signups, "
               "most from `{}`), more than the {:.3g} GB allowed; shorten `horizon`, lower `{}`, use fewer --threads, "
               "or raise --max-memory\n",
               need.peak_bytes * parallel / 1e9, parallel, parallel == 1 ? "" : "s", need.signups, need.largest, max_memory / 1e9,
               need.largest);
    return kExitUsage;
  }

  const std::filesystem::path target =
      vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>()) : RunDirectory::default_for(scenario.name);
  std::unique_ptr<RunDirectory> out;
  try {
    out = std::make_unique<RunDirectory>(target, scenario);
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "capsim run: error: {}\n", e.what());
    return kExitUsage;
  }

  models::ExperimentOptions experiment;
  experiment.threads = threads;
  experiment.max_events = vm["max-events"].as<std::uint64_t>();
  for (int r = 0; r < scenario.replications; ++r)
    if (std::find(out->finished().begin(), out->finished().end(), r) == out->finished().end()) experiment.replications.push_back(r);
  const bool quiet = vm.count("quiet") > 0;
  if (out->resumed() && !quiet)
    fmt::print(stderr, "capsim {}: resuming {}: {} of {} replications already done\n", scenario.name, target.string(),
               out->finished().size(), scenario.replications);
  const StopOnSignal stop;
  experiment.stop = &stop.flag();
  experiment.on_finished = [&](const models::RunResult& r) { out->save(r); };
  ProgressLine progress(scenario.name, quiet);
  models::ExperimentProgress reporting;
  reporting.report = [&](double fraction, std::uint64_t events) { progress.update(fraction, events); };
  reporting.period_s = progress.period_s();
  experiment.progress = quiet ? nullptr : &reporting;
  const std::vector<models::RunResult> results = models::run_replications(scenario, experiment);
  std::uint64_t events = 0;
  for (const models::RunResult& r : results) events += r.events;

  if (stop.flag().load()) {
    const std::size_t kept = out->finished().size() + results.size();
    fmt::print(stderr, "\ncapsim {}: interrupted; {} of {} replications are kept in {}; run the same command again to complete the rest\n",
               scenario.name, kept, scenario.replications, target.string());
    return kExitInterrupted;
  }
  progress.finish(events);
  out->complete();
  fmt::print("{}\n", target.string());
  return kExitOk;
}

namespace {

// What a scenario simulates, for `capsim check`: "2 services, 1 pool", "1 training run".
std::string scenario_contents(const models::Scenario& s) {
  std::vector<std::string> parts;
  auto count = [&parts](std::size_t n, const char* what) {
    if (n > 0) parts.push_back(fmt::format("{} {}{}", n, what, n == 1 ? "" : "s"));
  };
  count(s.services.size(), "service");
  count(s.pools.size(), "pool");
  count(s.training.size(), "training run");
  if (s.jobs) parts.emplace_back("a GPU job queue");
  return fmt::format("{}", fmt::join(parts, ", "));  // never empty: the loader requires services or training runs
}

}  // namespace

int check_command(const std::vector<std::string>& args) {
  po::options_description options("capsim check SCENARIO [--set KEY=VALUE]...");
  options.add_options()
      ("scenario", po::value<std::string>()->required(), "scenario YAML file")
      ("set", po::value<std::vector<std::string>>()->composing(), "KEY=VALUE override (repeatable)");
  const po::variables_map vm = parse_command_line(args, options, "scenario");
  const models::Scenario s = models::load_scenario(vm["scenario"].as<std::string>(), collect_overrides(vm));
  fmt::print("{}: ok ({}: {}, horizon {}s, {} replication{})\n", s.source_file, s.name, scenario_contents(s), s.horizon_s,
             s.replications, s.replications == 1 ? "" : "s");
  for (const std::string& note : s.notes) fmt::print("  {}\n", note);
  return kExitOk;
}

}  // namespace capsim::cli
