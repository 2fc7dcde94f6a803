// A pool of identical replicas serving an LLM with continuous batching: a router sends each
// request to a replica, whose ContinuousBatcher schedules prefills and decode runs timed by the
// roofline (StepCost). Each replica has at most one pending event, its next boundary, moved (not
// cancelled and pushed) when an arrival changes it. Answers go back through the request path
// with the first-token and finish times; the pool records TTFT, TPOT, end-to-end latency, queue
// wait, tokens per second, batch size, KV use and preemptions. A user with a timeout gives up
// while the request waits in a replica's queue (not once its prefill has started). Failures and
// reservations work as in FixedServicePool, per replica: a failed replica's requests go back to
// the router, their progress lost; a reserved replica finishes its requests and takes no more.
// With no replica available a request is rejected.
//
// With `changes` (fleet_changes.hpp), replicas come and go over time: an added replica joins the
// router when it comes into service (so it may take a request at that very tick); a retired one
// leaves the router at once and finishes what it holds -- the sequences it runs and the requests
// already in its queue -- then leaves the pool (a graceful drain: nothing it holds is lost or
// routed again). Idle replicas go first, then ones down for repair, then busy ones, as in
// FixedServicePool. Utilization, batch and KV levels are over the replicas installed at the time;
// the per-replica tables are sized for the most the pool may ever hold.
//
// As a ReplicaLender (llm_serving_pool_lending.cpp) it lends whole replicas to the job queue: a
// lent replica is out of the router and takes no requests until given back; preemption drains a
// busy replica and sends its requests back to the router, as a failure does. Failures strike
// serving replicas only: a lent replica's failure clock is held while it is lent (see
// on_failure()).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/accounting/energy_ledger.hpp"
#include "models/accounting/pool_power.hpp"
#include "models/serving/continuous_batcher.hpp"
#include "models/serving/pool_load.hpp"
#include "models/serving/pool_window_totals.hpp"
#include "models/serving/replica_lender.hpp"
#include "models/serving/router.hpp"
#include "models/serving/serving_config.hpp"
#include "models/usage/request.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"
#include "sim/distribution.hpp"
#include "sim/recorder.hpp"
#include "sim/schedule.hpp"
#include "sim/slot_pool.hpp"

namespace capsim::models {

class LlmServingPool final : public RequestSink, public PoolLoad, public ReplicaLender, private BatchListener {
 public:
  enum class Kind : std::uint8_t { Boundary, GiveUp, Failure, Repair, Reservation, Install, Retire };

  // `config.llm` must be set. With a ledger and `config.accounting`, the pool reports its power
  // (by replica state) and its completed requests to it.
  LlmServingPool(const PoolConfig& config, sim::EventPort port, sim::Recorder& recorder, const sim::RandomStreams& streams,
                 EnergyLedger* ledger = nullptr);
  LlmServingPool(const LlmServingPool&) = delete;
  LlmServingPool& operator=(const LlmServingPool&) = delete;

  void submit(const Request& request, RequestListener& listener) override;
  // Up and not reserved.
  std::int64_t serving_replicas() const override { return router_.available(); }
  void watch(CapacityWatcher& watcher) override { watchers_.push_back(&watcher); }
  // PoolLoad, for a PoolRouter: requests held (a gone one until its queue drops it), and the KV
  // tokens in use (as the kv_use level counts them) over the serving replicas' KV cache.
  std::int64_t outstanding() const override { return static_cast<std::int64_t>(held_.size()); }
  double kv_use() const override {
    const std::int64_t serving = serving_replicas();
    return serving == 0 ? 0.0 : context_total_ / (static_cast<double>(serving) * static_cast<double>(kv_tokens_));
  }
  // ReplicaLender (llm_serving_pool_lending.cpp).
  std::int64_t gpus_per_replica() const override { return cfg_->gpus_per_replica; }
  std::int64_t total_replicas() const override { return installed_; }
  std::int64_t free_replicas() const override;
  std::int64_t preemptible_replicas() const override;
  std::int64_t lend(std::int64_t n, bool preempt) override;
  void give_back(std::int64_t n) override;
  void listen(LenderListener& listener) override { lender_listeners_.push_back(&listener); }

  void start();  // the first failures, reservation changes and fleet changes
  void handle(const sim::Event& e);

  // Its load over time, for feedback admission (pool_window_totals.hpp); kept once enabled.
  PoolWindowTotals& window_totals() { return window_totals_; }
  // Its account in the energy ledger, with accounting.
  std::optional<std::uint32_t> energy_account() const { return power_ ? std::optional<std::uint32_t>(account_) : std::nullopt; }

 private:
  struct Held {
    Request request;
    RequestListener* listener = nullptr;
    sim::SimTime first_token = 0;
    sim::EventHandle give_up;  // pending while it waits, if its user has a timeout
    std::uint32_t replica = 0;
    std::int32_t context = 0;  // prompt tokens that are the session's earlier turns
    bool waiting = true, gone = false;
    sim::SimTime admitted = 0;  // its (last) prefill began: its GPU time on the pool counts from here
  };
  struct Signals {
    sim::SignalId submitted, rejected, timed_out, ttft, tpot, e2e, queue_wait, tokens, busy, batch, kv, preempted, retried;
    sim::SignalId up, failure, requeued, installed;
    sim::SignalId context, cached;  // with a prefix cache: earlier-context tokens asked for, found
  };
  // A replica's place in the fleet: not yet added, in service, retiring (out of the router,
  // finishing what it holds), gone.
  enum class Life : std::uint8_t { Absent, InService, Retiring, Retired };

  bool drop_if_withdrawn(std::uint32_t slot) override;
  void on_admitted(std::uint32_t slot, sim::SimTime at, std::int64_t cached) override;
  void on_first_token(std::uint32_t slot, sim::SimTime at) override;
  // The user gave up while the request waited: answered TimedOut, dropped from the queue later.
  void on_give_up(std::uint32_t slot);
  void on_finished(std::uint32_t slot, sim::SimTime at) override;
  void on_preempted(std::uint32_t slot) override;
  // After a replica's state changed: its one event at its next boundary, its load, the levels.
  void sync(std::uint32_t replica);
  // Sends a request to an available replica; none: rejected ("at capacity").
  void route(std::uint32_t slot, const ContinuousBatcher::Job& job);
  void reject(const Request& request, RequestListener& listener);
  void on_failure(std::uint32_t replica);
  void on_repair(std::uint32_t replica);
  void on_reservation(std::uint32_t entry);
  void set_reserved(double share);
  void schedule_failure(std::uint32_t replica);
  void set_available(std::uint32_t replica);  // in service, up, not reserved, not lent: takes requests
  void tell_watchers();
  void tell_lender_listeners();
  // Its requests go back to the router, their progress lost (a failure, a preemption).
  void reroute_all(std::uint32_t replica);
  // Fleet changes (llm_serving_pool_changes.cpp).
  void on_install(std::uint32_t entry);
  void on_retire(std::uint32_t entry);
  // A retiring replica that holds nothing and is not lent leaves the pool.
  void leave_if_done(std::uint32_t replica);
  void leave(std::uint32_t replica);
  // The utilization, batch, KV, replicas-up and installed levels at their current values.
  void set_levels();
  bool is_lent(std::uint32_t replica) const { return lent_flag_[replica] != 0; }
  // Keeps free_ (lendable at once) current after the replica's availability or load changed.
  void refresh_free(std::uint32_t replica);
  // Holds no request: lendable at once, or free to leave.
  bool empty(std::uint32_t replica) const { return replicas_[replica].idle() && replicas_[replica].outstanding() == 0; }

  const PoolConfig* cfg_;
  sim::EventPort port_;
  sim::Recorder* rec_;
  Signals sig_;
  std::int64_t kv_tokens_;
  StepCost cost_;  // the replicas' (they refer to it)
  std::vector<ContinuousBatcher> replicas_;
  std::vector<sim::EventHandle> pending_;    // each replica's event, when one is scheduled
  std::vector<sim::SimTime> pending_at_;     // its time, kTimeNever when none
  struct Recorded {
    std::int64_t batch = 0;
    double context = 0;  // KV tokens in use, on average over the step or run in flight
    bool busy = false;
    PowerState power = PowerState::Idle;  // with accounting
    std::int64_t power_batch = 0;         // the batch, in Decode
  };
  void record_power(std::uint32_t r);
  std::vector<Recorded> recorded_;  // each replica's share of the levels, as last recorded
  std::int64_t busy_ = 0, batch_total_ = 0;
  double context_total_ = 0;
  Router router_;
  sim::SlotPool<Held> held_;
  std::vector<std::uint8_t> up_, reserved_flag_, lent_flag_;  // per replica
  std::vector<Life> life_;                   // per replica
  std::vector<sim::EventHandle> lifecycle_;  // each replica's pending failure (up) or repair (down)
  std::int64_t replicas_up_ = 0;   // installed (in service or retiring) and up
  std::int64_t installed_ = 0;     // in service or retiring
  std::uint32_t added_ = 0;        // replicas ever installed: the next one added takes this index
  double share_ = 0;               // reserved share in force
  std::vector<std::uint32_t> lent_;  // lent replicas, the last lent on top
  std::vector<std::uint8_t> free_flag_;  // per replica: in the router and holding no request
  std::int64_t free_ = 0;                // replicas with free_flag_ set
  std::vector<LenderListener*> lender_listeners_;
  sim::Schedule<double> reserved_;
  std::vector<CapacityWatcher*> watchers_;
  std::optional<sim::Distribution> time_to_failure_, repair_;  // mutable copies of the failure config
  sim::Rng failure_rng_;
  std::vector<ContinuousBatcher::Job> drained_;  // scratch for a failure
  PoolWindowTotals window_totals_;  // one queue part per replica
  EnergyLedger* ledger_ = nullptr;    // with accounting
  std::uint32_t account_ = 0;
  std::optional<PoolPower> power_;
};

}  // namespace capsim::models
