#include "models/config/param_table.hpp"

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
  {"catalog", T::Files, "", "", opt, 0, incl, kNoLimit, "", "Catalog files (the format of models/catalog/gpus.yaml and llms.yaml), read in order over the built-in catalog: an entry of a built-in name overrides the fields it gives, a new name adds an entry. Absent: the built-in catalog only. See `capsim catalog`."},
  {"output", T::Section, "", "", opt, 0, incl, kNoLimit, "", "What is written besides the metrics."},
  {"output.interval", T::Duration, "s", "0", opt, 0, incl, kMaxHorizonSeconds, "", "Time-series sampling interval; 0 means horizon / 100."},
  {"output.cumulative_energy", T::Flag, "", "false", opt, 0, incl, kNoLimit, "", "With energy accounting (a `datacenter` or `training`): also write the series facility_energy_kwh and co2e_kg per energy scope (each pool, each training run, `all`): the facility energy and operational carbon since the warm-up at each sampling instant, e.g. to read the day serving's energy passes a training run's, or to plot carbon over time (scripts/plot.py)."},
  {"output.per_class", T::Flag, "", "true", opt, 0, incl, kNoLimit, "", "Also report each user class's metrics, under scope SERVICE/CLASS (only when there are several classes)."},

  {"sweep", T::Section, "", "", opt, 0, incl, kNoLimit, "", "The arms of `capsim sweep` (ignored by `capsim run`): `grid` and `zip` maps of a parameter (addressed as --set addresses it) to a list of values. Every replication of every arm is one run; arms share common random numbers."},
  {"sweep.grid", T::Section, "", "", opt, 0, incl, kNoLimit, "", "KEY: [V1, V2, ...] per swept parameter: every combination of the lists (the cartesian product, the last key varying fastest)."},
  {"sweep.zip", T::Section, "", "", opt, 0, incl, kNoLimit, "", "KEY: [V1, V2, ...] lists of one length, taken in lockstep: the i-th arm takes the i-th value of every list; combined with `grid` as one more dimension."},

  {"classes", T::List, "", "", opt, 1, incl, 100, "", "Classes of people, shared by all services. Absent: one class `all`."},
  {"classes[].name", T::Name, "", "", req, 0, incl, kNoLimit, "", "Class name."},
  {"classes[].share", T::Real, "", "", req, 0, excl, 1, "", "Share of signups in this class; the shares sum to 1."},
  {"classes[].priority", T::Integer, "", "0", opt, -1000, incl, 1000, "", "Admission order under policy `priority`: lower is admitted first."},
  {"classes[].patience", T::Distribution, "s", "", opt, 0, excl, kNoLimit, "", "This class's patience, instead of the service's."},
  {"classes[].usage_scale", T::Real, "", "1", opt, 0, incl, 1000, "", "Usage intensity: multiplies the service's sessions_per_day."},

  {"population", T::Section, "", "", opt, 0, incl, kNoLimit, "", "People who may join several services' waitlists at once (services opt in with `join`)."},
  {"population.signups", T::Section, "", "", req, 0, incl, kNoLimit, "@signups", "How people arrive."},
  {"population.leave_on_admission", T::Flag, "", "true", opt, 0, incl, kNoLimit, "", "A person admitted to one service leaves the other waitlists (counted as `left`)."},

  {"services", T::List, "", "", opt, 1, incl, 1000, "", "The AI services simulated side by side, each addressed by its name (--set services.NAME.KEY=V). Required unless the scenario has `training` runs."},
  {"services[].name", T::Name, "", "", req, 0, incl, kNoLimit, "", "Service name; the `scope` of its metrics."},
  {"services[].join", T::Real, "", "", opt, 0, incl, 1, "", "Probability that a person of the shared `population` joins this service's waitlist."},
  {"services[].signups", T::Section, "", "", opt, 0, incl, kNoLimit, "@signups", "This service's own signups (besides any from the population)."},

  {"@signups.process", T::Choice, "", "poisson", opt, 0, incl, kNoLimit, "poisson,piecewise,bass,gamma,trace", "Arrival process: poisson (rate), piecewise (rates over time), bass (diffusion: market, p, q), gamma (bursty renewal: mean, cv), trace (replay of a CSV)."},
  {"@signups.rate", T::Rate, "1/s", "", opt, 0, excl, kMaxRate, "", "poisson: mean signup rate."},
  {"@signups.rates", T::List, "", "", opt, 1, incl, 100000, "", "piecewise: the rate from each time on, [{from: 0s, rate: 10/s}, {from: 2d, rate: 2/s}]."},
  {"@signups.rates[].from", T::Duration, "s", "", req, 0, incl, kMaxHorizonSeconds, "", "Start of this rate."},
  {"@signups.rates[].rate", T::Rate, "1/s", "", req, 0, incl, kMaxRate, "", "Rate from `from` on."},
  {"@signups.market", T::Count, "people", "", opt, 1, incl, kMaxUsers, "", "bass: market size m (eventual adopters; a signup is an adoption)."},
  {"@signups.p", T::Rate, "1/s", "", opt, 0, excl, kMaxRate, "", "bass: coefficient of innovation p, e.g. 0.01/d."},
  {"@signups.q", T::Rate, "1/s", "", opt, 0, incl, kMaxRate, "", "bass: coefficient of imitation q, e.g. 0.4/d."},
  {"@signups.mean", T::Duration, "s", "", opt, 0, excl, kMaxHorizonSeconds, "", "gamma: mean time between signups."},
  {"@signups.cv", T::Real, "", "", opt, 0, excl, 1000, "", "gamma: coefficient of variation of the time between signups (1: Poisson; > 1: bursty)."},
  {"@signups.file", T::String, "", "", opt, 0, incl, kNoLimit, "", "trace: CSV file, relative to the scenario file."},
  {"@signups.format", T::Choice, "", "timestamps", opt, 0, incl, kNoLimit, "timestamps,counts", "trace: one row per arrival (`timestamps`), or a count per interval (`counts`, spread uniformly within it)."},
  {"@signups.column", T::String, "", "", opt, 0, incl, kNoLimit, "", "trace: the column to read (default: the first); timestamps are seconds or YYYY-MM-DD HH:MM:SS[.f]."},
  {"@signups.interval", T::Duration, "s", "", opt, 0, excl, kMaxHorizonSeconds, "", "trace with format counts: the length of each row's interval."},
  {"@signups.scale", T::Real, "", "1", opt, 0, excl, 1e9, "", "trace: time scale; 2 replays twice as fast."},
  {"@signups.diurnal", T::Numbers, "", "", opt, 0, incl, kNoLimit, "", "24 hourly factors (hour 0 first) modulating the process; normalised to mean 1."},
  {"@signups.weekly", T::Numbers, "", "", opt, 0, incl, kNoLimit, "", "168 hourly factors (Monday 0h first) modulating the process; normalised to mean 1."},

  {"services[].waitlist", T::Section, "", "", req, 0, incl, kNoLimit, "", "The waitlist and its admission policy."},
  {"services[].waitlist.policy", T::Choice, "", "fifo", opt, 0, incl, kNoLimit, "open,fifo,priority,lottery,waves,feedback",
   "open: admit at once; fifo / priority / lottery: admit whenever one of `capacity` slots is free, in signup order / class order / at random; waves: every `every` admit `size`; feedback: every `every` admit `batch` while `measure` stays under `target`."},
  {"services[].waitlist.order", T::Choice, "", "fifo", opt, 0, incl, kNoLimit, "fifo,priority,lottery", "Who is admitted first under waves and feedback."},
  {"services[].waitlist.capacity", T::Count, "users", "", opt, 1, incl, kMaxUsers, "", "Concurrent admitted users (slots); a churned user frees a slot. Required by fifo, priority, lottery; a cap for the others."},
  {"services[].waitlist.capacity_schedule", T::List, "", "", opt, 1, incl, 100000, "", "Capacity from each time on, [{from: 5d, capacity: 20k}, ...]; before the first entry, `capacity`."},
  {"services[].waitlist.capacity_schedule[].from", T::Duration, "s", "", req, 0, incl, kMaxHorizonSeconds, "", "Start of this capacity."},
  {"services[].waitlist.capacity_schedule[].capacity", T::Count, "users", "", req, 0, incl, kMaxUsers, "", "Capacity from `from` on."},
  {"services[].waitlist.capacity_per_replica", T::Count, "users", "", opt, 1, incl, kMaxUsers, "", "Capacity that follows the fleet: this many users per replica in service in the service's `serving.pool` (with `serving.pools`: in all of them; failures and reservations lower it, repairs raise it; no one is sent away when it drops). Instead of `capacity`."},
  {"services[].waitlist.max_waiting", T::Count, "users", "", opt, 0, incl, kMaxUsers, "", "Waitlist size limit; a signup finding it full is turned away (blocked). Absent: unlimited; 0: no waiting room (Erlang B)."},
  {"services[].waitlist.patience", T::Distribution, "s", "", opt, 0, excl, kNoLimit, "", "Time a person waits before giving up (abandoning). Absent: people never give up."},
  {"services[].waitlist.every", T::Duration, "s", "", opt, 0, excl, kMaxHorizonSeconds, "", "waves and feedback: time between admission rounds (the first at `every`)."},
  {"services[].waitlist.size", T::Count, "users", "", opt, 0, incl, kMaxUsers, "", "waves: people admitted per wave."},
  {"services[].waitlist.sizes", T::List, "", "", opt, 1, incl, 100000, "", "waves: wave size from each time on, [{from: 0s, size: 100k}, {from: 7d, size: 500k}]."},
  {"services[].waitlist.sizes[].from", T::Duration, "s", "", req, 0, incl, kMaxHorizonSeconds, "", "Start of this size."},
  {"services[].waitlist.sizes[].size", T::Count, "users", "", req, 0, incl, kMaxUsers, "", "Wave size from `from` on."},
  {"services[].waitlist.batch", T::Count, "users", "", opt, 1, incl, kMaxUsers, "", "feedback: people admitted per round while the measure is under target."},
  {"services[].waitlist.measure", T::Choice, "", "active_sessions", opt, 0, incl, kNoLimit, "active_sessions,request_rate,ttft_p99,utilization,queue_length", "feedback: what is watched over `window`: the service's open sessions (time mean) or requests per second; or its serving pool's (services[].serving.pool) p99 time to first token in seconds (fixed pools: to the finish), utilization (time-mean busy share of its replicas) or queue_length (time-mean requests waiting)."},
  {"services[].waitlist.window", T::Duration, "s", "", opt, 0, excl, kMaxHorizonSeconds, "", "feedback: sliding window of the measure."},
  {"services[].waitlist.target", T::Real, "", "", opt, 0, excl, kNoLimit, "", "feedback: admit only while the measure is below this (in the measure's unit: ttft_p99 in seconds)."},
  {"services[].waitlist.referral", T::Section, "", "", opt, 0, incl, kNoLimit, "", "Invitations: each admitted user can bring in others who skip the waitlist."},
  {"services[].waitlist.referral.invites", T::Integer, "", "", req, 0, incl, 1000, "", "Invitations each admitted user receives."},
  {"services[].waitlist.referral.delay", T::Distribution, "s", "", req, 0, incl, kNoLimit, "", "Time from admission until an invitation is used."},
  {"services[].waitlist.referral.accept", T::Real, "", "1", opt, 0, incl, 1, "", "Probability that an invitation brings a new user."},
  {"services[].waitlist.carbon", T::Section, "", "", opt, 0, incl, kNoLimit, "@clean_hours", "waves: carbon-aware waves. A wave due in a dirty hour of the `datacenter`'s grid is held and admitted at the start of the next clean hour (with the capacity and the waitlist then); waves held together go together. Needs a `datacenter`; compare with plain waves in one sweep (cleanest_hours: 24 is plain waves)."},

  {"services[].usage", T::Section, "", "", opt, 0, incl, kNoLimit, "", "What admitted users do."},
  {"services[].usage.lifetime", T::Distribution, "s", "", opt, 0, excl, kNoLimit, "", "Time from admission until the user churns and frees the slot. Absent: users stay."},
  {"services[].usage.sessions_per_day", T::Real, "1/d", "0", opt, 0, incl, 1e9, "", "Sessions a user starts per day (Poisson, modulated by `diurnal`); 0: no requests."},
  {"services[].usage.carry_context", T::Flag, "", "false", opt, 0, incl, kNoLimit, "", "Each turn's prompt carries its session's earlier prompts and outputs (a chat's history): prompt of turn k = its own + all earlier turns' (capped by a model pool at the model's context_length, oldest dropped). With a pool's batch.prefix_cache, that earlier context may be cached."},
  {"services[].usage.session_at_admission", T::Flag, "", "false", opt, 0, incl, kNoLimit, "", "Each user starts a session as they are admitted (besides sessions_per_day). With a signup trace, policy open and token_trace_order in_order, each trace row is one request at its time with its token counts."},
  {"services[].usage.diurnal", T::Numbers, "", "", opt, 0, incl, kNoLimit, "", "24 hourly factors modulating session starts; normalised to mean 1."},
  {"services[].usage.turns_per_session", T::Distribution, "turns", "", opt, 0, excl, kNoLimit, "", "Turns (requests) per session, rounded to a whole number >= 1. Absent: 1."},
  {"services[].usage.think_time", T::Distribution, "s", "", opt, 0, incl, kNoLimit, "", "Time between a session's turns; required with turns_per_session."},
  {"services[].usage.prompt_tokens", T::Distribution, "tokens", "", opt, 0, incl, kNoLimit, "", "Prompt tokens per request. Absent (and no token_trace): 161, ShareGPT's mean (VALIDATION.md)."},
  {"services[].usage.output_tokens", T::Distribution, "tokens", "", opt, 0, incl, kNoLimit, "", "Output tokens per request. Absent (and no token_trace): 338, ShareGPT's mean (VALIDATION.md)."},
  {"services[].usage.token_trace", T::String, "", "", opt, 0, incl, kNoLimit, "", "CSV with ContextTokens and GeneratedTokens columns (the Azure 2023 trace); each request draws one row."},
  {"services[].usage.token_trace_order", T::Choice, "", "random", opt, 0, incl, kNoLimit, "random,in_order", "How requests take token_trace rows: random (each draws a row) or in_order (the service's k-th request takes the k-th row, from the first again after the last; a retry resends its row)."},
  {"services[].usage.caps", T::List, "", "", opt, 1, incl, 1000, "", "Turn caps from each time on, [{from: 10d, per_session: 5, per_day: 50}, ...]; a capped turn is counted, not sent."},
  {"services[].usage.caps[].from", T::Duration, "s", "", req, 0, incl, kMaxHorizonSeconds, "", "Start of these caps."},
  {"services[].usage.caps[].per_session", T::Count, "turns", "", opt, 1, incl, kMaxUsers, "", "Turns per session. Absent: no cap."},
  {"services[].usage.caps[].per_day", T::Count, "turns", "", opt, 1, incl, kMaxUsers, "", "Turns per user per day (days start at time 0). Absent: no cap."},

  {"services[].serving", T::Section, "", "", opt, 0, incl, kNoLimit, "", "Where the service's requests are served. Absent: every request is answered at once (zero latency)."},
  {"services[].serving.pool", T::String, "", "", opt, 0, incl, kNoLimit, "", "Name of the `fleet.pools` entry that serves this service's requests (give `pool` or `pools`)."},
  {"services[].serving.pools", T::Names, "", "", opt, 0, incl, kNoLimit, "", "Several `fleet.pools` entries that serve this service's requests (a mixed fleet: [h100, a100]); `router` picks one per request, then that pool's own router a replica. The service's latency metrics cover all its pools. Instead of `pool`."},
  {"services[].serving.router", T::Choice, "", "", opt, 0, incl, kNoLimit, "round_robin,least_outstanding,power_of_two,least_kv", "With `pools`: how a request picks a pool, among those with a replica serving: in turn weighted by serving replicas, the fewest outstanding requests per serving replica (a faster GPU type drains sooner and so takes more), the better of two replicas drawn at random (by their pools' outstanding per replica), or the least share of KV cache in use (model pools only). Absent: least_outstanding, which needs no estimate of each pool's speed (models/serving/pool_router.hpp)."},
  {"services[].serving.timeout", T::Distribution, "s", "", opt, 0, excl, kNoLimit, "", "How long a user waits for a request's first token (for fixed service times: for service to start) before giving up (`timed_out`, the session ends). Absent: users wait."},
  {"services[].serving.slo", T::Section, "", "", opt, 0, incl, kNoLimit, "", "Service-level objectives; `slo_attainment` is the share of answered requests (completed, rejected or given up) completed within them, as DistServe counts attainment."},
  {"services[].serving.slo.ttft", T::Duration, "s", "", opt, 0, excl, kNoLimit, "", "Most time to the first token. Absent: no bound."},
  {"services[].serving.slo.tpot", T::Duration, "s", "", opt, 0, excl, kNoLimit, "", "Most time per output token after the first. Absent: no bound."},
  {"services[].serving.retry", T::Section, "", "", opt, 0, incl, kNoLimit, "", "What a user does after a rejected or timed-out request: try the same turn again with `probability` after `delay`, else end the session. Absent: the session ends."},
  {"services[].serving.retry.probability", T::Real, "", "", req, 0, incl, 1, "", "Probability of trying again after each failed try."},
  {"services[].serving.retry.delay", T::Distribution, "s", "", req, 0, incl, kNoLimit, "", "Time before the retry."},

  {"fleet", T::Section, "", "", opt, 0, incl, kNoLimit, "", "The serving fleet: pools of replicas that answer the services' requests."},
  {"fleet.pools", T::List, "", "", req, 1, incl, 1000, "", "Pools of identical replicas, each addressed by its name."},
  {"fleet.pools[].name", T::Name, "", "", req, 0, incl, kNoLimit, "", "Pool name; the `scope` of its metrics."},
  {"fleet.pools[].replicas", T::Count, "replicas", "", req, 1, incl, 1e7, "", "Replicas in the pool at the start (`changes` adds and retires later): with `service_time`, each serves one request at a time, or one batch (`batch`); with `model`, each batches continuously."},
  {"fleet.pools[].service_time", T::Distribution, "s", "", opt, 0, excl, kNoLimit, "", "Time a replica holds one request or batch (`fixed` serving: image generation, the queueing checks). Required unless the pool serves a `model`."},
  {"fleet.pools[].queue_limit", T::Count, "requests", "", opt, 0, incl, kMaxUsers, "", "Requests that may wait for a replica; one more is rejected (\"at capacity\"). Absent: unlimited."},
  {"fleet.pools[].gpus_per_replica", T::Count, "GPUs", "1", opt, 1, incl, 1024, "", "GPUs per replica (tensor parallel); any one failing takes the replica down."},
  {"fleet.pools[].reserved", T::Real, "", "0", opt, 0, incl, 1, "", "Share of the replicas held for another tenant; the pool serves with the rest (rounded down). 0.5: half of the pool kept for someone else."},
  {"fleet.pools[].reserved_schedule", T::List, "", "", opt, 1, incl, 100000, "", "Reserved share from each time on, [{from: 30d, share: 0.25}, ...]; before the first entry, `reserved`."},
  {"fleet.pools[].reserved_schedule[].from", T::Duration, "s", "", req, 0, incl, kMaxHorizonSeconds, "", "Start of this share."},
  {"fleet.pools[].reserved_schedule[].share", T::Real, "", "", req, 0, incl, 1, "", "Reserved share from `from` on."},
  {"fleet.pools[].failures", T::Section, "", "", opt, 0, incl, kNoLimit, "", "GPU failures: a failed GPU takes its replica down until repaired; the request it served starts over. Absent: no failures."},
  {"fleet.pools[].failures.time_to_failure", T::Distribution, "s", "", req, 0, excl, kNoLimit, "", "Time to failure of one GPU (exponential: mean = MTBF; weibull for wear-out). Llama 3's 419 unexpected interruptions in 54 days on 16,384 H100s are one per 50,700 GPU-hours (VALIDATION.md)."},
  {"fleet.pools[].failures.repair", T::Distribution, "s", "", req, 0, incl, kNoLimit, "", "Time a failed replica stays down (MTTR); it comes back as new."},
  {"fleet.pools[].batch", T::Section, "", "", opt, 0, incl, kNoLimit, "", "Batching. Fixed pools: a free replica takes up to `max` waiting requests at once and serves them together for one draw of `service_time` (per batch); all finish together (absent: one at a time). Model pools: the replica's vLLM-like scheduler."},
  {"fleet.pools[].batch.max", T::Count, "requests", "", opt, 1, incl, 1e6, "", "Most requests in a replica's batch. Fixed pools: default 1; fewer if fewer are waiting (a free replica does not wait to fill a batch: M/G^[1,max]/c). Model pools: default 256, vLLM's max_num_seqs."},
  {"fleet.pools[].batch.mode", T::Choice, "", "continuous", opt, 0, incl, kNoLimit, "continuous,static", "Model pools. continuous: requests join at any step; static: a batch runs until all of it has finished before others join."},
  {"fleet.pools[].batch.max_tokens", T::Count, "tokens", "8192", opt, 1, incl, 1e7, "", "Model pools: prefill tokens per step (one longer prompt still runs alone; with chunked_prefill, all the tokens of a step, a decode counting one, and longer prompts are split). Default 8192, vLLM's max_num_batched_tokens for its API server with chunked prefill (an assumption for other versions)."},
  {"fleet.pools[].batch.chunked_prefill", T::Flag, "", "false", opt, 0, incl, kNoLimit, "", "Model pools, continuous mode. true: chunked prefill (Sarathi-Serve; vLLM v1's scheduler): each step carries the running decodes (one token of max_tokens each) plus prefill chunks in the rest of the budget, so a long prompt is split over several steps and the decodes do not stall for its whole prefill. A request starts only when its whole prompt fits the KV cache (an assumption: vLLM allocates chunk by chunk). false: a prefill step pauses the decodes (vLLM 0.5's default)."},
  {"fleet.pools[].batch.prefix_cache", T::Flag, "", "false", opt, 0, incl, kNoLimit, "", "Model pools. true: each replica keeps finished sessions' KV (prompt and output) in the memory its running requests leave free, least recently used evicted first (vLLM's automatic prefix caching, per session); a later turn of that session (usage.carry_context) routed to the same replica prefills only its new tokens. Metrics prefix_context_tokens, prefix_hit_tokens (hit rate: their ratio). The router knows nothing of it: with several replicas turns may land elsewhere and miss."},
  {"fleet.pools[].batch.fidelity", T::Choice, "", "jump", opt, 0, incl, kNoLimit, "jump,iteration", "Model pools. jump: one event per change of the batch (decode runs in closed form); iteration: one event per step. Both give every request the same times."},
  {"fleet.pools[].changes", T::List, "", "", opt, 1, incl, 100000, "", "The pool over time, [{at: 10d, add: 20, lead_time: 30d}, {at: 40d, retire: 10}]: additions ordered at `at` serve from `at + lead_time` (a model pool's router sends them requests from then); retirements take idle replicas at once, then ones down for repair, then busy ones, which take no new requests and leave once they have finished what they hold (a fixed pool's batch; a model pool's running and queued requests), then replicas lent to `jobs`, which leave when given back. At equal times installations come first. Metrics replicas_installed_mean, replicas_up_mean; series replicas_installed."},
  {"fleet.pools[].changes[].at", T::Duration, "s", "", req, 0, incl, kMaxHorizonSeconds, "", "When the addition is ordered, or the retirement takes effect."},
  {"fleet.pools[].changes[].add", T::Count, "replicas", "", opt, 1, incl, 1e7, "", "Replicas added (give either add or retire)."},
  {"fleet.pools[].changes[].lead_time", T::Duration, "s", "0", opt, 0, incl, kMaxHorizonSeconds, "", "Time from order to service of an addition (delivery, racking, burn-in)."},
  {"fleet.pools[].changes[].retire", T::Count, "replicas", "", opt, 1, incl, 1e7, "", "Replicas retired; no more than are installed by then."},
  {"fleet.pools[].model", T::String, "", "", opt, 0, incl, kNoLimit, "", "A catalog LLM (`capsim catalog`) the pool serves with continuous batching on `gpu`; step times by roofline (../shared/SERVING.md). Absent: `fixed` service times."},
  {"fleet.pools[].gpu", T::String, "", "", opt, 0, incl, kNoLimit, "", "A catalog GPU (`capsim catalog`); required with `model`. A replica is `gpus_per_replica` of them, tensor parallel. A fixed pool may name one too, for its `energy` defaults under a `datacenter`."},
  {"fleet.pools[].precision", T::Choice, "", "fp16", opt, 0, incl, kNoLimit, "fp16,fp8", "Bytes per weight and per KV value: fp16 (BF16/FP16, 2) or fp8 (1; FP8 FLOP/s where the GPU has them, else BF16: weight-only FP8 as vLLM runs it on A100)."},
  {"fleet.pools[].router", T::Choice, "", "least_outstanding", opt, 0, incl, kNoLimit, "round_robin,least_outstanding,power_of_two,least_kv", "How a request picks a replica: in turn, the fewest requests outstanding, the better of two at random, or the least KV cache in use (ties go round robin)."},
  {"fleet.pools[].memory_utilization", T::Real, "", "0.9", opt, 0, excl, 1, "", "Share of GPU memory for weights and KV cache; the KV cache is what is left after the weights. Default: vLLM's gpu_memory_utilization (0.9)."},
  {"fleet.pools[].step_time", T::Section, "", "", opt, 0, incl, kNoLimit, "", "Model pools: how a step's time is computed. Absent: kind roofline."},
  {"fleet.pools[].step_time.kind", T::Choice, "", "roofline", opt, 0, incl, kNoLimit, "roofline,profile", "roofline: the `roofline` section. profile: a CSV of measured steps (`file`) fitted by least squares (Eigen QR) to t = a + p x [prefill_tokens > 0] + b x prefill_tokens [+ e x prefill_tokens^2 / batch_size, when the data supports it: a positive fit] + c x batch_size + d x context_tokens (linear in the context, so decode runs keep their exact jump); the fit (coefficients, R^2, max relative residual) is printed by `capsim check` and heads config.resolved.yaml. Refused: fewer than 6 rows, a rank-deficient design, a step time <= 0 anywhere in the pool's range (batch.max, the KV cache)."},
  {"fleet.pools[].step_time.file", T::String, "", "", opt, 0, incl, kNoLimit, "", "kind profile: CSV relative to the scenario, header prefill_tokens,batch_size,context_tokens,step_time_s (any order; '#' lines are comments). One row per measured step: batch_size = sequences in the step (prompts of a prefill, sequences of a decode), context_tokens = KV tokens the decodes attend to, step_time_s in seconds (or 12ms). Example: scenarios/validation/data/step-profile-llama-2-7b-a100.csv."},
  {"fleet.pools[].roofline", T::Section, "", "", opt, 0, incl, kNoLimit, "", "Step time (step_time kind roofline) = max(FLOPs / (peak x mfu), bytes / (bandwidth x mbu)) + all-reduces + overheads. The defaults are fitted to Lambda's vLLM 0.5.4 rows (VALIDATION.md: within 1.5x, H100/A100 1.8-2.4); newer servers are faster."},
  {"fleet.pools[].roofline.mfu", T::Real, "", "0.2", opt, 0, excl, 1, "", "Achieved share of peak FLOP/s. Default fitted to Lambda's vLLM 0.5.4 rows (VALIDATION.md)."},
  {"fleet.pools[].roofline.mbu", T::Real, "", "0.4", opt, 0, excl, 1, "", "Achieved share of HBM bandwidth. Default fitted to Lambda's vLLM 0.5.4 rows (VALIDATION.md)."},
  {"fleet.pools[].roofline.step_overhead", T::Duration, "s", "5ms", opt, 0, incl, 10, "", "Fixed time per step (scheduling, kernel launches). Default fitted to Lambda's vLLM 0.5.4 rows; vLLM's v0.6.0 post (Sept 2024) found the GPU idle most of the time in earlier versions."},
  {"fleet.pools[].roofline.sequence_overhead", T::Duration, "s", "40us", opt, 0, incl, 1, "", "Time per sequence per step (sampling, detokenizing, streaming). Default fitted to Lambda's vLLM 0.5.4 rows."},
  {"fleet.pools[].roofline.allreduce_latency", T::Duration, "s", "10us", opt, 0, incl, 1, "", "Latency of one tensor-parallel all-reduce (two per layer per step when gpus_per_replica > 1). Default: an assumption of the order of NCCL's small-message latency over NVLink."},

  {"fleet.pools[].site", T::Section, "", "", opt, 0, incl, kNoLimit, "@site", "With a `datacenter`: where this pool runs, when not at the datacenter: any of pue (or pue_hourly), grid (intensity, region and year, or hourly) and electricity (price or hourly); what it does not give is the datacenter's (GPU lifetimes stay the datacenter's). Absent: the datacenter."},
  {"fleet.pools[].energy", T::Section, "", "", opt, 0, incl, kNoLimit, "", "With a `datacenter`: what the pool's GPUs draw by state and what they cost; each figure defaults to the pool's catalog `gpu` (a fixed pool without `gpu` must give `idle` and `busy`, and has no capex or embodied carbon unless given). Power of the pool = GPUs x (the state's draw + overhead while up); energy is integrated exactly at each change of a replica's state."},
  {"fleet.pools[].energy.idle", T::Power, "W", "", opt, 0, incl, 1e6, "", "Per GPU of a replica that is up with nothing to do. Default: the catalog GPU's power_idle (SplitwiseSim's 75 W for an H100, VALIDATION.md)."},
  {"fleet.pools[].energy.prefill", T::Power, "W", "", opt, 0, incl, 1e6, "", "Model pools: per GPU during a prefill step. Default: the catalog GPU's power_prefill (SplitwiseSim: H100 700 W)."},
  {"fleet.pools[].energy.decode", T::Power, "W", "", opt, 0, incl, 1e6, "", "Model pools: per GPU during decode steps at batch `decode_full_batch` or more. Default: the catalog GPU's power_decode (SplitwiseSim: H100 380 W)."},
  {"fleet.pools[].energy.busy", T::Power, "W", "", opt, 0, incl, 1e6, "", "Fixed pools: per GPU of a replica serving a request or batch. Default: the catalog GPU's tdp (an assumption: a fixed service is a compute-bound batch, e.g. image diffusion, drawing board power as SplitwiseSim's compute-bound prefill does: its H100 prefill figure is the 700 W TDP, VALIDATION.md)."},
  {"fleet.pools[].energy.training", T::Power, "W", "", opt, 0, incl, 1e6, "", "Per GPU of a replica lent to a job (`jobs`). Default: the catalog GPU's tdp (H100 SXM: 700 W, NVIDIA datasheet; an assumption that training runs at board power, as Patel et al. 2024, 'Characterizing Power Management Opportunities for LLMs in the Cloud' (ASPLOS), report training near TDP: recalled, unverified); a fixed pool without `gpu`: `busy`."},
  {"fleet.pools[].energy.power_cap", T::Power, "W", "", opt, 1, incl, 1e6, "", "A power limit per GPU (nvidia-smi -pl): every state's draw above it is cut to it (not `overhead`, the rest of the server), and below the catalog tdp a model pool's roofline peak FLOP/s scale by cap / tdp, so compute-bound steps (prefill) slow down and memory-bound decode does not. Linear scaling is an assumption (clocks fall less than power: Patel et al. 2024, 'Characterizing Power Management Opportunities for LLMs in the Cloud', ASPLOS, report small slowdowns from capping, as recalled, unverified: so this likely errs slow); a measured step profile is refused with a cap, and a fixed pool's service time is unchanged. Needs a `datacenter`. Absent: no cap."},
  {"fleet.pools[].energy.decode_share_batch_1", T::Real, "", "1", opt, 0, incl, 1, "", "Model pools: decode draw at batch 1 as a share of `decode`, rising linearly to 1 at `decode_full_batch`. Default 1: flat, as SplitwiseSim's single decode constant (an assumption below its measured batches)."},
  {"fleet.pools[].energy.decode_full_batch", T::Count, "sequences", "64", opt, 1, incl, 1e6, "", "Model pools: the batch from which decode draws `decode`. Default 64: an assumption (decode turns compute-bound at batches of the order of 100 on H100, SERVING.md's roofline)."},
  {"fleet.pools[].energy.down", T::Power, "W", "0", opt, 0, incl, 1e6, "", "Per GPU of a failed replica (down for repair). Default 0: an assumption, the node is powered off for repair."},
  {"fleet.pools[].energy.overhead", T::Power, "W", "0", opt, 0, incl, 1e6, "", "Per GPU of a replica that is up, for the rest of the server (CPUs, memory, network, fans). Default 0: GPU power only, as SplitwiseSim counts; a DGX H100's 10.2 kW maximum against 8 x 700 W is up to 575 W per GPU (VALIDATION.md)."},
  {"fleet.pools[].energy.embodied", T::Mass, "gCO2e", "", opt, 0, incl, 1e9, "", "Manufacturing carbon per GPU, spread evenly over datacenter.gpu_lifetime: a run is charged GPUs x its length / lifetime. Default: the catalog GPU's embodied_carbon (A100: 318 kg, Chien et al. 2023)."},
  {"fleet.pools[].energy.gpu_price", T::Money, "USD", "", opt, 0, incl, 1e9, "", "Purchase price per GPU (capex), spread evenly over datacenter.gpu_lifetime; in USD, or in yuan (\"240000 CNY\", the seed article's H100 price) converted at datacenter.usd_per_cny. Default: the catalog GPU's price_usd (H100: $27,500, the midpoint of $25-30k, VALIDATION.md)."},
  {"fleet.pools[].energy.rental", T::Real, "USD/GPU-h", "", opt, 0, excl, 1e6, "", "Rental price per GPU-hour, instead of `gpu_price` (no capex). Absent: the GPUs are bought."},

  {"datacenter", T::Section, "", "", opt, 0, incl, kNoLimit, "", "The site the fleet runs in. Present: every pool (fixed or model) reports energy (it_energy_kwh, facility_energy_kwh), carbon (co2e_t, embodied_co2e_t) and cost (cost_usd and per request and 1k tokens), integrated exactly as the run goes, and a power_kw series; scope `all` sums the pools. Absent: no energy accounting."},
  {"datacenter.pue", T::Real, "", "1.12", opt, 1, incl, 10, "", "Power usage effectiveness: facility energy / IT energy. Default 1.12, Microsoft's fleet (VALIDATION.md; industry 1.55-1.58, Google 1.10, Meta 1.08)."},
  {"datacenter.pue_hourly", T::Numbers, "", "", opt, 0, incl, kNoLimit, "", "PUE per hour (hour 0 at time 0), repeated over the horizon (24 values: a daily profile; 8760: a year), instead of `pue`; inline or {file: x.csv}."},
  {"datacenter.grid", T::Section, "", "", opt, 0, incl, kNoLimit, "", "The carbon intensity of the electricity the site draws."},
  {"datacenter.grid.intensity", T::Real, "gCO2e/kWh", "397", opt, 0, incl, 1e4, "", "Constant intensity. Default 397, Virginia (Azure East US; VALIDATION.md: US 367-390, France 56, Sweden ~39, world 481)."},
  {"datacenter.grid.region", T::String, "", "", opt, 0, incl, kNoLimit, "", "A region of the shipped grid-intensity table instead of `intensity`: an Electricity Maps zone (US-MIDA-PJM, US-TEX-ERCO, IE, SE ...; yearly averages 2021-2025, ODbL) or an Ember ISO-3 code or region (USA, FRA, WORLD; CC BY-SA). `capsim catalog --grid` lists them."},
  {"datacenter.grid.year", T::Integer, "", "", opt, 2000, incl, 2100, "", "With a zone `region`: the year of its yearly average. Absent: the zone's latest year (said in config.resolved.yaml's head). Not for Ember regions (one average each)."},
  {"datacenter.grid.hourly", T::Numbers, "gCO2e/kWh", "", opt, 0, incl, kNoLimit, "", "Intensity per hour (hour 0 at time 0), repeated over the horizon, instead of `intensity`; inline or {file: x.csv} (one number per line, an optional header)."},
  {"datacenter.electricity", T::Section, "", "", opt, 0, incl, kNoLimit, "", "What the site pays for electricity (per kWh of facility energy)."},
  {"datacenter.electricity.price", T::Real, "USD/kWh", "0.08", opt, 0, incl, 1e3, "", "Constant price. Default 0.08: about the 2023 US average industrial retail price (EIA Electric Power Monthly; an assumption for any one site)."},
  {"datacenter.electricity.hourly", T::Numbers, "USD/kWh", "", opt, 0, incl, kNoLimit, "", "Price per hour (hour 0 at time 0), repeated over the horizon, instead of `price`; inline or {file: x.csv}."},
  {"datacenter.gpu_lifetime", T::Duration, "s", "1825d", opt, 0, excl, kMaxHorizonSeconds, "", "Service life over which GPU capex and embodied carbon are spread. Default 5 years: an assumption within the 4-6 years hyperscalers depreciate servers over (Microsoft moved to 6 in 2022)."},

  {"datacenter.usd_per_cny", T::Real, "USD/CNY", "0.1412", opt, 0, excl, 10, "", "Exchange rate for prices written in yuan (energy.gpu_price: 240000 CNY). Default 0.1412 = 1 / 7.0809 to four digits: the 2023 average of 7.0809 yuan per US dollar (US Federal Reserve G.5A annual release of 2024-02-01, federalreserve.gov/releases/g5a/20240201: averages of daily noon buying rates in New York)."},
  {"training", T::List, "", "", opt, 1, incl, 1000, "", "Training runs, each addressed by its name: a run holds `gpus` accelerators of one catalog type from `start` for `duration` (or `gpu_hours` / gpus), drawing gpus x watts_per_gpu, at the `datacenter` or its own `site`; two events, no others. Metrics under scope training/NAME, and in `all`: it_energy_kwh (gpus x watts x hours), facility_energy_kwh (x PUE), co2e_t (x grid intensity), embodied_co2e_t and gpu_cost_usd (the catalog GPU's embodied carbon and price for the GPU-hours held, spread over datacenter.gpu_lifetime), electricity_cost_usd, cost_usd, gpu_hours; series power_kw. A run must end by the horizon (else an error at its `duration`); what falls in the warm-up is not counted. Without a `datacenter` section the datacenter's defaults apply. Absent: no training runs."},
  {"training[].name", T::Name, "", "", req, 0, incl, kNoLimit, "", "Run name; its metrics' scope is training/NAME."},
  {"training[].gpu", T::String, "", "", req, 0, incl, kNoLimit, "", "A catalog accelerator (`capsim catalog`: TPU-v3, V100-SXM2-32GB, A100-SXM4-80GB ...): its tdp is the default draw, its embodied_carbon and price_usd are charged for the GPU-hours held."},
  {"training[].gpus", T::Count, "GPUs", "", req, 1, incl, 1e7, "", "Accelerators (chips) the run holds from start to end."},
  {"training[].start", T::Duration, "s", "0", opt, 0, incl, kMaxHorizonSeconds, "", "When the run starts."},
  {"training[].duration", T::Duration, "s", "", opt, 0, excl, kMaxHorizonSeconds, "", "How long the run holds its accelerators (Patterson et al. 2021 give chips x days). Give `duration` or `gpu_hours`, one of them."},
  {"training[].gpu_hours", T::Real, "GPU-h", "", opt, 0, excl, 1e12, "", "Accelerator-hours of the run (Touvron et al. 2023 and Luccioni et al. 2022 give GPU-hours), instead of `duration`: the run lasts gpu_hours / gpus."},
  {"training[].watts_per_gpu", T::Power, "W", "", opt, 0, excl, 1e5, "", "Mean draw per accelerator over the run, with its share of the host (CPUs, memory, network, fans) as Patterson et al. 2021 measured it (Table 4: TPUv3 245-310 W, V100 330 W). Default: the catalog GPU's tdp (an assumption: a training run keeps its chips near full power; Touvron et al. 2023 and Luccioni et al. 2022 count A100s at their 400 W TDP)."},
  {"training[].site", T::Section, "", "", opt, 0, incl, kNoLimit, "@site", "Where the run ran, when not at the `datacenter`: any of pue (or pue_hourly), grid (intensity, region and year, or hourly) and electricity (price or hourly); what it does not give is the datacenter's."},
  {"@site.pue", T::Real, "", "", opt, 1, incl, 10, "", "Power usage effectiveness of this site. Absent: the datacenter's."},
  {"@site.pue_hourly", T::Numbers, "", "", opt, 0, incl, kNoLimit, "", "PUE per hour (hour 0 at time 0), repeated over the horizon, instead of `pue`; inline or {file: x.csv}. Absent: the datacenter's."},
  {"@site.grid", T::Section, "", "", opt, 0, incl, kNoLimit, "", "The carbon intensity of this site's electricity: `intensity`, `region` (and `year`) or `hourly`, as datacenter.grid. Absent: the datacenter's."},
  {"@site.grid.intensity", T::Real, "gCO2e/kWh", "", opt, 0, incl, 1e4, "", "Constant intensity."},
  {"@site.grid.region", T::String, "", "", opt, 0, incl, kNoLimit, "", "A region of the shipped grid-intensity table (`capsim catalog --grid`), instead of `intensity`."},
  {"@site.grid.year", T::Integer, "", "", opt, 2000, incl, 2100, "", "With a zone `region`: the year of its yearly average. Absent: the zone's latest year."},
  {"@site.grid.hourly", T::Numbers, "gCO2e/kWh", "", opt, 0, incl, kNoLimit, "", "Intensity per hour (hour 0 at time 0), repeated over the horizon, instead of `intensity`; inline or {file: x.csv}."},
  {"@site.electricity", T::Section, "", "", opt, 0, incl, kNoLimit, "", "What this site pays for electricity (per kWh of facility energy). Absent: the datacenter's price."},
  {"@site.electricity.price", T::Real, "USD/kWh", "", opt, 0, incl, 1e3, "", "Constant price."},
  {"@site.electricity.hourly", T::Numbers, "USD/kWh", "", opt, 0, incl, kNoLimit, "", "Price per hour (hour 0 at time 0), repeated over the horizon, instead of `price`."},

  {"jobs", T::Section, "", "", opt, 0, incl, kNoLimit, "", "The internal GPU queue: teams' GPU requests wait for approval, then for idle replicas of a serving pool (fixed or model) they share with serving, by team priority (FIFO within a priority, no backfilling). Absent: no jobs."},
  {"jobs.pool", T::String, "", "", req, 0, incl, kNoLimit, "", "Name of the `fleet.pools` entry the jobs share; a job takes whole replicas that are idle and not reserved (a model pool's: out of its router). With `failures`, failures strike serving replicas only: one due while a replica is lent is skipped and the next drawn from then (assumption: a job's own interruptions and restarts are part of its `duration`)."},
  {"jobs.preempt_serving", T::Flag, "", "false", opt, 0, incl, kNoLimit, "", "A job may also take busy replicas; their requests start over: at the head of a fixed pool's queue, or sent again by a model pool's router (as after a failure). Default false: jobs wait for idle replicas (assumption: serving comes first)."},
  {"jobs.teams", T::List, "", "", req, 1, incl, 1000, "", "Teams submitting GPU requests, each addressed by its name; metrics under scope jobs/TEAM and, for all teams, jobs."},
  {"jobs.teams[].name", T::Name, "", "", req, 0, incl, kNoLimit, "", "Team name."},
  {"jobs.teams[].priority", T::Integer, "", "0", opt, -1000, incl, 1000, "", "Order in which approved jobs get GPUs: lower first; FIFO among equal priorities."},
  {"jobs.teams[].arrivals", T::Section, "", "", req, 0, incl, kNoLimit, "", "When the team submits requests: `rate` (Poisson) or `interval` (a renewal process), one of them."},
  {"jobs.teams[].arrivals.rate", T::Rate, "1/s", "", opt, 0, excl, kMaxRate, "", "Poisson: mean requests per unit of time, e.g. 3/d."},
  {"jobs.teams[].arrivals.interval", T::Distribution, "s", "", opt, 0, excl, kNoLimit, "", "Renewal: time between requests (the first after one interval)."},
  {"jobs.teams[].gpus", T::Count, "GPUs", "1", opt, 1, incl, 1e6, "", "GPUs per request; the job takes ceil(gpus / gpus_per_replica) whole replicas. Default 1 (assumption: one GPU, the smallest request)."},
  {"jobs.teams[].gpus_distribution", T::Distribution, "GPUs", "", opt, 0, excl, kNoLimit, "", "GPUs per request drawn per job (rounded up, at least 1, capped at the pool), instead of `gpus`."},
  {"jobs.teams[].duration", T::Distribution, "s", "", req, 0, excl, kNoLimit, "", "How long a job holds its GPUs once it has them."},
  {"jobs.teams[].approval", T::Section, "", "", opt, 0, incl, kNoLimit, "", "The sign-off each request waits for before it may queue for GPUs. Absent: approved at once."},
  {"jobs.teams[].approval.delay", T::Distribution, "s", "", opt, 0, incl, kNoLimit, "", "Time from submission to the decision. Absent: 0 (assumption: no sign-off step)."},
  {"jobs.teams[].approval.probability", T::Real, "", "1", opt, 0, incl, 1, "", "Probability that a request is approved; the others count as jobs_rejected. Default 1 (assumption: every request approved)."},
  {"jobs.teams[].deferrable", T::Section, "", "", opt, 0, incl, kNoLimit, "@clean_hours", "Deferrable jobs (training that can wait for cleaner power): an approved job in a dirty hour of the `datacenter`'s grid waits until the next clean hour before it queues for GPUs (gpu_wait counts from then). Metric defer_wait_mean_s (0 for a job approved in a clean hour). Needs a `datacenter`."},

  {"@clean_hours.threshold", T::Real, "gCO2e/kWh", "", opt, 0, incl, 1e4, "", "Clean hours are those at or below this grid intensity. One of `threshold` and `cleanest_hours`; with no hour at or below it, `max_delay` is required."},
  {"@clean_hours.cleanest_hours", T::Integer, "", "", opt, 1, incl, 24, "", "Clean hours are the N cleanest of each day of the grid profile (at or below the day's N-th lowest intensity, so ties all count; a profile not a whole number of days is repeated until it is). 24: every hour."},
  {"@clean_hours.max_delay", T::Duration, "s", "", opt, 0, excl, kMaxHorizonSeconds, "", "The longest wait: work goes at the earlier of the next clean hour and its due time + max_delay. Absent: no limit (cleanest_hours finds a clean hour every day; a threshold must have one in the profile)."},
};
// clang-format on

}  // namespace

std::span<const ParamSpec> scenario_params() { return kParams; }

const ParamSpec* find_param(std::string_view path) { return find_param(kParams, path); }

const ParamSpec* find_param(std::span<const ParamSpec> table, std::string_view path) {
  for (const ParamSpec& p : table)
    if (p.path == path) return &p;
  return nullptr;
}

std::optional<Dimension> dimension_of(ParamType type) {
  switch (type) {
    case T::Integer: case T::Real: return Dimension::Number;
    case T::Count: return Dimension::Count;
    case T::Duration: return Dimension::Duration;
    case T::Rate: return Dimension::Rate;
    case T::Power: return Dimension::Power;
    case T::Energy: return Dimension::Energy;
    case T::Mass: return Dimension::Mass;
    case T::Money: return Dimension::Money;
    case T::Bytes: return Dimension::Bytes;
    case T::FlopRate: return Dimension::FlopRate;
    default: return std::nullopt;
  }
}

std::string_view type_name(ParamType type) {
  switch (type) {
    case T::Section: return "section";
    case T::List: return "list";
    case T::String: return "string";
    case T::Name: return "name";
    case T::Choice: return "choice";
    case T::Integer: return "integer";
    case T::Real: return "number";
    case T::Flag: return "true/false";
    case T::Numbers: return "numbers";
    case T::Files: return "files";
    case T::Names: return "names";
    case T::Count: return "count";
    case T::Duration: return "duration";
    case T::Rate: return "rate";
    case T::Distribution: return "distribution";
    case T::Power: case T::Energy: case T::Mass: case T::Money: case T::Bytes: case T::FlopRate:
      return dimension_name(*dimension_of(type));
  }
  return "?";
}

std::string range_text(const ParamSpec& spec) {
  if (!dimension_of(spec.type) && spec.type != T::Distribution && spec.type != T::List) return "";
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
