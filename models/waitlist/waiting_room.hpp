// The people on a service's waitlist, in the order the admission policy takes them:
// fifo (signup order), priority (class priority, then signup order; non-preemptive) or
// lottery (uniformly at random). Anyone may leave from the middle (patience, or admitted to
// another service). All operations are O(1) amortised (O(classes) for priority) and allocate
// nothing once the pools have grown to the peak waitlist length.
#pragma once

#include <cstdint>
#include <vector>

#include <boost/random/uniform_int_distribution.hpp>

#include "models/waitlist/waitlist_config.hpp"
#include "sim/event_list.hpp"
#include "sim/random_streams.hpp"
#include "sim/ring.hpp"
#include "sim/slot_pool.hpp"
#include "sim/time.hpp"

namespace capsim::models {

struct WaitingPerson {
  sim::SimTime signup = 0;
  sim::EventHandle patience;      // the pending abandonment, if any
  std::uint32_t person = 0xFFFFFFFFu;  // in the shared population, if from there (else kNoPerson)
  std::uint32_t position = 0;     // lottery: index in the draw vector
  std::uint16_t cls = 0;
  bool gone = false;              // left; still in a ring until popped
};

class WaitingRoom {
 public:
  using Id = std::uint32_t;

  // `levels`: the priority level of each class (priority order), ignored by fifo and lottery.
  WaitingRoom(QueueOrder order, const std::vector<int>& class_priorities);

  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }
  WaitingPerson& at(Id id) { return people_.at(id); }

  Id add(sim::SimTime signup, std::uint16_t cls, std::uint32_t person);
  // Someone leaves from the middle.
  void remove(Id id);
  // Takes the next person to admit (the room must not be empty). The id stays valid until the
  // next add().
  Id take(sim::Rng& rng);

 private:
  QueueOrder order_;
  std::vector<std::uint16_t> level_of_class_;  // priority: ring index of each class
  std::vector<sim::Ring<Id>> rings_;                    // fifo: one; priority: one per level
  std::vector<Id> draw_;                       // lottery: the live ids
  // Ids are slot indices. A person's slot stays live until their id may no longer be read:
  // someone removed from a ring until the ring pops them, someone taken until the next add().
  sim::SlotPool<WaitingPerson> people_;
  std::vector<Id> released_;                   // taken ids, free again at the next add()
  std::size_t live_ = 0;
};

}  // namespace capsim::models
