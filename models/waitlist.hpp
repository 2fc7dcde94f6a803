// The waitlist: people in signup order, with removal from the middle (a person who gives up).
//
// A ring buffer of person ids; a person who leaves early is marked gone and skipped when the
// front reaches them, so every operation is O(1) amortised and nothing is allocated once the
// buffer has grown to the peak length. Ids are recycled only when they leave the ring, so a
// stale id can never alias a newer person.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/event_list.hpp"
#include "sim/time.hpp"

namespace capsim::models {

struct WaitingPerson {
  sim::SimTime signup = 0;
  sim::EventHandle patience;  // the pending abandonment, if any
  bool gone = false;          // abandoned; still in the ring until popped
};

class Waitlist {
 public:
  using Id = std::uint32_t;

  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

  Id push(sim::SimTime signup) {
    Id id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
      people_[id] = WaitingPerson{signup, {}, false};
    } else {
      id = static_cast<Id>(people_.size());
      people_.push_back(WaitingPerson{signup, {}, false});
    }
    if (count_ == ring_.size()) grow();
    ring_[(head_ + count_) & (ring_.size() - 1)] = id;
    ++count_;
    ++live_;
    return id;
  }

  WaitingPerson& person(Id id) { return people_[id]; }

  // The person a departure removes from the middle of the list.
  void mark_gone(Id id) {
    people_[id].gone = true;
    --live_;
  }

  // Removes and returns the earliest live person; the list must not be empty.
  WaitingPerson pop_front() {
    for (;;) {
      const Id id = ring_[head_];
      head_ = (head_ + 1) & (ring_.size() - 1);
      --count_;
      free_.push_back(id);
      if (!people_[id].gone) {
        --live_;
        return people_[id];
      }
    }
  }

 private:
  void grow() {
    std::vector<Id> bigger(ring_.empty() ? 64 : ring_.size() * 2);
    for (std::size_t i = 0; i < count_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_.swap(bigger);
    head_ = 0;
  }

  std::vector<WaitingPerson> people_;
  std::vector<Id> free_;
  std::vector<Id> ring_;  // size is a power of two
  std::size_t head_ = 0;
  std::size_t count_ = 0;  // entries in the ring, gone ones included
  std::size_t live_ = 0;
};

}  // namespace capsim::models
