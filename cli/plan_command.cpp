// `capsim plan`: the smallest (or largest) value of a key for which every target holds with a
// confidence over replications (models/run/capacity_plan.hpp); writes plan.csv with every try.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "cli/run_directory.hpp"
#include "cli/scenario_options.hpp"
#include "models/input/units.hpp"
#include "models/run/capacity_plan.hpp"
#include "models/run/experiment.hpp"
#include "sim/csv_writer.hpp"

namespace capsim::cli {
namespace {

double parse_value(const std::string& option, const std::string& text) {
  const models::Parsed p = models::parse_count(text);
  if (!p) throw po::error(fmt::format("{}: {}", option, p.error));
  return p.value;
}

std::string value_text(double v, bool integer) { return integer ? fmt::format("{}", static_cast<long long>(v)) : fmt::format("{}", v); }

const char* op_text(models::PlanTarget::Op op) {
  switch (op) {
    case models::PlanTarget::Op::Le: return "<=";
    case models::PlanTarget::Op::Lt: return "<";
    case models::PlanTarget::Op::Ge: return ">=";
    case models::PlanTarget::Op::Gt: return ">";
  }
  return "?";
}

void write_plan_csv(const std::filesystem::path& path, const std::string& key, const std::vector<models::PlanTarget>& targets,
                    const models::PlanResult& result, bool integer) {
  sim::CsvWriter csv({"try", "key", "value", "feasible", "target", "scope", "metric", "op", "limit", "mean", "sd", "n", "bound", "holds"});
  for (const models::PlanTry& t : result.tries)
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const models::TargetCheck& c = t.checks[i];
      csv.cell(t.index).cell(key).cell(value_text(t.value, integer)).cell(t.feasible ? "yes" : "no").cell(targets[i].text);
      csv.cell(c.scope).cell(targets[i].metric).cell(op_text(targets[i].op)).cell(targets[i].limit).cell(c.mean).cell(c.sd);
      csv.cell(c.n).cell(c.bound).cell(c.holds ? "yes" : "no");
      csv.end_row();
    }
  csv.write_atomically(path);
}

}  // namespace

int plan_command(const std::vector<std::string>& args) {
  po::options_description options(
      "capsim plan SCENARIO --vary KEY --target 'METRIC<=VALUE' [--target ...] [options]\n"
      "The smallest value of KEY (or with --largest the largest) for which every target holds with the given\n"
      "confidence over the replications (one-sided Student-t bounds, Bonferroni over the targets), found by\n"
      "doubling from the scenario's value and bisection; assumes the targets get easier as KEY grows\n"
      "(shrinks, with --largest). Each try runs the same replications (common random numbers).\n"
      "Writes plan.csv (one row per try and target) to --out and prints the answer");
  options.add_options()
      ("scenario", po::value<std::string>()->required(), "scenario YAML file")
      ("vary", po::value<std::string>()->required(), "the key searched, addressed as --set does, e.g. services.chat.waitlist.capacity")
      ("target", po::value<std::vector<std::string>>()->composing()->required(),
       "[SCOPE.]METRIC<=VALUE (or >=, <, >), e.g. p_wait<=0.2, chat.wait_p90_s<=7d (repeatable)")
      ("confidence", po::value<double>()->default_value(0.95), "joint confidence that every target holds")
      ("largest", "the largest value meeting the targets (load keys), not the smallest")
      ("range", po::value<std::string>(), "LO:HI, the values searched (default: from the scenario's value by doubling; 1 upwards for integer keys)")
      ("real", "the key is a real number (default: integer steps)")
      ("tolerance", po::value<double>()->default_value(0.01), "real keys: stop when the bracket is within this share of the answer")
      ("max-tries", po::value<int>()->default_value(40), "give up after this many evaluated values")
      ("set", po::value<std::vector<std::string>>()->composing(), "KEY=VALUE override (repeatable)")
      ("replications", po::value<std::string>(), "replications per try (overrides the scenario; at least 2)")
      ("seed", po::value<std::string>(), "scenario seed (overrides the scenario)")
      ("threads", po::value<int>()->default_value(0), "worker threads; 0: one per core")
      ("out", po::value<std::string>(), "output directory for plan.csv (default results/NAME-plan-TIMESTAMP)")
      ("quiet", "no progress on stderr")
      ("help", "this help");
  if (print_help_if_asked(args, options)) return kExitOk;
  const po::variables_map vm = parse_command_line(args, options, "scenario");
  const std::string path = vm["scenario"].as<std::string>();
  const std::string key = vm["vary"].as<std::string>();
  const std::vector<models::Override> overrides = collect_overrides(vm);
  std::vector<models::PlanTarget> targets;
  for (const std::string& t : vm["target"].as<std::vector<std::string>>()) {
    try {
      targets.push_back(models::parse_plan_target(t));
    } catch (const std::invalid_argument& e) {
      throw po::error(fmt::format("--target: {}", e.what()));
    }
  }
  models::PlanOptions plan;
  plan.largest = vm.count("largest") > 0;
  plan.integer = vm.count("real") == 0;
  plan.confidence = vm["confidence"].as<double>();
  if (!(plan.confidence > 0 && plan.confidence < 1)) throw po::error("--confidence must lie strictly between 0 and 1, e.g. 0.95");
  plan.tolerance = vm["tolerance"].as<double>();
  if (!(plan.tolerance > 0)) throw po::error("--tolerance must be > 0");
  plan.max_tries = vm["max-tries"].as<int>();
  if (plan.max_tries < 1) throw po::error("--max-tries must be >= 1");
  if (vm.count("range")) {
    const std::string r = vm["range"].as<std::string>();
    const std::size_t colon = r.find(':');
    if (colon == std::string::npos) throw po::error("--range: expected LO:HI, e.g. 1:64");
    plan.lo = parse_value("--range", r.substr(0, colon));
    plan.hi = parse_value("--range", r.substr(colon + 1));
    if (*plan.hi < *plan.lo) throw po::error(fmt::format("--range {}: LO is above HI", r));
  }
  const int threads = resolve_threads(vm);

  // The scenario as given (errors in it are reported before anything runs), and the key's value.
  const models::Scenario base = models::load_scenario(path, overrides);
  if (base.replications < 2)
    throw po::error(fmt::format("a plan judges confidence over replications: the scenario has {}; use --replications 4 or more",
                                base.replications));
  if (const std::optional<std::string> v = models::scenario_value(base, key)) {
    const models::Parsed p = models::parse_count(*v);
    if (!p) throw po::error(fmt::format("--vary {}: the scenario's value \"{}\" is not a number", key, *v));
    plan.start = p.value;
  } else if (plan.lo && plan.hi) {
    plan.start = plan.integer ? std::floor((*plan.lo + *plan.hi) / 2) : (*plan.lo + *plan.hi) / 2;
  } else {
    throw po::error(fmt::format("--vary {}: the scenario does not set this key (check its spelling); give --range LO:HI to search anyway", key));
  }
  if (plan.integer && plan.start != std::floor(plan.start))
    throw po::error(fmt::format("--vary {}: the scenario's value {} is not an integer; add --real to search real values", key, plan.start));
  if (plan.lo) plan.start = std::max(plan.start, *plan.lo);
  if (plan.hi) plan.start = std::min(plan.start, *plan.hi);

  const std::filesystem::path out = vm.count("out") ? std::filesystem::path(vm["out"].as<std::string>())
                                                    : RunDirectory::default_for(base.name + "-plan");
  if (std::filesystem::exists(out / "plan.csv")) throw po::error(fmt::format("--out {}: it already holds a plan.csv", out.string()));
  std::filesystem::create_directories(out);

  const bool quiet = vm.count("quiet") > 0;
  auto evaluate = [&](double value) {
    std::vector<models::Override> with = overrides;
    with.push_back({key, value_text(value, plan.integer)});
    const models::Scenario s = models::load_scenario(path, with);
    return models::summarize(models::run_replications(s, threads));
  };
  auto observe = [&](const models::PlanTry& t) {
    if (quiet) return;
    fmt::print(stderr, "capsim plan: try {}: {}={} {}", t.index, key, value_text(t.value, plan.integer), t.feasible ? "meets" : "fails");
    for (std::size_t i = 0; i < targets.size(); ++i)
      fmt::print(stderr, "{}{}.{} = {:.4g}, bound {:.4g} {} {:.4g}: {}", i == 0 ? " (" : "; ", t.checks[i].scope, targets[i].metric,
                 t.checks[i].mean, t.checks[i].bound, op_text(targets[i].op), targets[i].limit, t.checks[i].holds ? "yes" : "no");
    fmt::print(stderr, ")\n");
  };
  models::PlanResult result;
  try {
    result = models::plan_capacity(targets, plan, evaluate, observe);
  } catch (const std::invalid_argument& e) {
    throw po::error(e.what());
  }
  write_plan_csv(out / "plan.csv", key, targets, result, plan.integer);
  for (const std::string& note : result.notes) fmt::print(stderr, "capsim plan: note: {}\n", note);
  const int confidence_pct = static_cast<int>(std::lround(plan.confidence * 100));
  if (!result.answer) {
    fmt::print("no value of {} meets every target with {}% confidence ({} tries); see {}\n", key, confidence_pct, result.tries.size(),
               (out / "plan.csv").string());
    return kExitFailure;
  }
  fmt::print("{} {} meeting every target with {}% confidence: {} ({} tries; {})\n", plan.largest ? "largest" : "smallest", key,
             confidence_pct, value_text(*result.answer, plan.integer), result.tries.size(), (out / "plan.csv").string());
  return kExitOk;
}

}  // namespace capsim::cli
