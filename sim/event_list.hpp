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
  // Below this many keys the heap sits in L1/L2 and prefetching only costs (measured with
  // bench/hold_model.cpp: 1k pending 23.8M -> 21.9M events/s with it, 100k 7.0M -> 10.0M).
  static constexpr std::size_t kPrefetchAbove = 16384;

  EventList() = default;
  EventList(const EventList&) = delete;
  EventList& operator=(const EventList&) = delete;
  ~EventList() { std::free(raw_); }

  // Schedules `payload` at `time`; returns a handle for cancel().
  EventHandle push(SimTime time, const Payload& payload) {
    const std::uint32_t slot = acquire_slot();
    const std::uint64_t seq = ++last_seq_;
    slots_[slot] = Slot{seq, payload};
    const Key key = make_key(time, (seq << kSlotBits) | slot);
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
    if (!is_pending(h)) return false;
    release_slot(h.slot);
    --live_;
    return true;
  }

  bool is_pending(EventHandle h) const {
    return h.seq != 0 && h.slot < slots_.size() && slots_[h.slot].seq == h.seq;
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
      const Key k = keys_[0];
      const std::uint32_t slot = static_cast<std::uint32_t>(key_packed(k) & kMaxPending);
      Slot& s = slots_[slot];
      if (s.seq != (key_packed(k) >> kSlotBits)) {  // tombstone of a cancelled event
        remove_top();
        continue;
      }
      if (key_time(k) > until) return false;
      time = key_time(k);
      payload = s.payload;
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
      const Key k = keys_[0];
      if (slots_[static_cast<std::uint32_t>(key_packed(k) & kMaxPending)].seq == (key_packed(k) >> kSlotBits)) return key_time(k);
      remove_top();
    }
    return kTimeNever;
  }

 private:
  // time << 64 | seq << 24 | slot: one unsigned 128-bit comparison orders by time, then by
  // scheduling order (times are never negative).
  __extension__ using Key = unsigned __int128;
  static_assert(sizeof(Key) == 16);
  static Key make_key(SimTime time, std::uint64_t packed) { return static_cast<Key>(static_cast<std::uint64_t>(time)) << 64 | packed; }
  static SimTime key_time(Key k) { return static_cast<SimTime>(static_cast<std::uint64_t>(k >> 64)); }
  static std::uint64_t key_packed(Key k) { return static_cast<std::uint64_t>(k); }

  struct Slot {
    std::uint64_t seq;  // of the event in this slot; 0 if free
    Payload payload;
  };

  void remove_top() {
    top_taken_ = false;
    --size_;
    if (size_ > 0) sift_down(0, keys_[size_]);
  }

  void sift_up(std::size_t i, Key key) {
    while (i > 0) {
      const std::size_t parent = (i - 1) >> 2;
      if (!(key < keys_[parent])) break;
      keys_[i] = keys_[parent];
      i = parent;
    }
    keys_[i] = key;
  }

  // Branch-free choice of the least of a full set of four children (a tournament of selects),
  // so the unpredictable comparisons cost no mispredictions.
  void sift_down(std::size_t i, Key key) {
    const std::size_t n = size_;
    for (;;) {
      const std::size_t first = (i << 2) + 1;
      std::size_t best;
      Key best_key;
      if (first + 4 <= n) {
        const Key* c = keys_ + first;
        // The grandchildren's four cache lines, fetched while this level is decided.
        const std::size_t grand = (first << 2) + 1;
        if (n > kPrefetchAbove && grand < n) {
          __builtin_prefetch(keys_ + grand);
          __builtin_prefetch(keys_ + grand + 4);
          __builtin_prefetch(keys_ + grand + 8);
          __builtin_prefetch(keys_ + grand + 12);
        }
        const bool b01 = c[1] < c[0];
        const bool b23 = c[3] < c[2];
        const std::size_t i01 = b01 ? 1 : 0, i23 = b23 ? 3 : 2;
        const Key k01 = b01 ? c[1] : c[0], k23 = b23 ? c[3] : c[2];
        const bool b = k23 < k01;
        best = first + (b ? i23 : i01);
        best_key = b ? k23 : k01;
      } else {
        if (first >= n) break;
        best = first;
        best_key = keys_[first];
        for (std::size_t c = first + 1; c < n; ++c)
          if (keys_[c] < best_key) best_key = keys_[best = c];
      }
      if (!(best_key < key)) break;
      keys_[i] = best_key;
      i = best;
    }
    keys_[i] = key;
  }

  void grow() {
    const std::size_t cap = capacity_ ? capacity_ * 2 : 256;
    // Offset by 3 keys so that children 4i+1..4i+4 start on a 64-byte line.
    void* raw = std::aligned_alloc(64, (cap + 4) * sizeof(Key));  // (cap + 4) * 16 is a multiple of 64
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
    if (slots_.size() >= kMaxPending) throw std::length_error("more than 16M pending events");
    slots_.push_back(Slot{0, Payload{}});
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }

  void release_slot(std::uint32_t slot) {
    slots_[slot].seq = 0;
    free_slots_.push_back(slot);
  }

  void* raw_ = nullptr;
  Key* keys_ = nullptr;
  std::size_t size_ = 0;      // keys in the heap, tombstones included
  std::size_t capacity_ = 0;
  std::size_t live_ = 0;
  bool top_taken_ = false;
  std::uint64_t last_seq_ = 0;
  std::vector<Slot> slots_;  // payloads, apart from the heap keys
  std::vector<std::uint32_t> free_slots_;
};

}  // namespace capsim::sim
