#include "models/jobs/job_queue.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/uniform_01.hpp>

namespace capsim::models {

JobQueue::JobQueue(const JobsConfig& config, ReplicaLender& pool, sim::EventPort port, sim::Recorder& recorder,
                   const sim::RandomStreams& streams)
    : cfg_(&config), pool_(&pool), port_(port), rec_(&recorder) {
  const bool any_deferrable = std::any_of(config.teams.begin(), config.teams.end(), [](const TeamConfig& t) { return t.deferrable.has_value(); });
  total_ = declare(recorder, "jobs", any_deferrable);
  // One FIFO queue per distinct priority, the lowest (first served) first.
  std::vector<int> priorities;
  for (const TeamConfig& t : config.teams) priorities.push_back(t.priority);
  std::sort(priorities.begin(), priorities.end());
  priorities.erase(std::unique(priorities.begin(), priorities.end()), priorities.end());
  queues_.resize(priorities.size());
  teams_.reserve(config.teams.size());
  for (const TeamConfig& t : config.teams) {
    const std::string stream = "jobs/" + t.name;
    teams_.push_back(Team{&t, t.interarrival_s, t.duration_s, t.approval_delay_s, t.gpus_distribution, streams.stream(stream + "/arrivals"),
                          streams.stream(stream + "/size"), streams.stream(stream + "/duration"), streams.stream(stream + "/approval"),
                          static_cast<std::size_t>(std::lower_bound(priorities.begin(), priorities.end(), t.priority) - priorities.begin()),
                          declare(recorder, stream, t.deferrable.has_value()), 0, 0, std::nullopt});
    if (t.deferrable) teams_.back().clean_hours.emplace(*t.deferrable);
  }
}

JobQueue::Signals JobQueue::declare(sim::Recorder& recorder, const std::string& scope, bool deferrable) {
  using sim::SeriesMode;
  using sim::Statistic;
  Signals s;
  s.submitted = recorder.observation(scope, "submitted");
  s.rejected = recorder.observation(scope, "rejected");
  s.started = recorder.observation(scope, "started");
  s.completed = recorder.observation(scope, "completed");
  s.approval_wait = recorder.observation(scope, "approval_wait");
  s.defer_wait = recorder.observation(scope, "defer_wait");
  s.gpu_wait = recorder.observation(scope, "gpu_wait");
  s.gpu_hours = recorder.observation(scope, "gpu_hours");
  s.preempted = recorder.observation(scope, "preempted");
  s.gpus_in_use = recorder.level(scope, "gpus_in_use");
  s.waiting = recorder.level(scope, "jobs_waiting");
  // The recording table: signal, statistic, metric name, unit.
  recorder.keep(s.submitted, Statistic::Count, "jobs", "jobs");
  recorder.keep(s.rejected, Statistic::Count, "jobs_rejected", "jobs");
  recorder.keep(s.started, Statistic::Count, "jobs_started", "jobs");
  recorder.keep(s.completed, Statistic::Count, "jobs_completed", "jobs");
  recorder.keep(s.approval_wait, Statistic::Mean, "approval_wait_mean_s", "s");
  if (deferrable) recorder.keep(s.defer_wait, Statistic::Mean, "defer_wait_mean_s", "s");
  recorder.keep(s.gpu_wait, Statistic::Mean, "gpu_wait_mean_s", "s");
  recorder.keep(s.gpu_wait, Statistic::P90, "gpu_wait_p90_s", "s");
  recorder.keep(s.gpu_wait, Statistic::Max, "gpu_wait_max_s", "s");
  recorder.keep(s.gpu_wait, Statistic::FractionPositive, "p_gpu_wait", "1");
  recorder.keep(s.gpu_hours, Statistic::Sum, "gpu_hours", "GPU-h");
  recorder.keep(s.gpus_in_use, Statistic::TimeMean, "gpus_in_use_mean", "GPUs");
  recorder.keep(s.waiting, Statistic::TimeMean, "jobs_waiting_mean", "jobs");
  recorder.keep(s.waiting, Statistic::Max, "jobs_waiting_max", "jobs");
  if (cfg_->preempt_serving) recorder.keep(s.preempted, Statistic::Sum, "replicas_preempted", "replicas");
  recorder.series(s.gpus_in_use, SeriesMode::Level, "gpus_in_use");
  recorder.series(s.waiting, SeriesMode::Level, "jobs_waiting");
  return s;
}

void JobQueue::account_energy(EnergyLedger& ledger, const PoolAccounting& costs, std::uint32_t pool_account) {
  ledger_ = &ledger;
  watts_per_gpu_ = costs.power.training_w + costs.power.overhead_w;
  total_account_ = ledger.open_part("jobs", costs, pool_account);
  for (const Team& t : teams_) team_accounts_.push_back(ledger.open_part("jobs/" + t.cfg->name, costs, total_account_));
}

void JobQueue::set_energy(const Team& team) {
  if (!ledger_) return;
  const sim::SimTime now = port_.now();
  const std::uint32_t account = team_accounts_[static_cast<std::size_t>(&team - teams_.data())];
  ledger_->set_gpus(account, now, static_cast<double>(team.gpus_in_use));
  ledger_->set_power(account, now, watts_per_gpu_ * static_cast<double>(team.gpus_in_use));
  ledger_->set_gpus(total_account_, now, static_cast<double>(gpus_in_use_));
  ledger_->set_power(total_account_, now, watts_per_gpu_ * static_cast<double>(gpus_in_use_));
}

void JobQueue::start() {
  for (std::uint32_t t = 0; t < teams_.size(); ++t) {
    Team& team = teams_[t];
    port_.in(sim::from_seconds(team.interarrival.sample(team.arrival_rng)), Kind::Arrival, t);
  }
}

void JobQueue::handle(const sim::Event& e) {
  switch (static_cast<Kind>(e.kind)) {
    case Kind::Arrival: on_arrival(e.entity); return;
    case Kind::Decision: on_decision(e.entity); return;
    case Kind::Finish: on_finish(e.entity); return;
    case Kind::TryStart: try_start(); return;
    case Kind::Undefer: queue_for_gpus(e.entity); return;
  }
  sim::unknown_event(e, "JobQueue");
}

void JobQueue::emit(const Team& team, sim::SignalId Signals::*signal, double value) {
  rec_->emit(team.sig.*signal, value);
  rec_->emit(total_.*signal, value);
}

void JobQueue::set_levels(const Team& team) {
  const sim::SimTime now = port_.now();
  rec_->set_level(team.sig.gpus_in_use, now, static_cast<double>(team.gpus_in_use));
  rec_->set_level(team.sig.waiting, now, static_cast<double>(team.waiting));
  rec_->set_level(total_.gpus_in_use, now, static_cast<double>(gpus_in_use_));
  rec_->set_level(total_.waiting, now, static_cast<double>(waiting_));
}

// A request arrives: its size and duration are drawn now, and its approval decision is due
// after the approval delay.
void JobQueue::on_arrival(std::uint32_t t) {
  Team& team = teams_[t];
  port_.in(sim::from_seconds(team.interarrival.sample(team.arrival_rng)), Kind::Arrival, t);
  emit(team, &Signals::submitted, 1.0);
  const std::uint32_t slot = jobs_.acquire().index;
  Job& job = jobs_.at(slot);
  job.team = t;
  job.submitted = port_.now();
  job.gpus = team.cfg->gpus;
  if (team.gpus) job.gpus = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(team.gpus->sample(team.size_rng) - 1e-9)));
  const std::int64_t per = pool_->gpus_per_replica();
  job.replicas = std::min((job.gpus + per - 1) / per, pool_->total_replicas());  // a drawn size is capped at the pool
  job.duration_s = team.duration.sample(team.duration_rng);
  port_.in(sim::from_seconds(team.approval_delay.sample(team.approval_rng)), Kind::Decision, slot);
}

void JobQueue::on_decision(std::uint32_t slot) {
  Job& job = jobs_.at(slot);
  Team& team = teams_[job.team];
  emit(team, &Signals::approval_wait, sim::to_seconds(port_.now() - job.submitted));
  const double p = team.cfg->approval_probability;
  if (p < 1 && !(boost::random::uniform_01<double>()(team.approval_rng) < p)) {
    emit(team, &Signals::rejected, 1.0);
    jobs_.release(jobs_.handle(slot));
    return;
  }
  if (team.clean_hours) {
    const sim::SimTime go = team.clean_hours->release_at(port_.now());
    emit(team, &Signals::defer_wait, sim::to_seconds(go - port_.now()));
    if (go > port_.now()) {
      port_.at(go, Kind::Undefer, slot);
      return;
    }
  }
  queue_for_gpus(slot);
}

void JobQueue::queue_for_gpus(std::uint32_t slot) {
  Job& job = jobs_.at(slot);
  Team& team = teams_[job.team];
  job.approved = port_.now();
  queues_[team.queue].push(slot);
  ++team.waiting;
  ++waiting_;
  set_levels(team);
  request_try();
}

// Deferred to an event of its own at the same time, so that the pool is never re-entered from
// inside its own handler (a replica going idle tells the queue while the pool is mid-event).
void JobQueue::request_try() {
  if (try_pending_ || waiting_ == 0) return;
  try_pending_ = true;
  port_.in(0, Kind::TryStart);
}

// Strict priority with head-of-line blocking: the first job of the first non-empty queue starts
// if its replicas are there; otherwise nothing behind it starts.
void JobQueue::try_start() {
  try_pending_ = false;
  for (sim::Ring<std::uint32_t>& queue : queues_) {
    while (!queue.empty()) {
      const Job& job = jobs_.at(queue.front());
      const std::int64_t available = pool_->free_replicas() + (cfg_->preempt_serving ? pool_->preemptible_replicas() : 0);
      if (job.replicas > available) return;
      start_job(queue.pop());
    }
  }
}

void JobQueue::start_job(std::uint32_t slot) {
  Job& job = jobs_.at(slot);
  Team& team = teams_[job.team];
  const bool preempt = cfg_->preempt_serving && job.replicas > pool_->free_replicas();
  const std::int64_t preempted = pool_->lend(job.replicas, preempt);
  if (cfg_->preempt_serving) emit(team, &Signals::preempted, static_cast<double>(preempted));
  emit(team, &Signals::started, 1.0);
  emit(team, &Signals::gpu_wait, sim::to_seconds(port_.now() - job.approved));
  const std::int64_t held = job.replicas * pool_->gpus_per_replica();
  team.gpus_in_use += held;
  gpus_in_use_ += held;
  --team.waiting;
  --waiting_;
  set_levels(team);
  set_energy(team);
  port_.in(sim::from_seconds(job.duration_s), Kind::Finish, slot);
}

void JobQueue::on_finish(std::uint32_t slot) {
  const Job job = jobs_.at(slot);
  jobs_.release(jobs_.handle(slot));
  Team& team = teams_[job.team];
  const std::int64_t held = job.replicas * pool_->gpus_per_replica();
  team.gpus_in_use -= held;
  gpus_in_use_ -= held;
  emit(team, &Signals::completed, 1.0);
  emit(team, &Signals::gpu_hours, static_cast<double>(job.gpus) * job.duration_s / 3600.0);
  set_levels(team);
  set_energy(team);
  pool_->give_back(job.replicas);  // serving's waiting requests take them first
  request_try();
}

}  // namespace capsim::models
