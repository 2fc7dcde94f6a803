// A random stream that can be read ahead without being consumed.
//
// Wraps a stream (random_streams.hpp) and buffers the raw outputs a peek generates, so that the
// draws a component will make later can be computed now (to prefetch the memory they will
// touch) while the stream itself yields exactly the same sequence as the bare engine: values a
// peek buffered are returned first, in order. Distributions take either it or a Cursor as their
// engine; both are uniform random bit generators with the engine's range.
//
// A peek reaches at most kCapacity outputs past the next one; further than that, a cursor
// returns stand-in values (SplitMix64 of the position) that leave the stream untouched, so a
// peek that goes too far gives a wrong hint, never a changed result.
#pragma once

#include <array>
#include <cstdint>

#include "sim/random_streams.hpp"

namespace capsim::sim {

class LookaheadRng {
 public:
  using result_type = Rng::result_type;
  static constexpr std::size_t kCapacity = 256;

  explicit LookaheadRng(const Rng& engine) : engine_(engine) {}

  // mt19937_64's range, all 64 bits (Boost does not declare its min() and max() constexpr).
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    if (head_ != tail_) return buffer_[head_++ % kCapacity];
    return engine_();
  }

  // Reads the stream ahead from its next output; the stream is not advanced.
  class Cursor {
   public:
    using result_type = LookaheadRng::result_type;
    static constexpr result_type min() { return LookaheadRng::min(); }
    static constexpr result_type max() { return LookaheadRng::max(); }
    result_type operator()() { return owner_->ahead(pos_++); }

   private:
    friend class LookaheadRng;
    Cursor(LookaheadRng* owner, std::uint64_t pos) : owner_(owner), pos_(pos) {}
    LookaheadRng* owner_;
    std::uint64_t pos_;
  };
  Cursor peek() { return {this, head_}; }

 private:
  result_type ahead(std::uint64_t pos) {
    while (tail_ <= pos) {
      if (tail_ - head_ == kCapacity) {
        std::uint64_t state = pos;
        return splitmix64(state);
      }
      buffer_[tail_++ % kCapacity] = engine_();
    }
    return buffer_[pos % kCapacity];
  }

  Rng engine_;
  std::array<result_type, kCapacity> buffer_{};
  std::uint64_t head_ = 0, tail_ = 0;  // buffered outputs: positions [head_, tail_)
};

}  // namespace capsim::sim
