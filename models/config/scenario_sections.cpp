#include "models/config/scenario_sections.hpp"

#include "models/config/catalog_lookup.hpp"
#include "models/config/step_time_section.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "models/demand/modulation.hpp"
#include "models/demand/signup_process.hpp"
#include "models/input/table_file.hpp"
#include "models/serving/fleet_changes.hpp"

namespace capsim::models {
namespace {

// Keys that only some choices of `selector` use; any other present key is an error.
void only_for(Section& s, const std::string& selector_value, std::initializer_list<const char*> keys, std::initializer_list<const char*> allowed_for,
              const char* selector) {
  bool allowed = false;
  for (const char* a : allowed_for) allowed = allowed || selector_value == a;
  if (allowed) return;
  std::string list;
  for (const char* a : allowed_for) list += (list.empty() ? "" : ", ") + std::string(a);
  for (const char* k : keys)
    if (s.has(k)) s.error_at(k, fmt::format("applies only to {}: {} (this one is {})", selector, list, selector_value));
}

void require(Section& s, const char* key, const std::string& why) {
  if (!s.has(key)) s.error_at(key, fmt::format("missing required key `{}` ({})", key, why));
}

template <class T>
std::vector<std::pair<double, T>> read_schedule(Section& s, const char* key, const char* value_key) {
  std::vector<std::pair<double, T>> out;
  for (Section& item : s.list(key)) out.emplace_back(item.number("from"), static_cast<T>(item.number(value_key)));
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].first <= out[i - 1].first) s.error_at(key, "entries must be in increasing order of `from`");
  return out;
}

// `changes`: each entry adds (with a lead time) or retires replicas; none may retire more than
// are installed by then.
void read_changes(Section& s, PoolConfig& pool) {
  std::vector<Section> items = s.list("changes");
  for (Section& item : items) {
    FleetChange c;
    c.at_s = item.number("at");
    if (item.has("add") == item.has("retire")) {
      item.error_at("add", "each change either adds replicas (add: N, lead_time: T) or retires them (retire: N)");
    } else if (item.has("add")) {
      c.add = static_cast<std::int64_t>(item.number("add"));
      c.lead_time_s = item.number("lead_time");
    } else {
      c.retire = static_cast<std::int64_t>(item.number("retire"));
      if (item.has("lead_time")) item.error_at("lead_time", "applies only to an addition (add: N); a retirement takes effect at `at`");
    }
    pool.changes.push_back(c);
  }
  if (pool.changes.size() != items.size()) return;
  for (const ChangeProblem& p : check_changes(pool)) items[p.entry].error_at("retire", p.message);
}

}  // namespace

SignupConfig read_signups(Section& s) {
  SignupConfig c;
  c.process = s.text("process");
  const std::string& p = c.process;
  only_for(s, p, {"rate"}, {"poisson"}, "process");
  only_for(s, p, {"rates"}, {"piecewise"}, "process");
  only_for(s, p, {"market", "p", "q"}, {"bass"}, "process");
  only_for(s, p, {"mean", "cv"}, {"gamma"}, "process");
  only_for(s, p, {"file", "format", "column", "interval", "scale"}, {"trace"}, "process");
  if (p == "poisson") require(s, "rate", "poisson signups need a rate, e.g. rate: 9/s");
  if (p == "piecewise") require(s, "rates", "piecewise signups need rates: [{from: 0s, rate: 10/s}, ...]");
  if (p == "bass") {
    require(s, "market", "bass needs market, p and q");
    require(s, "p", "bass needs market, p and q");
    require(s, "q", "bass needs market, p and q");
  }
  if (p == "gamma") {
    require(s, "mean", "gamma signups need mean and cv");
    require(s, "cv", "gamma signups need mean and cv");
  }
  if (p == "trace") require(s, "file", "trace signups need a CSV file");
  // Only the chosen process's keys are read, so only its defaults appear in the resolved file.
  if (p == "poisson") c.rate_per_s = s.number("rate");
  if (p == "piecewise") c.rates = read_schedule<double>(s, "rates", "rate");
  if (p == "bass") {
    c.market = s.number("market");
    c.p_per_s = s.number("p");
    c.q_per_s = s.number("q");
  }
  if (p == "gamma") {
    c.mean_s = s.number("mean");
    c.cv = s.number("cv");
  }
  if (p == "trace") {
    c.file = resolve_relative(s.scenario_file(), s.text("file"));
    c.counts = s.text("format") == "counts";
    c.column = s.text("column");
    c.scale = s.number("scale");
    if (c.counts) {
      require(s, "interval", "format counts needs the interval each row covers");
      c.interval_s = s.number("interval");
    } else if (s.has("interval")) {
      s.error_at("interval", "applies only to format: counts");
    }
    if (s.has("file")) {
      const std::string problem = SignupProcess::check_trace(c);
      if (!problem.empty()) s.error_at(problem.find("no column") != std::string::npos ? "column" : "file", problem);
    }
  }
  c.diurnal = s.numbers("diurnal");
  c.weekly = s.numbers("weekly");
  if (!c.diurnal.empty() && c.diurnal.size() != 24) s.error_at("diurnal", fmt::format("takes 24 hourly factors, got {}", c.diurnal.size()));
  if (!c.weekly.empty() && c.weekly.size() != 168) s.error_at("weekly", fmt::format("takes 168 hourly factors, got {}", c.weekly.size()));
  if (p == "trace" && (!c.diurnal.empty() || !c.weekly.empty())) s.error_at("diurnal", "a trace is replayed as recorded: no modulation");
  return c;
}

WaitlistConfig read_waitlist(Section& s) {
  WaitlistConfig w;
  const std::string policy = s.text("policy");
  const bool capacity_gated = policy == "fifo" || policy == "priority" || policy == "lottery";
  const bool timed = policy == "waves" || policy == "feedback";
  w.policy = policy == "open" ? Policy::Open
             : policy == "priority" ? Policy::Priority
             : policy == "lottery" ? Policy::Lottery
             : policy == "waves" ? Policy::Waves
             : policy == "feedback" ? Policy::Feedback
                                    : Policy::Fifo;
  if (capacity_gated) {
    if (!s.has("capacity_per_replica")) require(s, "capacity", fmt::format("policy {} admits into `capacity` slots", policy));
    w.order = w.policy == Policy::Priority ? QueueOrder::Priority : w.policy == Policy::Lottery ? QueueOrder::Lottery : QueueOrder::Fifo;
    if (s.has("order")) s.error_at("order", fmt::format("policy {} fixes the order; `order` applies to waves and feedback", policy));
  }
  if (timed) {
    const std::string order = s.text("order");
    w.order = order == "priority" ? QueueOrder::Priority : order == "lottery" ? QueueOrder::Lottery : QueueOrder::Fifo;
    require(s, "every", fmt::format("policy {} admits every `every`", policy));
    w.every_s = s.number("every");
  }
  if (policy == "open" && s.has("capacity")) s.error_at("capacity", "policy open admits everyone; use fifo for a capacity");
  only_for(s, policy, {"every", "order"}, {"waves", "feedback"}, "policy");
  only_for(s, policy, {"size", "sizes", "carbon"}, {"waves"}, "policy");
  only_for(s, policy, {"batch", "measure", "window", "target"}, {"feedback"}, "policy");
  if (auto c = s.optional_number("capacity")) w.capacity = static_cast<std::int64_t>(*c);
  w.capacity_schedule = read_schedule<std::int64_t>(s, "capacity_schedule", "capacity");
  if (!w.capacity_schedule.empty() && !w.capacity) require(s, "capacity", "the capacity before the schedule's first entry");
  if (auto c = s.optional_number("capacity_per_replica")) {
    w.capacity_per_replica = static_cast<std::int64_t>(*c);
    if (s.has("capacity") || s.has("capacity_schedule"))
      s.error_at("capacity_per_replica", "give the capacity either per replica (it follows the fleet) or as `capacity`, not both");
    if (policy == "open") s.error_at("capacity_per_replica", "policy open admits everyone; use fifo for a capacity");
  }
  if (auto mw = s.optional_number("max_waiting")) w.max_waiting = static_cast<std::int64_t>(*mw);
  w.patience_s = s.distribution("patience");
  if (policy == "waves") {
    if (s.has("size") == s.has("sizes")) s.error_at("size", "waves take either `size` (every wave) or `sizes` (a schedule)");
    if (s.has("size")) w.wave_sizes.emplace_back(0.0, static_cast<std::int64_t>(s.number("size")));
    else w.wave_sizes = read_schedule<std::int64_t>(s, "sizes", "size");
  }
  if (policy == "feedback") {
    for (const char* k : {"batch", "window", "target"}) require(s, k, "feedback needs batch, window and target");
    w.batch = static_cast<std::int64_t>(s.number("batch"));
    const std::string measure = s.text("measure");
    w.measure = measure == "request_rate"   ? FeedbackMeasure::RequestRate
                : measure == "ttft_p99"     ? FeedbackMeasure::TtftP99
                : measure == "utilization"  ? FeedbackMeasure::Utilization
                : measure == "queue_length" ? FeedbackMeasure::QueueLength
                                            : FeedbackMeasure::ActiveSessions;
    w.window_s = s.number("window");
    w.target = s.number("target");
  }
  if (s.has("referral")) {
    Section r = s.section("referral");
    Referral ref;
    ref.invites = static_cast<int>(r.number("invites"));
    if (auto d = r.distribution("delay")) ref.delay_s = *d;
    ref.accept = r.number("accept");
    w.referral = ref;
  }
  return w;
}

UsageConfig read_usage(Section& s) {
  UsageConfig u;
  u.lifetime_s = s.distribution("lifetime");
  u.sessions_per_day = s.number("sessions_per_day");
  u.session_at_admission = s.flag("session_at_admission");
  u.carry_context = s.flag("carry_context");
  u.diurnal = s.numbers("diurnal");
  if (!u.diurnal.empty() && u.diurnal.size() != 24) s.error_at("diurnal", fmt::format("takes 24 hourly factors, got {}", u.diurnal.size()));
  if (auto t = s.distribution("turns_per_session")) {
    u.turns_per_session = *t;
    require(s, "think_time", "the time between a session's turns");
  }
  if (auto t = s.distribution("think_time")) u.think_time_s = *t;
  if (s.has("token_trace")) {
    if (s.has("prompt_tokens") || s.has("output_tokens")) s.error_at("token_trace", "give token lengths either as distributions or as a trace, not both");
    std::string error;
    const std::string file = resolve_relative(s.scenario_file(), s.text("token_trace"));
    if (!read_pairs(file, "ContextTokens", "GeneratedTokens", u.token_pairs, error)) s.error_at("token_trace", error);
  } else if (s.has("token_trace_order")) {
    s.error_at("token_trace_order", "applies to a `token_trace` only");
  }
  u.token_trace_in_order = s.text("token_trace_order") == "in_order";
  if (auto d = s.distribution("prompt_tokens")) u.prompt_tokens = *d;
  if (auto d = s.distribution("output_tokens")) u.output_tokens = *d;
  for (Section& item : s.list("caps")) {
    TurnCaps c;
    c.from_s = item.number("from");
    if (auto v = item.optional_number("per_session")) c.per_session = static_cast<std::int64_t>(*v);
    if (auto v = item.optional_number("per_day")) c.per_day = static_cast<std::int64_t>(*v);
    if (!u.caps.empty() && c.from_s <= u.caps.back().from_s) item.error_at("from", "caps must be in increasing order of `from`");
    u.caps.push_back(c);
  }
  return u;
}

std::vector<UserClass> read_classes(Section& top) {
  std::vector<UserClass> out;
  if (!top.has("classes")) {
    out.push_back(UserClass{"all", 1.0, 0, std::nullopt, 1.0});
    return out;
  }
  double total = 0;
  for (Section& item : top.list("classes")) {
    UserClass c;
    c.name = item.text("name");
    c.share = item.number("share");
    c.priority = static_cast<int>(item.number("priority"));
    c.patience_s = item.distribution("patience");
    c.usage_scale = item.number("usage_scale");
    total += c.share;
    out.push_back(std::move(c));
  }
  if (!out.empty() && std::abs(total - 1.0) > 1e-9) top.error_at("classes", fmt::format("the shares must sum to 1, they sum to {}", total));
  return out;
}

PoolConfig read_pool(Section& s, const Catalog& catalog) {
  PoolConfig pool;
  pool.name = s.text("name");
  pool.replicas = static_cast<std::int64_t>(s.number("replicas"));
  pool.gpus_per_replica = static_cast<std::int64_t>(s.number("gpus_per_replica"));
  if (auto d = s.distribution("service_time")) pool.service_time_s = *d;
  if (auto q = s.optional_number("queue_limit")) pool.queue_limit = static_cast<std::int64_t>(*q);
  if (s.has("failures")) {
    Section failures = s.section("failures");
    FailureConfig f;
    if (auto d = failures.distribution("time_to_failure")) f.time_to_failure_s = *d;
    if (auto d = failures.distribution("repair")) f.repair_s = *d;
    pool.failures = f;
  }
  pool.reserved = s.number("reserved");
  pool.reserved_schedule = read_schedule<double>(s, "reserved_schedule", "share");
  if (s.has("model")) {
    pool.llm = read_llm_pool(s, pool, catalog);
  } else {
    if (!s.has("service_time")) s.error_at("service_time", "missing `service_time` (fixed serving) or `model` and `gpu` (continuous batching)");
    for (const char* key : {"step_time", "roofline"})
      if (s.has(key)) s.error_at(key, "applies to pools that serve a `model` (step times of continuous batching); a fixed pool draws `service_time`");
    // Read only when given, so that a scenario without them resolves as before.
    if (s.has("batch")) {
      Section batch = s.section("batch");
      pool.batch_max = batch.has("max") ? static_cast<std::int64_t>(batch.number("max")) : 1;
      for (const char* key : {"mode", "max_tokens", "fidelity", "chunked_prefill", "prefix_cache"})
        if (batch.has(key)) batch.error_at(key, "applies to pools that serve a `model` (continuous batching)");
    }
  }
  if (s.has("changes")) read_changes(s, pool);
  return pool;
}

LlmPoolConfig read_llm_pool(Section& s, const PoolConfig& pool, const Catalog& catalog) {
  LlmPoolConfig llm;
  const std::string model = s.text("model");
  if (const LlmSpec* spec = catalog.find_llm(model)) llm.model = *spec;
  else s.error_at("model", unknown_entry_message(catalog, CatalogKind::Llm, model));
  if (!s.has("gpu")) {
    s.error_at("gpu", "missing `gpu`: the catalog GPU the pool's replicas run on (`capsim catalog` lists them)");
  } else {
    const std::string gpu = s.text("gpu");
    if (const GpuSpec* spec = catalog.find_gpu(gpu)) llm.gpu = *spec;
    else s.error_at("gpu", unknown_entry_message(catalog, CatalogKind::Gpu, gpu));
  }
  if (s.has("service_time")) s.error_at("service_time", "a pool that serves a `model` times its steps (by roofline or a `step_time` profile): drop `service_time`");
  llm.roofline.gpus = pool.gpus_per_replica;
  llm.roofline.bytes_per_weight = s.text("precision") == "fp8" ? 1 : 2;
  parse_router(s.text("router"), llm.router);  // the choice is checked against the table
  llm.memory_utilization = s.number("memory_utilization");
  Section b = s.section("batch");
  llm.batching.static_batches = b.text("mode") == "static";
  if (b.has("max")) llm.batching.max_batch = static_cast<std::int64_t>(b.number("max"));  // else vLLM's 256
  llm.batching.max_batched_tokens = static_cast<std::int64_t>(b.number("max_tokens"));
  llm.batching.every_iteration = b.text("fidelity") == "iteration";
  llm.batching.chunked_prefill = b.flag("chunked_prefill");
  llm.batching.prefix_cache = b.flag("prefix_cache");
  if (llm.batching.chunked_prefill && llm.batching.static_batches)
    b.error_at("chunked_prefill", "chunked prefill applies to `mode: continuous` (a static batch admits no one until it has finished)");
  read_step_time(s, llm);
  if (!llm.gpu.name.empty() && !llm.model.name.empty()) {
    if (llm.kv_tokens_per_replica() < 2)
      s.error_at("gpus_per_replica", fmt::format("{} in {} ({:.0f} GB) does not fit in {} x {} ({:.0f} GB usable at memory_utilization {}): use more GPUs per replica, fp8, or a larger GPU",
                                                 llm.model.name, llm.roofline.bytes_per_weight < 2 ? "fp8" : "fp16",
                                                 llm.model.parameters * llm.roofline.bytes_per_weight / 1e9, pool.gpus_per_replica, llm.gpu.name,
                                                 static_cast<double>(pool.gpus_per_replica) * llm.gpu.memory_bytes * llm.memory_utilization / 1e9,
                                                 llm.memory_utilization));
  }
  return llm;
}

}  // namespace capsim::models
