// The pending-event set: a flat 4-ary min-heap of 16-byte POD keys with payloads stored apart,
// plus a small indexed heap for events that have been moved with reschedule().
//
// Keys are (time, seq << 24 | slot): ties on time break on the sequence number, so events at the
// same instant run in the order they were scheduled (FIFO). The payload of an event lives in a
// slot array; slots are recycled through a free list, so once the pools have grown to the peak
// number of pending events nothing is allocated per event.
//
// A slot belongs to the keys that name it until they leave the heaps: cancel() only clears the
// slot's handle id and leaves the key in the main heap as a tombstone, and the slot is recycled
// when the tombstone reaches the top. So the sequence number in a key only orders events; it never
// identifies one. Handles carry a separate 62-bit id that is never reused, which is what lets the
// 40-bit sequence numbers be renumbered (see renumber()) without invalidating any handle.
//
// The four children of a node share one 64-byte cache line (the key array is offset so that
// child index 4i+1 lands on a line boundary). pop() is deferred: the caller takes the top, and
// a push() made while the top is still in place replaces it with a single sift-down (the "hold"
// pattern of a discrete-event loop costs one heap pass instead of two).
//
// reschedule() must not leave a tombstone per move (a serving replica moves its one pending event
// on every arrival), and the main heap does not know where a key sits (tracking positions would
// cost a store into a random slot for every key moved by every sift). So the first move of an
// event turns its main-heap key stale (one dead key, as a cancel would) and puts the event in the
// "side" heap, a binary heap with per-slot positions, where every later move is an in-place sift.
// take() merges the two tops with one comparison when the side heap is not empty.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "sim/indexed_heap.hpp"
#include "sim/time.hpp"

namespace capsim::sim {

// 12 bytes, 4-aligned (packed): components keep handles inside per-entity records that are
// sized to a cache line (models/service/admitted_users.hpp keeps two), where the 4 bytes of
// padding a 16-byte handle would carry are worth having.
struct __attribute__((packed, aligned(4))) EventHandle {
  std::uint64_t id = 0;  // 0 never names a live event
  std::uint32_t slot = 0;
};
static_assert(sizeof(EventHandle) == 12);

inline constexpr std::uint64_t kDefaultMaxSeq = (std::uint64_t{1} << 40) - 1;

// MaxSeq: largest sequence number put in a key before the live keys are renumbered (a parameter
// so that tests can exercise renumbering; it must exceed the number of pending events).
template <class Payload, std::uint64_t MaxSeq = kDefaultMaxSeq>
class EventList {
  static_assert(std::is_trivially_copyable_v<Payload>, "event payloads are small POD values");

 public:
  static constexpr std::uint32_t kSlotBits = 24;
  static constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
  // Slots are held by pending events and by tombstones not yet popped.
  static constexpr std::uint64_t kMaxSlots = kSlotMask;
  static_assert(MaxSeq >= 2 && MaxSeq <= kDefaultMaxSeq, "sequence numbers have 40 bits");
  // Below this many keys the heap sits in L1/L2 and prefetching only costs (measured with
  // bench/hold_model.cpp when the grandchildren prefetch came in: 1k pending 23.8M -> 21.9M
  // events/s with it, 100k 7.0M -> 10.0M).
  static constexpr std::size_t kPrefetchAbove = 16384;

  EventList() = default;
  EventList(const EventList&) = delete;
  EventList& operator=(const EventList&) = delete;
  ~EventList() { std::free(raw_); }

  // Schedules `payload` at `time`; returns a handle for cancel() and reschedule().
  EventHandle push(SimTime time, const Payload& payload) {
    if (last_seq_ >= MaxSeq) [[unlikely]] renumber();  // first: it discards a taken top
    const std::uint64_t seq = ++last_seq_;
    const std::uint64_t id = ++last_id_;
    if (top_taken_) {
      // The hold pattern: the event just taken left its key at the top and kept its slot, so the
      // new event reuses both (no free-list traffic, one sift-down).
      top_taken_ = false;
      const std::uint32_t slot = key_slot(keys_[0]);
      slots_[slot] = Slot{id, payload};
      sift_down(0, make_key(time, (seq << kSlotBits) | slot));
      return EventHandle{id, slot};
    }
    const std::uint32_t slot = acquire_slot();
    slots_[slot] = Slot{id, payload};
    if (size_ == capacity_) grow();
    sift_up(size_++, make_key(time, (seq << kSlotBits) | slot));
    return EventHandle{id, slot};
  }

  // Cancels a pending event; a handle of an event that already ran or was cancelled is ignored.
  bool cancel(EventHandle h) {
    if (!is_pending(h)) return false;
    Slot& s = slots_[h.slot];
    if (s.state & kInSide) {
      side_.erase(h.slot);
      s.state &= kStaleMain;  // id gone; the slot stays held while a stale main key names it
      if (s.state == 0) release_slot(h.slot);
    } else {
      s.state = 0;  // the main key is now a tombstone; its slot is recycled when it is popped
      ++dead_;
    }
    return true;
  }

  // Moves a pending event to `time` without leaving a tombstone per move (only the first move of
  // an event leaves its main-heap key behind as a dead key). At equal times the moved event runs
  // after those scheduled or moved before the move (it gets a new sequence number). The handle
  // stays valid. Returns false (and does nothing) for a handle of an event that is not pending.
  bool reschedule(EventHandle h, SimTime time) {
    if (!is_pending(h)) return false;
    const Key key = make_key(time, (next_seq() << kSlotBits) | h.slot);
    Slot& s = slots_[h.slot];
    if (s.state & kInSide) {
      side_.replace(h.slot, key);
    } else {
      s.state |= kInSide | kStaleMain;
      ++dead_;
      side_.push(key, slots_.size());
    }
    return true;
  }

  bool is_pending(EventHandle h) const {
    return h.id != 0 && h.slot < slots_.size() && (slots_[h.slot].state & kIdMask) == h.id;
  }

  // Number of live (not cancelled, not yet taken) events.
  std::size_t size() const { return size_ + side_.size() - dead_ - (top_taken_ ? 1 : 0); }
  bool empty() const { return size() == 0; }
  // Keys held in both heaps, dead ones (tombstones, keys of moved events) included: memory use.
  std::size_t keys() const { return size_ + side_.size(); }
  // Times the sequence numbers ran out and were renumbered (for tests).
  std::uint64_t renumberings() const { return renumberings_; }

  // Takes the earliest live event if it is due at or before `until`. On success the event's
  // time and payload are written out and its handle is stale. A main-heap event's key and slot
  // stay at the top until the next push() (which reuses both) or the next take() (which frees
  // them).
  bool take(SimTime until, SimTime& time, Payload& payload) {
    if (top_taken_) discard_taken();
    for (;;) {
      if (size_ == 0) return side_.empty() ? false : take_side(until, time, payload);
      const Key k = keys_[0];
      const auto slot = static_cast<std::uint32_t>(key_packed(k) & kSlotMask);
      Slot& s = slots_[slot];
      if (s.state - 1 >= kIdMask) [[unlikely]] {  // 0 or a flag set: not a live main-heap event
        drop_dead_top(slot);
        continue;
      }
      if (!side_.empty() && side_.top() < k) [[unlikely]]
        return take_side(until, time, payload);
      if (key_time(k) > until) return false;
      time = key_time(k);
      payload = s.payload;
      s.state = 0;  // the handle is stale now; the slot stays with the key (see push)
      top_taken_ = true;
      return true;
    }
  }

  // Time of the earliest live event, or kTimeNever.
  SimTime next_time() {
    if (top_taken_) discard_taken();
    while (size_ > 0) {
      const auto slot = static_cast<std::uint32_t>(key_packed(keys_[0]) & kSlotMask);
      if (slots_[slot].state - 1 < kIdMask) break;
      drop_dead_top(slot);
    }
    SimTime t = size_ > 0 ? key_time(keys_[0]) : kTimeNever;
    if (!side_.empty() && key_time(side_.top()) < t) t = key_time(side_.top());
    return t;
  }

 private:
  // time << 64 | seq << 24 | slot: one unsigned 128-bit comparison orders by time, then by
  // scheduling order (times are never negative).
  __extension__ using Key = unsigned __int128;
  static_assert(sizeof(Key) == 16);
  static Key make_key(SimTime time, std::uint64_t packed) { return static_cast<Key>(static_cast<std::uint64_t>(time)) << 64 | packed; }
  static SimTime key_time(Key k) { return static_cast<SimTime>(static_cast<std::uint64_t>(k >> 64)); }
  static std::uint64_t key_packed(Key k) { return static_cast<std::uint64_t>(k); }
  static std::uint32_t key_slot(Key k) { return static_cast<std::uint32_t>(key_packed(k) & kSlotMask); }

  // Slot state: the handle id of the event in the slot (0: none) and two flags. A live event
  // whose key is in the main heap has a state in [1, kIdMask], so take() tests one comparison.
  static constexpr std::uint64_t kInSide = std::uint64_t{1} << 63;     // the event's key is in the side heap
  static constexpr std::uint64_t kStaleMain = std::uint64_t{1} << 62;  // a dead main-heap key names this slot
  static constexpr std::uint64_t kIdMask = kStaleMain - 1;             // ids run out after 2^62 pushes

  struct Slot {
    std::uint64_t state;
    Payload payload;
  };

  std::uint64_t next_seq() {
    if (last_seq_ >= MaxSeq) [[unlikely]] renumber();
    return ++last_seq_;
  }

  // The main heap's top key is dead: a cancelled event's tombstone, or the stale key of an event
  // that moved to the side heap. Recycles the slot once no key names it, and pops the key.
  [[gnu::noinline]] void drop_dead_top(std::uint32_t slot) {
    Slot& s = slots_[slot];
    s.state &= ~kStaleMain;
    if (s.state == 0) release_slot(slot);
    --dead_;
    remove_top();
  }

  [[gnu::noinline]] bool take_side(SimTime until, SimTime& time, Payload& payload) {
    const Key k = side_.top();
    if (key_time(k) > until) return false;
    const std::uint32_t slot = key_slot(k);
    Slot& s = slots_[slot];
    time = key_time(k);
    payload = s.payload;
    side_.pop();
    s.state &= kStaleMain;
    if (s.state == 0) release_slot(slot);
    return true;
  }

  // Live sequence numbers are about to pass MaxSeq: give the live keys of both heaps the numbers
  // 1..n in their (time, seq) order and rebuild the heaps, dropping dead keys on the way. Order and
  // FIFO ties are unchanged, handles are untouched (they carry ids, not sequence numbers). Runs
  // once per ~2^40 schedulings, so the sort (O(n log n)) and its scratch vector do not matter.
  [[gnu::noinline]] void renumber() {
    top_taken_ = false;  // the taken top's slot has state 0: it goes with the dead keys below
    std::vector<Key> live;
    live.reserve(size());
    for (std::size_t i = 0; i < size_; ++i) {
      const std::uint32_t slot = key_slot(keys_[i]);
      Slot& s = slots_[slot];
      if (s.state - 1 < kIdMask) {
        live.push_back(keys_[i]);
      } else {
        s.state &= ~kStaleMain;
        if (s.state == 0) release_slot(slot);
      }
    }
    live.insert(live.end(), side_.keys().begin(), side_.keys().end());
    std::sort(live.begin(), live.end());
    if (live.size() >= MaxSeq) throw std::length_error("more pending events than sequence numbers");
    // A sorted array is a valid heap: refill both heaps in order.
    size_ = 0;
    side_.clear();
    std::uint64_t seq = 0;
    for (const Key k : live) {
      const std::uint32_t slot = key_slot(k);
      const Key renumbered = make_key(key_time(k), (++seq << kSlotBits) | slot);
      if (slots_[slot].state & kInSide) {
        side_.push(renumbered, slots_.size());  // in increasing order: no sifting
      } else {
        keys_[size_++] = renumbered;
      }
    }
    last_seq_ = seq;
    dead_ = 0;
    ++renumberings_;
  }

  // Pops the key of the event taken last, recycling its slot.
  void discard_taken() {
    top_taken_ = false;
    release_slot(key_slot(keys_[0]));
    remove_top();
  }

  void remove_top() {
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

  // Branch-free choice of the least of a full set of four children (a chain of selects), so the
  // unpredictable comparisons cost no mispredictions. A chain rather than a tournament: it keeps
  // few 128-bit values live, and the tournament's register spills cost more than its shorter
  // dependency chain saves (measured with bench/hold_model.cpp).
  void sift_down(std::size_t i, Key key) {
    if (size_ > kPrefetchAbove)
      sift_down_impl<true>(i, key);
    else
      sift_down_impl<false>(i, key);
  }

  template <bool Prefetch>
  void sift_down_impl(std::size_t i, Key key) {
    const std::size_t n = size_;
    Key* const a = keys_;
    for (;;) {
      const std::size_t first = (i << 2) + 1;
      if (first + 4 <= n) {
        const Key* c = a + first;
        if constexpr (Prefetch) {
          // The grandchildren's four cache lines, fetched while this level is decided.
          const std::size_t grand = (first << 2) + 1;
          if (grand < n) {
            __builtin_prefetch(a + grand);
            __builtin_prefetch(a + grand + 4);
            __builtin_prefetch(a + grand + 8);
            __builtin_prefetch(a + grand + 12);
          }
        }
        std::size_t best = 0;
        Key best_key = c[0];
        for (std::size_t k = 1; k < 4; ++k) {
          const Key v = c[k];
          const std::size_t lt = v < best_key;
          best_key = lt ? v : best_key;
          best += (k - best) & (0 - lt);  // not `lt ? k : best`: GCC -O3 turns that into a branch
        }
        if constexpr (Prefetch) {
          // The slot of the next event to run is known after the first level and read by the
          // next take(): fetch it while the rest of the sift runs (hold model, 100k pending:
          // 7.7M -> 10.2M events per CPU second).
          if (i == 0) __builtin_prefetch(&slots_[key_slot(best_key < key ? best_key : key)]);
        }
        if (!(best_key < key)) break;
        a[i] = best_key;
        i = first + best;
      } else {
        if (first >= n) break;
        std::size_t best = first;
        for (std::size_t c = first + 1; c < n; ++c) best = a[c] < a[best] ? c : best;
        if (a[best] < key) {
          a[i] = a[best];
          i = best;
        }
        break;  // a node with fewer than four children has no grandchildren
      }
    }
    a[i] = key;
  }

  [[gnu::noinline]] void grow() {
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
    if (free_count_ != 0) [[likely]] return free_[--free_count_];
    return new_slot();
  }

  [[gnu::noinline]] std::uint32_t new_slot() {
    if (slots_.size() >= kMaxSlots) throw std::length_error("more than 16M pending events and tombstones");
    slots_.push_back(Slot{0, Payload{}});
    free_.resize(slots_.size());  // the free list can hold every slot: release never checks
    return static_cast<std::uint32_t>(slots_.size() - 1);
  }

  void release_slot(std::uint32_t slot) {
    slots_[slot].state = 0;
    free_[free_count_++] = slot;
  }

  void* raw_ = nullptr;
  Key* keys_ = nullptr;
  std::size_t size_ = 0;      // keys in the main heap, dead ones included
  std::size_t capacity_ = 0;
  std::size_t dead_ = 0;      // dead keys in the main heap (tombstones, stale keys of moved events)
  bool top_taken_ = false;    // the top key is the event taken last; it still holds its slot
  std::uint64_t last_seq_ = 0;
  std::uint64_t last_id_ = 0;
  std::uint64_t renumberings_ = 0;
  std::vector<Slot> slots_;  // payloads, apart from the heap keys
  std::vector<std::uint32_t> free_;  // free slot numbers in free_[0, free_count_)
  std::size_t free_count_ = 0;
  struct SlotOfKey {
    std::uint32_t operator()(Key k) const { return key_slot(k); }
  };
  IndexedHeap<Key, SlotOfKey> side_;  // keys of moved events
};

}  // namespace capsim::sim
