// The event list's reschedule(), sequence-number renumbering, and the Simulator's rules for times
// in the past.
#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <doctest/doctest.h>

#include "sim/event_list.hpp"
#include "sim/simulator.hpp"

using namespace capsim::sim;

namespace {

struct P {
  std::uint32_t id;
};

template <class List>
std::vector<std::uint32_t> drain(List& list) {
  std::vector<std::uint32_t> ids;
  SimTime t;
  P p;
  while (list.take(kTimeNever, t, p)) ids.push_back(p.id);
  return ids;
}

// Random pushes, takes, cancels and moves checked against a plain list ordered by (time, order),
// where `order` counts schedulings and moves: a moved event ranks as if scheduled when moved.
template <std::uint64_t MaxSeq>
void check_against_reference(std::uint64_t seed, int steps, int move_percent) {
  EventList<P, MaxSeq> list;
  std::mt19937_64 gen(seed);
  struct Ref {
    SimTime time;
    std::uint64_t order;
    std::uint32_t id;
    EventHandle handle;
  };
  std::vector<Ref> ref;
  std::vector<EventHandle> gone;  // handles of events that ran or were cancelled
  std::uint64_t order = 0;
  std::uint32_t next_id = 0;
  SimTime now = 0;
  auto push = [&](SimTime t) {
    ref.push_back(Ref{t, order++, next_id, list.push(t, P{next_id})});
    ++next_id;
  };
  for (int i = 0; i < 40; ++i) push(static_cast<SimTime>(gen() % 20));
  for (int step = 0; step < steps; ++step) {
    const auto it = std::min_element(ref.begin(), ref.end(), [](const Ref& a, const Ref& b) {
      return std::tie(a.time, a.order) < std::tie(b.time, b.order);
    });
    SimTime t;
    P p;
    REQUIRE(list.take(kTimeNever, t, p));
    REQUIRE(t == it->time);
    REQUIRE(p.id == it->id);
    now = t;
    gone.push_back(it->handle);
    ref.erase(it);
    const int pushes = static_cast<int>(gen() % 3);
    for (int k = 0; k < pushes; ++k) push(now + static_cast<SimTime>(gen() % 20));  // many ties
    if (!ref.empty() && static_cast<int>(gen() % 100) < move_percent) {
      Ref& r = ref[gen() % ref.size()];
      r.time = now + static_cast<SimTime>(gen() % 20);
      r.order = order++;
      REQUIRE(list.reschedule(r.handle, r.time));
      REQUIRE(list.is_pending(r.handle));
    }
    if (!ref.empty() && gen() % 6 == 0) {
      const std::size_t victim = gen() % ref.size();
      REQUIRE(list.cancel(ref[victim].handle));
      gone.push_back(ref[victim].handle);
      ref.erase(ref.begin() + static_cast<std::ptrdiff_t>(victim));
    }
    if (ref.size() < 20) push(now + 1);
    REQUIRE(list.size() == ref.size());
    if (step % 97 == 0) {  // every live handle still names its event, no stale one does
      for (const Ref& r : ref) REQUIRE(list.is_pending(r.handle));
      for (const EventHandle h : gone) {
        REQUIRE_FALSE(list.is_pending(h));
        REQUIRE_FALSE(list.cancel(h));
        REQUIRE_FALSE(list.reschedule(h, now + 5));
      }
      REQUIRE(list.next_time() == std::min_element(ref.begin(), ref.end(), [](const Ref& a, const Ref& b) {
                                    return a.time < b.time;
                                  })->time);
    }
    if (gone.size() > 2000) gone.erase(gone.begin(), gone.begin() + 1000);
  }
  // Dead keys are bounded: at most one per cancel or first move still waiting to reach the top.
  CHECK(list.keys() <= list.size() + 2 * static_cast<std::size_t>(steps));
}

}  // namespace

TEST_CASE("event list: reschedule moves an event earlier or later and keeps its handle") {
  EventList<P> list;
  const EventHandle a = list.push(10, P{1});
  list.push(20, P{2});
  const EventHandle c = list.push(30, P{3});
  CHECK(list.reschedule(c, 5));
  CHECK(list.reschedule(a, 25));
  CHECK(list.is_pending(a));
  CHECK(list.is_pending(c));
  CHECK(list.size() == 3);
  CHECK(list.next_time() == 5);
  CHECK(list.reschedule(c, 40));  // a second move of an event already moved once
  CHECK(drain(list) == std::vector<std::uint32_t>{2, 1, 3});
  CHECK_FALSE(list.is_pending(a));
  CHECK_FALSE(list.is_pending(c));
}

TEST_CASE("event list: a rescheduled event runs after events already at its new time") {
  EventList<P> list;
  const EventHandle a = list.push(10, P{1});
  list.push(10, P{2});
  list.push(10, P{3});
  CHECK(list.reschedule(a, 10));  // same time, but now last in line
  const EventHandle d = list.push(7, P{4});
  list.push(12, P{5});
  CHECK(list.reschedule(d, 12));  // moved before 6 was pushed: runs before 6, after 5
  list.push(12, P{6});
  const EventHandle e = list.push(12, P{7});
  CHECK(list.reschedule(e, 12));  // pushed after 6, moved after 6: still after 6
  CHECK(drain(list) == std::vector<std::uint32_t>{2, 3, 1, 5, 4, 6, 7});
}

TEST_CASE("event list: a million moves of one event leave no tombstones") {
  EventList<P> list;
  std::mt19937_64 gen(3);
  for (std::uint32_t i = 0; i < 1000; ++i) list.push(static_cast<SimTime>(gen() % 1'000'000), P{i});
  const EventHandle h = list.push(500'000, P{1000});
  const std::size_t keys_before = list.keys();
  SimTime last = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    last = static_cast<SimTime>(gen() % 2'000'000);
    REQUIRE(list.reschedule(h, last));
  }
  CHECK(list.size() == 1001);
  CHECK(list.keys() <= keys_before + 1);  // the first move leaves the old key behind, once
  SimTime t;
  P p;
  SimTime prev = 0;
  bool seen = false;
  while (list.take(kTimeNever, t, p)) {
    CHECK(t >= prev);
    prev = t;
    if (p.id == 1000) {
      CHECK(t == last);
      seen = true;
    }
  }
  CHECK(seen);
  CHECK(list.keys() == 0);
  CHECK(list.empty());
}

TEST_CASE("event list: cancel after reschedule, and stale handles are refused") {
  EventList<P> list;
  const EventHandle a = list.push(10, P{1});
  const EventHandle b = list.push(20, P{2});
  CHECK(list.reschedule(a, 30));
  CHECK(list.cancel(a));
  CHECK_FALSE(list.is_pending(a));
  CHECK_FALSE(list.reschedule(a, 5));  // cancelled
  CHECK_FALSE(list.cancel(a));
  CHECK(list.size() == 1);
  SimTime t;
  P p;
  REQUIRE(list.take(kTimeNever, t, p));
  CHECK(p.id == 2);
  CHECK_FALSE(list.reschedule(b, 50));  // already ran
  CHECK_FALSE(list.reschedule(EventHandle{}, 50));  // never named an event
  const EventHandle c = list.push(40, P{3});  // may reuse a's or b's slot: old handles stay stale
  CHECK_FALSE(list.reschedule(a, 1));
  CHECK_FALSE(list.reschedule(b, 1));
  CHECK_FALSE(list.take(39, t, p));
  CHECK(list.reschedule(c, 39));
  REQUIRE(list.take(39, t, p));
  CHECK(p.id == 3);
  CHECK(t == 39);
  CHECK(list.empty());
}

TEST_CASE("event list: random pushes, takes, cancels and moves match a reference") {
  check_against_reference<kDefaultMaxSeq>(11, 30000, 30);
  check_against_reference<kDefaultMaxSeq>(12, 30000, 90);
}

TEST_CASE("event list: renumbering sequence numbers keeps order, FIFO ties, cancels and handles") {
  // With at most 64 sequence numbers and ~20-60 pending events, keys are renumbered every few
  // dozen schedulings; the reference check runs across hundreds of renumberings.
  EventList<P, 64> probe;
  for (std::uint32_t i = 0; i < 50; ++i) probe.push(1, P{i});
  SimTime t;
  P p;
  for (std::uint32_t i = 0; i < 1000; ++i) {  // all at one time: FIFO across renumberings
    REQUIRE(probe.take(kTimeNever, t, p));
    REQUIRE(p.id == i);
    probe.push(1, P{i + 50});
  }
  CHECK(probe.renumberings() >= 60);  // one per 14 pushes

  check_against_reference<64>(21, 30000, 0);
  check_against_reference<64>(22, 30000, 50);
  check_against_reference<97>(23, 30000, 95);
}

TEST_CASE("event list: a large heap (the prefetching sift) keeps time order and FIFO ties") {
  // Above EventList::kPrefetchAbove keys the sift-down takes its prefetching path.
  EventList<P> list;
  std::mt19937_64 gen(5);
  std::uint32_t next_id = 0;
  for (; next_id < 40000; ++next_id) list.push(static_cast<SimTime>(gen() % 5000), P{next_id});
  REQUIRE(list.keys() > EventList<P>::kPrefetchAbove);
  SimTime t, prev_t = 0;
  P p;
  std::uint32_t prev_id = 0;
  for (int step = 0; step < 200000; ++step) {
    REQUIRE(list.take(kTimeNever, t, p));
    REQUIRE(t >= prev_t);
    if (t == prev_t && step > 0) REQUIRE(p.id > prev_id);  // ids grow in scheduling order
    prev_t = t;
    prev_id = p.id;
    list.push(t + static_cast<SimTime>(gen() % 1000), P{next_id++});
  }
  CHECK(list.size() == 40000);
}

TEST_CASE("event list: renumbering refuses more pending events than sequence numbers") {
  EventList<P, 8> list;
  for (std::uint32_t i = 0; i < 8; ++i) list.push(1, P{i});
  CHECK_THROWS_AS(list.push(1, P{8}), std::length_error);
}

TEST_CASE("simulator: schedule_in refuses a negative delay, schedule_at clamps the past to now") {
  Simulator<P> sim;
  std::vector<std::uint32_t> seen;
  sim.schedule_at(100, P{1});
  sim.schedule_at(100, P{2});
  sim.run_until(50, [&](const P&) {});
  REQUIRE(sim.now() == 50);
  try {
    sim.schedule_in(-7, P{3});
    FAIL("schedule_in accepted a negative delay");
  } catch (const std::logic_error& e) {
    CHECK(std::string(e.what()).find("-7") != std::string::npos);
  }
  CHECK(sim.pending() == 2);
  sim.schedule_at(10, P{4});  // in the past: runs at now (50), after nothing else is due
  sim.schedule_in(0, P{5});
  const EventHandle h = sim.schedule_at(200, P{6});
  CHECK(sim.reschedule(h, 20));  // in the past: clamped to now, after 4 and 5
  std::vector<SimTime> times;
  sim.run_until(kTimeNever - 1, [&](const P& p) {
    seen.push_back(p.id);
    times.push_back(sim.now());
  });
  CHECK(seen == std::vector<std::uint32_t>{4, 5, 6, 1, 2});
  CHECK(times == std::vector<SimTime>{50, 50, 50, 100, 100});
  CHECK_FALSE(sim.reschedule(h, 300));
}
