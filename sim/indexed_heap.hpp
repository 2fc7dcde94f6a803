// A binary min-heap of keys that knows where each key sits, so a key can be moved or removed in
// place (O(log n), no dead entries). Each key names a slot (SlotOf(key)); the heap keeps
// position[slot] up to date on every move. The event list keeps its moved (rescheduled) events in
// one: there are few of them, so the position stores that a large heap could not afford are cheap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace capsim::sim {

template <class Key, class SlotOf>
class IndexedHeap {
 public:
  bool empty() const { return keys_.empty(); }
  std::size_t size() const { return keys_.size(); }
  const Key& top() const { return keys_[0]; }
  const std::vector<Key>& keys() const { return keys_; }  // in heap order

  // `slots`: the number of slots a key may name (positions are kept for each).
  void push(Key key, std::size_t slots) {
    if (position_.size() < slots) position_.resize(slots);
    keys_.push_back(key);
    up(keys_.size() - 1);
  }
  // The key of `slot`, which is in the heap, becomes `key` (naming the same slot).
  void replace(std::uint32_t slot, Key key) { put(position_[slot], key); }
  // Removes the key of `slot`, which is in the heap.
  void erase(std::uint32_t slot) { erase_at(position_[slot]); }
  void pop() { erase_at(0); }
  void clear() { keys_.clear(); }

 private:
  void set(std::size_t i, Key k) {
    keys_[i] = k;
    position_[SlotOf{}(k)] = static_cast<std::uint32_t>(i);
  }
  void up(std::size_t i) {
    const Key k = keys_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) >> 1;
      if (!(k < keys_[parent])) break;
      set(i, keys_[parent]);
      i = parent;
    }
    set(i, k);
  }
  void down(std::size_t i) {
    const Key k = keys_[i];
    const std::size_t n = keys_.size();
    for (;;) {
      std::size_t c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys_[c + 1] < keys_[c]) ++c;
      if (!(keys_[c] < k)) break;
      set(i, keys_[c]);
      i = c;
    }
    set(i, k);
  }
  void erase_at(std::size_t i) {
    const Key last = keys_.back();
    keys_.pop_back();
    if (i < keys_.size()) put(i, last);
  }
  // Puts `key` at i in place of the key there, then restores the heap order around it.
  void put(std::size_t i, Key key) {
    const Key old = keys_[i];
    keys_[i] = key;
    if (key < old)
      up(i);
    else
      down(i);
  }

  std::vector<Key> keys_;
  std::vector<std::uint32_t> position_;  // slot -> index in keys_, for slots whose key is here
};

}  // namespace capsim::sim
