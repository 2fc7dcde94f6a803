#include <doctest/doctest.h>

#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <cstdint>
#include <vector>

#include "models/demand/population.hpp"  // kNoPerson
#include "models/waitlist/waiting_room.hpp"
#include "sim/slot_pool.hpp"

using namespace capsim;

namespace {
struct Item {
  int value = 0;
  std::uint32_t tag = 7;  // value-initialisation gives 7, not what a previous occupant left
};
using Pool = sim::SlotPool<Item>;
}  // namespace

TEST_CASE("slot pool: acquire grows, release frees, size counts the live slots") {
  Pool pool;
  CHECK(pool.empty());
  const Pool::Handle a = pool.acquire(), b = pool.acquire(), c = pool.acquire();
  CHECK(a.index == 0);
  CHECK(b.index == 1);
  CHECK(c.index == 2);
  CHECK(pool.size() == 3);
  pool[a].value = 10;
  pool[b].value = 20;
  pool.at(c.index).value = 30;
  CHECK(pool.at(a.index).value == 10);
  CHECK(pool[b].value == 20);
  CHECK(pool[c].value == 30);
  pool.release(b);
  CHECK(pool.size() == 2);
  CHECK(pool.slots() == 3);
  CHECK_FALSE(pool.live(b.index));
  CHECK(pool.live(a.index));
  CHECK(pool.handle(a.index) == a);
}

TEST_CASE("slot pool: a stale handle to a recycled slot is detected") {
  Pool pool;
  const Pool::Handle a = pool.acquire();
  pool[a].value = 5;
  pool[a].tag = 99;
  pool.release(a);
  CHECK_FALSE(pool.valid(a));  // released: stale even before the slot is reused
  const Pool::Handle again = pool.acquire();
  CHECK(again.index == a.index);  // the slot is recycled...
  CHECK(again.generation != a.generation);
  CHECK_FALSE(pool.valid(a));     // ...and the old handle does not name the new occupant
  CHECK(pool.valid(again));
  CHECK(pool[again].value == 0);  // the previous occupant's values are gone
  CHECK(pool[again].tag == 7);
  // Handles never acquired: default, out of range, or an even (free) generation.
  CHECK_FALSE(pool.valid(Pool::Handle{}));
  CHECK_FALSE(pool.valid(Pool::Handle{5, 1}));
  CHECK_FALSE(pool.valid(Pool::Handle{again.index, again.generation + 1}));
  // Over many reuses of one slot, only the latest handle is valid.
  std::vector<Pool::Handle> old;
  Pool::Handle h = again;
  for (int i = 0; i < 100; ++i) {
    old.push_back(h);
    pool.release(h);
    h = pool.acquire();
  }
  CHECK(h.index == a.index);
  CHECK(pool.valid(h));
  for (const Pool::Handle& o : old) CHECK_FALSE(pool.valid(o));
}

#ifndef NDEBUG
namespace {
// Runs `f` in a child process and tells whether it died of an assertion (SIGABRT).
template <class F>
bool aborts(F f) {
  std::fflush(nullptr);  // or the child would write the parent's buffered output again
  const pid_t pid = fork();
  if (pid == 0) {
    // The child dies quietly: without doctest's crash report (its signal handler is inherited)
    // and without the assertion's message, which is expected.
    std::signal(SIGABRT, SIG_DFL);
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    f();
    std::_Exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}
}  // namespace

TEST_CASE("slot pool: a stale handle is caught by an assertion in debug builds") {
  Pool pool;
  const Pool::Handle a = pool.acquire();
  pool.release(a);
  const Pool::Handle b = pool.acquire();  // the same slot, a new occupant
  CHECK(aborts([&] { (void)pool[a]; }));
  CHECK(aborts([&] { pool.release(a); }));
  CHECK(aborts([&] { pool.release(b); pool.at(b.index); }));  // index of a free slot
  CHECK_FALSE(aborts([&] { (void)pool[b]; }));  // the live handle is fine
}
#endif

#ifdef NDEBUG
TEST_CASE("slot pool: releasing a stale handle again does nothing (release build, debug asserts)") {
  Pool pool;
  const Pool::Handle a = pool.acquire();
  pool.release(a);
  pool.release(a);  // a double release must not put the slot on the free list twice
  CHECK(pool.size() == 0);
  const Pool::Handle x = pool.acquire(), y = pool.acquire();
  CHECK(x.index != y.index);
  CHECK(pool.size() == 2);
}
#endif

TEST_CASE("slot pool: the last released slot is reused first") {
  Pool pool;
  std::vector<Pool::Handle> h;
  for (int i = 0; i < 5; ++i) h.push_back(pool.acquire());
  pool.release(h[1]);
  pool.release(h[3]);
  pool.release(h[0]);
  CHECK(pool.acquire().index == 0);
  CHECK(pool.acquire().index == 3);
  CHECK(pool.acquire().index == 1);
  CHECK(pool.acquire().index == 5);  // no free slot left: grows
  CHECK(pool.size() == 6);
}

TEST_CASE("slot pool: no allocation once grown to the peak") {
  Pool pool;
  std::vector<Pool::Handle> live;
  live.reserve(1000);
  for (int i = 0; i < 1000; ++i) live.push_back(pool.acquire());
  for (const Pool::Handle& h : live) pool.release(h);  // every slot on the free list at once
  live.clear();
  // glibc's count of bytes in use moves with any malloc or free (a sanitizer's allocator may
  // report 0 throughout, which still passes: the release build is what this is about).
  const std::size_t before = mallinfo2().uordblks;
  std::uint64_t churn = 0;
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < 1000; ++i) live.push_back(pool.acquire());
    for (std::size_t i = 0; i < live.size(); i += 2) pool.release(live[i]);  // half leave
    for (std::size_t i = 0; i < live.size(); i += 2) live[i] = pool.acquire();  // half come
    for (const Pool::Handle& h : live) churn += pool[h].tag;
    for (const Pool::Handle& h : live) pool.release(h);
    live.clear();
  }
  const std::size_t after = mallinfo2().uordblks;
  CHECK(after == before);
  CHECK(pool.slots() == 1000);
  CHECK(pool.empty());
  CHECK(churn == 100u * 1000u * 7u);
}

TEST_CASE("waiting room on the slot pool: ids are recycled in the same order as before") {
  // The ids the room hands out are event payloads; the pool must reuse them exactly as the
  // hand-written free list did: taken ids become free at the next add(), last taken first.
  models::WaitingRoom w(models::QueueOrder::Fifo, {0});
  sim::Rng rng(1);
  for (int i = 0; i < 4; ++i) CHECK(w.add(i, 0, models::kNoPerson) == static_cast<std::uint32_t>(i));
  w.remove(1);                   // freed when the ring reaches it
  CHECK(w.take(rng) == 0);       // pops 0
  CHECK(w.at(0).signup == 0);    // a taken id stays readable until the next add()
  CHECK(w.take(rng) == 2);       // pops 1 (gone), then 2
  CHECK(w.add(10, 0, models::kNoPerson) == 2);  // released in order 0, 1, 2: 2 reused first
  CHECK(w.add(11, 0, models::kNoPerson) == 1);
  CHECK(w.add(12, 0, models::kNoPerson) == 0);
  CHECK(w.add(13, 0, models::kNoPerson) == 4);  // then a new slot
  CHECK(w.size() == 5);
  std::vector<sim::SimTime> order;
  while (!w.empty()) order.push_back(w.at(w.take(rng)).signup);
  CHECK(order == std::vector<sim::SimTime>{3, 10, 11, 12, 13});
}
