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
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

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
      values_[index] = T{};
    } else {
      assert(values_.size() < kMaxSlots);
      index = static_cast<std::uint32_t>(values_.size());
      values_.emplace_back();
      generations_.push_back(0);
      // release() then never allocates: the free list can hold every slot.
      if (free_.capacity() < values_.capacity()) free_.reserve(values_.capacity());
    }
    ++live_;
    return Handle{index, ++generations_[index]};
  }

  // The slot becomes free; `h` and every copy of it become stale. Releasing a stale handle is
  // a bug (asserted in debug builds; ignored in release builds, so a double release cannot
  // put one slot on the free list twice).
  void release(Handle h) {
    assert(valid(h) && "release of a stale or never-acquired handle");
    if (!valid(h)) return;
    ++generations_[h.index];
    free_.push_back(h.index);
    --live_;
  }

  // True while the slot `h` names is live and still holds the occupant `h` was acquired for.
  bool valid(Handle h) const {
    return h.index < generations_.size() && generations_[h.index] == h.generation && (h.generation & 1u);
  }

  T& operator[](Handle h) {
    assert(valid(h) && "stale handle");
    return values_[h.index];
  }
  const T& operator[](Handle h) const {
    assert(valid(h) && "stale handle");
    return values_[h.index];
  }

  // By index alone (what an event payload carries): the slot must be live.
  T& at(std::uint32_t index) {
    assert(live(index) && "index of a free slot");
    return values_[index];
  }
  const T& at(std::uint32_t index) const {
    assert(live(index) && "index of a free slot");
    return values_[index];
  }
  bool live(std::uint32_t index) const { return index < generations_.size() && (generations_[index] & 1u); }
  // The handle of the current occupant of a live slot.
  Handle handle(std::uint32_t index) const {
    assert(live(index));
    return Handle{index, generations_[index]};
  }

  std::size_t size() const { return live_; }        // live slots
  bool empty() const { return live_ == 0; }
  std::size_t slots() const { return values_.size(); }  // live and free: the peak live count
  void reserve(std::size_t n) {
    values_.reserve(n);
    generations_.reserve(n);
    free_.reserve(n);
  }

 private:
  static constexpr std::size_t kMaxSlots = 0xFFFFFFFFu;  // indices fit in 32 bits

  std::vector<T> values_;
  std::vector<std::uint32_t> generations_;  // parallel to values_
  std::vector<std::uint32_t> free_;         // free slot indices; the last is reused first
  std::size_t live_ = 0;
};

}  // namespace capsim::sim
