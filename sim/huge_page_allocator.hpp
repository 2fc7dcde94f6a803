// An allocator for the few arrays that grow to hundreds of megabytes and are read at random
// (admitted users, the people of a population): blocks of 2 MiB and more are aligned to 2 MiB
// and, on Linux, offered to the kernel as transparent huge pages (madvise MADV_HUGEPAGE; the
// machines this runs on leave THP to `madvise`). With 4 KiB pages a random read of a 300 MB
// array misses the TLB as well as the cache, and the page walk itself misses; with 2 MiB pages
// the whole array fits in the TLB. Smaller blocks come from operator new as usual. Nothing
// observable changes: same values, same order, only where they live.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace capsim::sim {

template <class T>
class HugePageAllocator {
 public:
  using value_type = T;
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;

  HugePageAllocator() = default;
  template <class U>
  explicit HugePageAllocator(const HugePageAllocator<U>& /*unused*/) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) return static_cast<T*>(::operator new(bytes, std::align_val_t{alignof(T)}));
    const std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    ::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: without THP the pages stay 4 KiB
#endif
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugePage) {
      ::operator delete(p, std::align_val_t{alignof(T)});
    } else {
      std::free(p);
    }
  }

  template <class U>
  friend bool operator==(const HugePageAllocator& /*unused*/, const HugePageAllocator<U>& /*unused*/) noexcept {
    return true;
  }
};

}  // namespace capsim::sim
