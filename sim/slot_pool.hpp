// A pool of T in recycled slots, addressed by generational handles.
//
// Entities that come and go by the million (waiting people, admitted users, members of a
// population) live in slots of one vector; a freed slot is reused by the next acquire(), so
// once the pool has grown to its peak live count, acquire() and release() allocate nothing.
// Events carry only the 32-bit slot index (payloads are 8 bytes); the handle's generation
// lets a holder find out that its slot was released and reused by someone else since (a stale
// handle), which a bare index cannot tell.
//
// Generations: each slot's counter is odd while the slot is live and even while it is free
// (it steps at every acquire and every release), so one comparison tells both "live" and "the
// same occupant". A slot's counter wraps after 2^31 reuses of that one slot; a handle kept
// across that many reuses would look valid again, which no model comes near.
//
// Reuse order is last released, first reused (a stack): deterministic, and the most recently
// touched memory is the warmest.
//
// Layout: a slot's generation sits beside its value, and a slot of nearly a cache line is padded
// to one, so that checking a handle and reading the value it names touch one line
// (pools of millions of users are read at random; a separate generations array doubled the
// cache misses of every lookup). Large pools live on huge pages (huge_page_allocator.hpp).
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/huge_page_allocator.hpp"

namespace capsim::sim {

template <class T>
class SlotPool {
 public:
  struct Handle {
    std::uint32_t index = 0;
    std::uint32_t generation = 0;  // odd for a handle that was ever acquired
    friend bool operator==(Handle, Handle) = default;
  };

  // A live slot holding a value-initialised T (a reused slot is reset, so nothing of the
  // previous occupant leaks into the new one).
  Handle acquire() {
    std::uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
      slots_[index].value = T{};
    } else {
      assert(slots_.size() < kMaxSlots);
      index = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
      // release() then never allocates: the free list can hold every slot.
      if (free_.capacity() < slots_.capacity()) free_.reserve(slots_.capacity());
    }
    ++live_;
    return Handle{index, ++slots_[index].generation};
  }

  // The slot becomes free; `h` and every copy of it become stale. Releasing a stale handle is
  // a bug (asserted in debug builds; ignored in release builds, so a double release cannot
  // put one slot on the free list twice).
  void release(Handle h) {
    assert(valid(h) && "release of a stale or never-acquired handle");
    if (!valid(h)) return;
    ++slots_[h.index].generation;
    free_.push_back(h.index);
    --live_;
  }

  // True while the slot `h` names is live and still holds the occupant `h` was acquired for.
  bool valid(Handle h) const {
    return h.index < slots_.size() && slots_[h.index].generation == h.generation && (h.generation & 1u);
  }

  T& operator[](Handle h) {
    assert(valid(h) && "stale handle");
    return slots_[h.index].value;
  }
  const T& operator[](Handle h) const {
    assert(valid(h) && "stale handle");
    return slots_[h.index].value;
  }

  // By index alone (what an event payload carries): the slot must be live.
  T& at(std::uint32_t index) {
    assert(live(index) && "index of a free slot");
    return slots_[index].value;
  }
  const T& at(std::uint32_t index) const {
    assert(live(index) && "index of a free slot");
    return slots_[index].value;
  }
  // A hint that slot `index` will be read soon (nothing if there is no such slot).
  void prefetch(std::uint32_t index) const {
    if (index < slots_.size()) __builtin_prefetch(&slots_[index]);
  }
  bool live(std::uint32_t index) const { return index < slots_.size() && (slots_[index].generation & 1u); }
  // The handle of the current occupant of a live slot.
  Handle handle(std::uint32_t index) const {
    assert(live(index));
    return Handle{index, slots_[index].generation};
  }

  std::size_t size() const { return live_; }        // live slots
  bool empty() const { return live_ == 0; }
  std::size_t slots() const { return slots_.size(); }  // live and free: the peak live count
  void reserve(std::size_t n) {
    slots_.reserve(n);
    free_.reserve(n);
  }

  // A slot of 48 to 64 bytes is padded to a whole cache line (one line per lookup, at most a
  // quarter more memory); any other keeps its natural alignment.
  static constexpr std::size_t kSlotAlign = sizeof(T) + 4 >= 48 && sizeof(T) + 4 <= 64 ? 64 : alignof(T) > 4 ? alignof(T) : 4;

 private:
  static constexpr std::size_t kMaxSlots = 0xFFFFFFFFu;  // indices fit in 32 bits

  struct alignas(kSlotAlign) Slot {
    T value{};
    std::uint32_t generation = 0;
  };

  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  std::vector<std::uint32_t> free_;  // free slot indices; the last is reused first
  std::size_t live_ = 0;
};

}  // namespace capsim::sim
