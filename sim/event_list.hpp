// The pending-event set: a flat 4-ary min-heap of 16-byte POD keys with payloads stored apart.
//
// Keys are (time, seq << 24 | slot): ties on time break on the sequence number, so events at the
// same instant run in the order they were scheduled (FIFO). The payload of an event lives in a
// slot array; slots are recycled through a free list, so once the pools have grown to the peak
// number of pending events nothing is allocated per event. Cancellation frees the slot at once
// and leaves the key in the heap as a tombstone, recognised on pop by its stale sequence number.
//
// The four children of a node share one 64-byte cache line (the key array is offset so that
// child index 4i+1 lands on a line boundary). pop() is deferred: the caller takes the top, and
// a push() made while the top is still in place replaces it with a single sift-down (the "hold"
// pattern of a discrete-event loop costs one heap pass instead of two).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "sim/time.hpp"

namespace capsim::sim {

struct EventHandle {
  std::uint64_t seq = 0;   // 0 never names a live event
  std::uint32_t slot = 0;
};

template <class Payload>
class EventList {
  static_assert(std::is_trivially_copyable_v<Payload>, "event payloads are small POD values");

 public:
  static constexpr std::uint32_t kSlotBits = 24;
  static constexpr std::uint64_t kMaxPending = (std::uint64_t{1} << kSlotBits) - 1;

  EventList() = default;
  EventList(const EventList&) = delete;
  EventList& operator=(const EventList&) = delete;
  ~EventList() { std::free(raw_); }

  // Schedules `payload` at `time`; returns a handle for cancel().
  EventHandle push(SimTime time, const Payload& payload) {
    const std::uint32_t slot = acquire_slot();
    const std::uint64_t seq = ++last_seq_;
    slot_seq_[slot] = seq;
    payloads_[slot] = payload;
    const Key key{time, (seq << kSlotBits) | slot};
    if (top_taken_) {
      top_taken_ = false;
      sift_down(0, key);
    } else {
      if (size_ == capacity_) grow();
      sift_up(size_++, key);
    }
    ++live_;
    return EventHandle{seq, slot};
  }

  // Cancels a pending event; a handle of an event that already ran or was cancelled is ignored.
  bool cancel(EventHandle h) {
    if (h.seq == 0 || h.slot >= slot_seq_.size() || slot_seq_[h.slot] != h.seq) return false;
    release_slot(h.slot);
    --live_;
    return true;
  }

  bool is_pending(EventHandle h) const {
    return h.seq != 0 && h.slot < slot_seq_.size() && slot_seq_[h.slot] == h.seq;
  }

  // Number of live (not cancelled, not yet taken) events.
  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

  // Takes the earliest live event if it is due at or before `until`. On success the event's
  // time and payload are written out, its slot is free again, and the key stays at the top
  // until the next push() (which replaces it) or the next take() (which removes it).
  bool take(SimTime until, SimTime& time, Payload& payload) {
    if (top_taken_) remove_top();
    while (size_ > 0) {
      const Key& k = keys_[0];
      const std::uint32_t slot = static_cast<std::uint32_t>(k.packed & kMaxPending);
      if (slot_seq_[slot] != (k.packed >> kSlotBits)) {  // tombstone of a cancelled event
        remove_top();
        continue;
      }
      if (k.time > until) return false;
      time = k.time;
      payload = payloads_[slot];
      release_slot(slot);
      --live_;
      top_taken_ = true;
      return true;
    }
    return false;
  }

  // Time of the earliest live event, or kTimeNever.
  SimTime next_time() {
    if (top_taken_) remove_top();
    while (size_ > 0) {
      const Key& k = keys_[0];
      const std::uint32_t slot = static_cast<std::uint32_t>(k.packed & kMaxPending);
      if (slot_seq_[slot] == (k.packed >> kSlotBits)) return k.time;
      remove_top();
    }
    return kTimeNever;
  }

 private:
  struct Key {
    SimTime time;
    std::uint64_t packed;  // seq << 24 | slot
  };
  static_assert(sizeof(Key) == 16);

  static bool less(const Key& a, const Key& b) {
    return a.time < b.time || (a.time == b.time && a.packed < b.packed);
  }

  void remove_top() {
    top_taken_ = false;
    --size_;
    if (size_ > 0) sift_down(0, keys_[size_]);
  }

  void sift_up(std::size_t i, Key key) {
    while (i > 0) {
      const std::size_t parent = (i - 1) >> 2;
      if (!less(key, keys_[parent])) break;
      keys_[i] = keys_[parent];
      i = parent;
    }
    keys_[i] = key;
  }

  void sift_down(std::size_t i, Key key) {
    const std::size_t n = size_;
    for (;;) {
      const std::size_t first = (i << 2) + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t last = first + 4 < n ? first + 4 : n;
      for (std::size_t c = first + 1; c < last; ++c)
        if (less(keys_[c], keys_[best])) best = c;
      if (!less(keys_[best], key)) break;
      keys_[i] = keys_[best];
      i = best;
    }
    keys_[i] = key;
  }

  void grow() {
    const std::size_t cap = capacity_ ? capacity_ * 2 : 256;
    // Offset by 3 keys so that children 4i+1..4i+4 start on a 64-byte line.
    void* raw = std::aligned_alloc(64, (cap + 4) * sizeof(Key));
    if (!raw) throw std::bad_alloc();
    Key* keys = static_cast<Key*>(raw) + 3;
    if (size_) std::memcpy(keys, keys_, size_ * sizeof(Key));
    std::free(raw_);
    raw_ = raw;
    keys_ = keys;
    capacity_ = cap;
  }

  std::uint32_t acquire_slot() {
    if (!free_slots_.empty()) {
      const std::uint32_t s = free_slots_.back();
      free_slots_.pop_back();
      return s;
    }
    if (slot_seq_.size() >= kMaxPending) throw std::length_error("more than 16M pending events");
    slot_seq_.push_back(0);
    payloads_.emplace_back();
    return static_cast<std::uint32_t>(slot_seq_.size() - 1);
  }

  void release_slot(std::uint32_t slot) {
    slot_seq_[slot] = 0;
    free_slots_.push_back(slot);
  }

  void* raw_ = nullptr;
  Key* keys_ = nullptr;
  std::size_t size_ = 0;      // keys in the heap, tombstones included
  std::size_t capacity_ = 0;
  std::size_t live_ = 0;
  bool top_taken_ = false;
  std::uint64_t last_seq_ = 0;
  std::vector<std::uint64_t> slot_seq_;  // sequence number of the event in each slot, 0 if free
  std::vector<Payload> payloads_;
  std::vector<std::uint32_t> free_slots_;
};

}  // namespace capsim::sim
