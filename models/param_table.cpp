#include "models/param_table.hpp"

#include <fmt/format.h>

namespace capsim::models {
namespace {

constexpr double kMaxHorizonSeconds = 3.2e9;  // about 100 years: far beyond any planning horizon
constexpr double kMaxRate = 1e9;              // 1e9 per second: more than any service's traffic
constexpr double kMaxUsers = 1e10;            // more people than there are

using T = ParamType;
constexpr bool req = true, opt = false, excl = true, incl = false;

// clang-format off
constexpr ParamSpec kParams[] = {
  {"name", T::String, "", "", req, 0, incl, kNoLimit, "", "Scenario name (no '/' or spaces); names the default output directory and the `scenario` column."},
  {"horizon", T::Duration, "s", "", req, 0, excl, kMaxHorizonSeconds, "", "Simulated time span of each replication."},
  {"warmup", T::Duration, "s", "0", opt, 0, incl, kMaxHorizonSeconds, "", "Initial span excluded from every statistic (time series still show it); must be < horizon."},
  {"seed", T::Integer, "", "1", opt, 0, incl, 9007199254740992.0, "", "Scenario seed; each component's random stream is derived from (seed, replication, stream name)."},
  {"replications", T::Integer, "", "1", opt, 1, incl, 100000, "", "Independent replications; summary.csv gives mean, sd and a 95% t-interval over them."},
  {"output", T::Section, "", "", opt, 0, incl, kNoLimit, "", "What is written besides the metrics."},
  {"output.interval", T::Duration, "s", "0", opt, 0, incl, kMaxHorizonSeconds, "", "Time-series sampling interval; 0 means horizon / 100."},
  {"services", T::List, "", "", req, 1, incl, 1000, "", "The AI services simulated side by side, each addressed by its name (--set services.NAME.KEY=V)."},
  {"services[].name", T::Name, "", "", req, 0, incl, kNoLimit, "", "Service name; the `scope` of its metrics."},
  {"services[].signups", T::Section, "", "", req, 0, incl, kNoLimit, "", "How people sign up for the service."},
  {"services[].signups.process", T::Choice, "", "poisson", opt, 0, incl, kNoLimit, "poisson", "Arrival process of signups."},
  {"services[].signups.rate", T::Rate, "1/s", "", req, 0, excl, kMaxRate, "", "Mean signup rate (poisson)."},
  {"services[].waitlist", T::Section, "", "", req, 0, incl, kNoLimit, "", "The waitlist and its admission policy."},
  {"services[].waitlist.policy", T::Choice, "", "fifo", opt, 0, incl, kNoLimit, "fifo", "Admission policy: fifo admits in signup order whenever one of `capacity` slots is free."},
  {"services[].waitlist.capacity", T::Count, "users", "", req, 1, incl, kMaxUsers, "", "Concurrent admitted users (slots); a churned user frees a slot."},
  {"services[].waitlist.max_waiting", T::Count, "users", "", opt, 0, incl, kMaxUsers, "", "Waitlist size limit; a signup finding it full is turned away (blocked). Absent: unlimited; 0: no waiting room (Erlang B)."},
  {"services[].waitlist.patience", T::Distribution, "s", "", opt, 0, excl, kNoLimit, "", "Time a person waits before giving up (abandoning). Absent: people never give up."},
  {"services[].usage", T::Section, "", "", req, 0, incl, kNoLimit, "", "What admitted users do."},
  {"services[].usage.lifetime", T::Distribution, "s", "", req, 0, excl, kNoLimit, "", "Time from admission until the user churns and frees the slot."},
};
// clang-format on

}  // namespace

std::span<const ParamSpec> scenario_params() { return kParams; }

const ParamSpec* find_param(std::string_view path) {
  for (const ParamSpec& p : kParams)
    if (p.path == path) return &p;
  return nullptr;
}

std::string_view type_name(ParamType type) {
  switch (type) {
    case T::Section: return "section";
    case T::List: return "list";
    case T::String: return "string";
    case T::Name: return "name";
    case T::Choice: return "choice";
    case T::Integer: return "integer";
    case T::Count: return "count";
    case T::Duration: return "duration";
    case T::Rate: return "rate";
    case T::Distribution: return "distribution";
  }
  return "?";
}

std::string range_text(const ParamSpec& spec) {
  switch (spec.type) {
    case T::Integer: case T::Count: case T::Duration: case T::Rate: case T::Distribution: case T::List: break;
    default: return "";
  }
  std::string out;
  const bool has_min = !(spec.min == 0 && !spec.min_exclusive && spec.type != T::List);
  if (spec.type == T::Distribution) return spec.min_exclusive ? "values > 0" : "values >= 0";
  if (spec.type == T::List) return fmt::format("{} to {} items", spec.min, spec.max);
  if (spec.min_exclusive) out = fmt::format("> {:g}", spec.min);
  else if (has_min || spec.min == 0) out = fmt::format(">= {:g}", spec.min);
  if (spec.max < kNoLimit) out += fmt::format("{}<= {:g}", out.empty() ? "" : ", ", spec.max);
  return out;
}

}  // namespace capsim::models
