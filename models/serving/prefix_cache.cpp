#include "models/serving/prefix_cache.hpp"

#include <algorithm>

namespace capsim::models {
namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::uint32_t PrefixCache::find(std::uint64_t session) const {
  if (index_.empty()) return kNone;
  const std::size_t mask = index_.size() - 1;
  for (std::size_t i = mix(session) & mask;; i = (i + 1) & mask) {
    if (index_[i] == kNone) return kNone;
    if (slab_[index_[i]].session == session) return static_cast<std::uint32_t>(i);
  }
}

void PrefixCache::unlink(std::uint32_t e) {
  Entry& x = slab_[e];
  if (x.older != kNone) slab_[x.older].newer = x.newer;
  else oldest_ = x.newer;
  if (x.newer != kNone) slab_[x.newer].older = x.older;
  else newest_ = x.older;
}

// Backward-shift deletion keeps every probe sequence unbroken without tombstones.
void PrefixCache::erase_slot(std::uint32_t slot) {
  const std::uint32_t e = index_[slot];
  unlink(e);
  tokens_ -= slab_[e].tokens;
  slab_[e].older = free_;
  free_ = e;
  --used_;
  const std::size_t mask = index_.size() - 1;
  std::size_t hole = slot;
  for (std::size_t i = (hole + 1) & mask; index_[i] != kNone; i = (i + 1) & mask) {
    const std::size_t home = mix(slab_[index_[i]].session) & mask;
    // Move it into the hole unless its home lies cyclically in (hole, i].
    if (((i - home) & mask) >= ((i - hole) & mask)) {
      index_[hole] = index_[i];
      hole = i;
    }
  }
  index_[hole] = kNone;
}

std::int64_t PrefixCache::take(std::uint64_t session) {
  const std::uint32_t slot = find(session);
  if (slot == kNone) return 0;
  const std::int64_t tokens = slab_[index_[slot]].tokens;
  erase_slot(slot);
  return tokens;
}

void PrefixCache::put(std::uint64_t session, std::int64_t tokens) {
  if (const std::uint32_t slot = find(session); slot != kNone) erase_slot(slot);
  if (2 * (used_ + 1) > index_.size()) grow();
  std::uint32_t e = free_;
  if (e != kNone) {
    free_ = slab_[e].older;
  } else {
    e = static_cast<std::uint32_t>(slab_.size());
    slab_.emplace_back();
  }
  slab_[e] = Entry{session, tokens, newest_, kNone};
  if (newest_ != kNone) slab_[newest_].newer = e;
  else oldest_ = e;
  newest_ = e;
  const std::size_t mask = index_.size() - 1;
  std::size_t i = mix(session) & mask;
  while (index_[i] != kNone) i = (i + 1) & mask;
  index_[i] = e;
  ++used_;
  tokens_ += tokens;
}

void PrefixCache::shrink_to(std::int64_t tokens) {
  while (tokens_ > tokens && oldest_ != kNone) erase_slot(find(slab_[oldest_].session));
}

void PrefixCache::clear() {
  slab_.clear();
  std::fill(index_.begin(), index_.end(), kNone);
  free_ = oldest_ = newest_ = kNone;
  used_ = 0;
  tokens_ = 0;
}

void PrefixCache::grow() {
  std::vector<std::uint32_t> old;
  old.swap(index_);
  index_.assign(old.empty() ? 16 : 2 * old.size(), kNone);
  const std::size_t mask = index_.size() - 1;
  for (const std::uint32_t e : old) {
    if (e == kNone) continue;
    std::size_t i = mix(slab_[e].session) & mask;
    while (index_[i] != kNone) i = (i + 1) & mask;
    index_[i] = e;
  }
}

}  // namespace capsim::models
