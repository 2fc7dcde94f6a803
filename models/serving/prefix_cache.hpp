// A replica's prefix cache (vLLM's automatic prefix caching, per session): the KV of finished
// turns, one entry per session (its prompt and output, which the session's next turn carries as
// its earlier context), least recently used first out. The entries live in the KV memory the
// running requests leave free: the batcher shrinks the cache at each boundary to what the step
// or run that just ended left free, and a turn that finds its session's entry takes it (its
// tokens need no prefill). Memory grows with the entries held (amortised: a slab and an open-
// addressing index that double when full), not per event.
#pragma once

#include <cstdint>
#include <vector>

namespace capsim::models {

class PrefixCache {
 public:
  // The tokens cached for `session` (0 if none); take() removes the entry.
  std::int64_t peek(std::uint64_t session) const {
    const std::uint32_t slot = find(session);
    return slot == kNone ? 0 : slab_[index_[slot]].tokens;
  }
  std::int64_t take(std::uint64_t session);
  // `session`'s KV, `tokens` long, becomes the most recently used entry (replacing any older one).
  void put(std::uint64_t session, std::int64_t tokens);
  // Evicts least recently used entries until at most `tokens` are held.
  void shrink_to(std::int64_t tokens);
  void clear();
  std::int64_t tokens() const { return tokens_; }
  std::size_t entries() const { return used_; }

 private:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct Entry {
    std::uint64_t session = 0;
    std::int64_t tokens = 0;
    std::uint32_t older = kNone, newer = kNone;  // the LRU list; `older` links the free list
  };
  std::uint32_t find(std::uint64_t session) const;  // the index slot holding it, or kNone
  void unlink(std::uint32_t e);
  void erase_slot(std::uint32_t slot);  // frees the entry in index slot `slot`
  void grow();

  std::vector<Entry> slab_;
  std::vector<std::uint32_t> index_;  // open addressing, linear probing: entry numbers or kNone
  std::uint32_t free_ = kNone, oldest_ = kNone, newest_ = kNone;
  std::size_t used_ = 0;
  std::int64_t tokens_ = 0;
};

}  // namespace capsim::models
