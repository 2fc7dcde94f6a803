// The internal GPU queue as a component: each team's jobs arrive (a renewal process), wait for
// approval (a delay, then approved with a probability or rejected), then wait for GPUs in a pool
// shared with serving, by team priority (lower first) and FIFO within a priority. A job of g GPUs
// takes ceil(g / gpus_per_replica) whole replicas at once from the pool (ReplicaLender) and holds
// them for its duration. The head of the queue blocks those behind it (no backfilling): a large
// job is not overtaken by smaller ones of the same or lower priority.
//
// Metrics under scope `jobs` (all teams) and `jobs/TEAM`: jobs, jobs_rejected, jobs_started,
// jobs_completed, approval_wait_mean_s, gpu_wait_mean_s, gpu_wait_p90_s, gpu_wait_max_s,
// p_gpu_wait (share of started jobs that waited), gpu_hours (of completed jobs, their requested GPUs x duration), gpus_in_use_mean (GPUs of the
// replicas held), jobs_waiting_mean, jobs_waiting_max; with preemption, replicas_preempted.
// Series: gpus_in_use, jobs_waiting. The GPU waits are those of jobs that started: a job still
// waiting at the horizon (one larger than the unreserved share never starts) shows only in
// jobs_waiting_mean and jobs_waiting_max.
//
// A deferrable team's approved job (`deferrable`) in a dirty hour of the site's grid waits for
// the next clean hour (CleanHours) before it queues for GPUs; its GPU wait counts from then.
// With any deferrable team: defer_wait_mean_s (each of the team's approved jobs, 0 for those
// approved in a clean hour) under the team's scope and `jobs`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/accounting/clean_hours.hpp"
#include "models/accounting/energy_ledger.hpp"
#include "models/jobs/jobs_config.hpp"
#include "models/serving/replica_lender.hpp"
#include "sim/distribution.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"
#include "sim/recorder.hpp"
#include "sim/ring.hpp"
#include "sim/slot_pool.hpp"

namespace capsim::models {

class JobQueue final : public LenderListener {
 public:
  enum class Kind : std::uint8_t { Arrival, Decision, Finish, TryStart, Undefer };

  JobQueue(const JobsConfig& config, ReplicaLender& pool, sim::EventPort port, sim::Recorder& recorder, const sim::RandomStreams& streams);
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // With a datacenter: the GPUs each team holds draw the pool's `training` power (plus overhead)
  // in accounts `jobs`, a part of the pool's account `pool_account` (so the services get the
  // rest), and `jobs/TEAM`, parts of `jobs`; set at each lend and give-back, no events of its own.
  void account_energy(EnergyLedger& ledger, const PoolAccounting& costs, std::uint32_t pool_account);
  void start();  // schedules each team's first arrival
  void handle(const sim::Event& e);
  void on_replicas_freed() override { request_try(); }

 private:
  struct Signals {
    sim::SignalId submitted, rejected, started, completed, approval_wait, defer_wait, gpu_wait, gpu_hours, preempted, gpus_in_use, waiting;
  };
  struct Team {
    const TeamConfig* cfg;
    sim::Distribution interarrival, duration, approval_delay;
    std::optional<sim::Distribution> gpus;
    sim::Rng arrival_rng, size_rng, duration_rng, approval_rng;
    std::size_t queue = 0;  // index into queues_ (by priority)
    Signals sig;
    std::int64_t gpus_in_use = 0, waiting = 0;
    std::optional<CleanHours> clean_hours;  // deferrable teams
  };
  struct Job {
    std::uint32_t team = 0;
    std::int64_t gpus = 0, replicas = 0;
    sim::SimTime submitted = 0, approved = 0;  // approved: when it queued for GPUs (after any deferral)
    double duration_s = 0;
  };

  Signals declare(sim::Recorder& recorder, const std::string& scope, bool deferrable);
  void on_arrival(std::uint32_t team);
  void on_decision(std::uint32_t slot);
  void queue_for_gpus(std::uint32_t slot);
  void on_finish(std::uint32_t slot);
  void try_start();
  void start_job(std::uint32_t slot);
  void request_try();
  // Emits on the team's signal and on the total's.
  void emit(const Team& team, sim::SignalId Signals::*signal, double value);
  void set_levels(const Team& team);
  void set_energy(const Team& team);

  const JobsConfig* cfg_;
  ReplicaLender* pool_;
  sim::EventPort port_;
  sim::Recorder* rec_;
  Signals total_;
  std::vector<Team> teams_;
  std::vector<sim::Ring<std::uint32_t>> queues_;  // approved jobs waiting for GPUs, by priority
  sim::SlotPool<Job> jobs_;
  std::int64_t gpus_in_use_ = 0, waiting_ = 0;
  bool try_pending_ = false;
  EnergyLedger* ledger_ = nullptr;  // with a datacenter
  double watts_per_gpu_ = 0;
  std::uint32_t total_account_ = 0;
  std::vector<std::uint32_t> team_accounts_;
};

}  // namespace capsim::models
