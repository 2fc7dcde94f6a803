// Whole replicas of a serving pool lent to another user of its GPUs (the internal job queue,
// models/jobs): a replica lent out serves no requests until it is given back, so the pool's
// serving_replicas() drops while it is out and its CapacityWatchers are told. What may be lent
// is what serving may use: replicas that are up and within the share not reserved for another
// tenant. A listener hears when replicas come free (a request finished with none waiting, a
// reservation shrank), so a queue of borrowers can try again.
#pragma once

#include <cstdint>

namespace capsim::models {

class LenderListener {
 public:
  virtual void on_replicas_freed() = 0;

 protected:
  ~LenderListener() = default;
};

class ReplicaLender {
 public:
  virtual std::int64_t gpus_per_replica() const = 0;
  virtual std::int64_t total_replicas() const = 0;
  // Idle, up and not reserved: lendable without disturbing serving.
  virtual std::int64_t free_replicas() const = 0;
  // Busy replicas that preemption could take besides the free ones (within the unreserved share).
  virtual std::int64_t preemptible_replicas() const = 0;
  // Takes n replicas out of serving, the free ones first; with `preempt`, busy ones after them
  // (their requests start over: at the head of a fixed pool's queue, or routed again by a model
  // pool's router). n must not exceed
  // free_replicas() (plus preemptible_replicas() with `preempt`). Returns how many were busy.
  virtual std::int64_t lend(std::int64_t n, bool preempt) = 0;
  // Returns n lent replicas to serving (n <= those lent).
  virtual void give_back(std::int64_t n) = 0;
  virtual void listen(LenderListener& listener) = 0;

 protected:
  ~ReplicaLender() = default;
};

}  // namespace capsim::models
