// A FIFO queue in a power-of-two ring buffer: push at the back (or, for something that must go
// first again, at the front), pop at the front, all O(1); it doubles when full and never shrinks,
// so once grown to its peak nothing is allocated.
#pragma once

#include <cstddef>
#include <vector>

namespace capsim::sim {

template <class T>
class Ring {
 public:
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

  void push(const T& value) {
    if (count_ == slots_.size()) grow();
    slots_[(head_ + count_) & (slots_.size() - 1)] = value;
    ++count_;
  }
  void push_front(const T& value) {
    if (count_ == slots_.size()) grow();
    head_ = (head_ - 1) & (slots_.size() - 1);
    slots_[head_] = value;
    ++count_;
  }
  // The ring must not be empty.
  const T& front() const { return slots_[head_]; }
  T pop() {
    const T value = slots_[head_];
    head_ = (head_ + 1) & (slots_.size() - 1);
    --count_;
    return value;
  }

 private:
  void grow() {
    std::vector<T> bigger(slots_.empty() ? 64 : slots_.size() * 2);
    for (std::size_t i = 0; i < count_; ++i) bigger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    slots_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;
  std::size_t head_ = 0, count_ = 0;
};

}  // namespace capsim::sim
