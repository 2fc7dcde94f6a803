// A pool of identical replicas, each serving one request at a time for a service time drawn
// from a distribution (`fixed` serving), with one FIFO queue in front of them: an M/G/c queue
// of requests. A request that finds `queue_limit` requests waiting is rejected ("at capacity").
// Answers go back through the request path (models/usage/request.hpp): first token and finish
// are both the end of service, since a fixed service time says nothing of tokens. With
// `failures`, a replica goes down when the first of its GPUs fails and comes back after its
// repair; the requests it was serving go back to the head of the queue and start over.
// With `batch`, a free replica takes up to batch.max waiting requests at once for one service
// time (static batching, M/G^[1,b]/c). With `changes`, replicas come and go over time
// (fleet_changes.hpp); the replica table is reserved for the most the pool may ever hold.
// As a ReplicaLender it lends whole idle replicas to the job queue (models/jobs); lent replicas
// count against the unreserved share and serve nothing until given back.
// With a ledger and `accounting` (a `datacenter`), each replica's power follows its state (idle,
// busy, lent to a job: training, down) through PoolPower, changed only where the state already
// changes (fixed_service_pool_power.cpp): no events of its own.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/accounting/energy_ledger.hpp"
#include "models/accounting/pool_power.hpp"
#include "models/serving/pool_load.hpp"
#include "models/serving/pool_window_totals.hpp"
#include "models/serving/replica_lender.hpp"
#include "models/serving/serving_config.hpp"
#include "models/usage/request.hpp"
#include "sim/distribution.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"
#include "sim/recorder.hpp"
#include "sim/ring.hpp"
#include "sim/schedule.hpp"
#include "sim/slot_pool.hpp"

namespace capsim::models {

class FixedServicePool final : public RequestSink, public PoolLoad, public ReplicaLender {
 public:
  enum class Kind : std::uint8_t { Completion, Failure, Repair, Reservation, GiveUp, Install, Retire };

  FixedServicePool(const PoolConfig& config, sim::EventPort port, sim::Recorder& recorder, const sim::RandomStreams& streams,
                   EnergyLedger* ledger = nullptr);
  FixedServicePool(const FixedServicePool&) = delete;
  FixedServicePool& operator=(const FixedServicePool&) = delete;

  void submit(const Request& request, RequestListener& listener) override;
  // Up, not reserved and not lent.
  std::int64_t serving_replicas() const override { return std::max<std::int64_t>(0, std::min(up_, limit_) - lent()); }
  void watch(CapacityWatcher& watcher) override { watchers_.push_back(&watcher); }
  // PoolLoad, for a PoolRouter: waiting and in service; no KV cache.
  std::int64_t outstanding() const override { return queued_ + in_service_; }
  double kv_use() const override { return 0; }
  // Its load over time, for feedback admission (pool_window_totals.hpp); kept once enabled.
  PoolWindowTotals& window_totals() { return window_totals_; }
  // Its account in the energy ledger, with accounting.
  std::optional<std::uint32_t> energy_account() const { return power_ ? std::optional<std::uint32_t>(account_) : std::nullopt; }
  // ReplicaLender (fixed_service_pool_lending.cpp).
  std::int64_t gpus_per_replica() const override { return cfg_->gpus_per_replica; }
  std::int64_t total_replicas() const override { return installed_; }
  std::int64_t free_replicas() const override;
  std::int64_t preemptible_replicas() const override;
  std::int64_t lend(std::int64_t n, bool preempt) override;
  void give_back(std::int64_t n) override;
  void listen(LenderListener& listener) override { lender_listeners_.push_back(&listener); }
    void start();  // schedules the first failures and the fleet changes
  void handle(const sim::Event& e);

 private:
  struct Held {
    Request request;
    RequestListener* listener = nullptr;
  };
  struct Waiting {
    Held held;
    sim::EventHandle give_up;  // the pending GiveUp, if the user has a timeout
    bool gone = false;         // gave up; still in the ring until it reaches the front
  };
  struct Replica {
    std::uint32_t count = 0;     // requests in service (its batch in held_); 0: idle
    sim::EventHandle completion;
    sim::EventHandle lifecycle;  // its pending failure (up) or repair (down)
    bool up = true;
    bool retiring = false;       // leaves when its batch completes
    bool retired = false;
    PowerState power = PowerState::Idle;  // with accounting: as last reported to power_
    sim::SimTime began = 0;               // its batch's service began
  };
  struct Signals {
    sim::SignalId submitted, rejected, queue_wait, e2e, busy, queued, up, failure, requeued, timed_out, retried, installed, batch;
  };

  // A request joins the replica's batch (its wait ends); begin() starts the batch's service.
  void take(std::uint32_t replica, const Held& held);
  void begin(std::uint32_t replica);
  // The replica is free (up and idle): it takes the next requests, or waits among the idle.
  void free_replica(std::uint32_t replica);
  void requeue_batch(Replica& r, std::uint32_t replica);
  void on_completion(std::uint32_t replica);
  void on_failure(std::uint32_t replica);
  void on_repair(std::uint32_t replica);
  void on_reservation(std::uint32_t entry);
  void on_give_up(std::uint32_t slot);
  void on_install(std::uint32_t entry);
  void on_retire(std::uint32_t entry);
  void remove(std::uint32_t replica);  // takes an idle or down replica out of the pool
  void enqueue(const Held& held, bool first);
  Held dequeue();  // the first request still waiting; queued_ must be > 0
  void set_reserved(double share);
  void schedule_failure(std::uint32_t replica);
  void set_levels();
  void tell_watchers();
  std::int64_t lent() const { return static_cast<std::int64_t>(lent_.size()); }
  void tell_lender_listeners();
  // With accounting (fixed_service_pool_power.cpp): the replica's power state is now `state`; it
  // is installed (+1, idle) or leaves the books (-1, from its last state).
  void set_power(std::uint32_t replica, PowerState state);
  void install_power(std::int64_t replicas);
  void remove_power(std::uint32_t replica);

  const PoolConfig* cfg_;
  sim::EventPort port_;
  sim::Recorder* rec_;
  Signals sig_;
  sim::Distribution service_time_;
  sim::Rng rng_;
  std::vector<Replica> replicas_;            // every replica ever installed; retired ones stay, marked
  std::uint32_t batch_ = 1;
  std::vector<Held> held_;                   // replica r's batch: [r * batch_, r * batch_ + count)
  std::vector<Held> done_;                   // a completed batch, while its answers go out
  std::vector<std::uint32_t> idle_;          // idle replicas that are up (a stack)
  // limit_: replicas that may serve now, all but the reserved share (a cap on the busy count, so
  // failures and reservations do not double-count).
  std::int64_t busy_ = 0, up_ = 0, limit_ = 0;
  std::int64_t in_service_ = 0;  // requests in the replicas' batches
  std::int64_t installed_ = 0;  // in the pool (up or down), retiring ones until they leave
  double share_ = 0;            // reserved share in force
  sim::Schedule<double> reserved_;
  std::vector<CapacityWatcher*> watchers_;
  sim::SlotPool<Waiting> waiting_;
  sim::Ring<std::uint32_t> queue_;  // slots of waiting requests, FIFO (those gone included)
  std::int64_t queued_ = 0;         // waiting and not gone
  std::optional<sim::Distribution> time_to_failure_, repair_;  // mutable copies of the failure config
  sim::Rng failure_rng_;
  std::vector<std::uint32_t> lent_;  // replicas lent to the job queue
  std::vector<LenderListener*> lender_listeners_;
  PoolWindowTotals window_totals_;
  EnergyLedger* ledger_ = nullptr;  // with accounting
  std::uint32_t account_ = 0;
  std::optional<PoolPower> power_;
};

}  // namespace capsim::models
