// A value that changes at given times and holds from each change on: a piecewise-constant
// schedule (signup rates over time, wave sizes, capacities, turn caps, fleet sizes, prices).
//
// Built from (from, value) entries in strictly increasing order of `from`, and the value in
// force before the first entry. The value at a change time is the new one: value_at(from_i)
// is value_i (intervals are [from_i, from_{i+1})).
//
// Time type. `Time` is double seconds by default, because the models that hold schedules
// today (signups, waves, capacity and turn caps) compare times in double seconds, and
// converting their entries to ticks could move a change across an event that falls within a
// rounding of it. A schedule on the kernel clock uses Schedule<T, SimTime>. "Never" is +inf
// for double seconds and kTimeNever (the largest SimTime) for ticks.
//
// Queries. value_at(t) and next_change(t) without a cursor are binary searches, for any t.
// With a Cursor (one per reader; the schedule itself stays const and shareable between
// replications), queries at non-decreasing times step forward, O(1) amortised over a run;
// a query earlier than the cursor's position is still answered right, by a binary search.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/time.hpp"

namespace capsim::sim {

template <class T, class Time = double>
class Schedule {
 public:
  struct Entry {
    Time from;
    T value;
  };

  // The position of one reader: the number of entries in force at its last query time.
  struct Cursor {
    std::size_t next = 0;
  };

  static constexpr Time kNever =
      std::numeric_limits<Time>::has_infinity ? std::numeric_limits<Time>::infinity() : std::numeric_limits<Time>::max();

  explicit Schedule(T initial = T{}) : initial_(std::move(initial)) {}

  // Throws std::invalid_argument unless the times are strictly increasing (and not NaN).
  Schedule(T initial, std::vector<Entry> entries) : initial_(std::move(initial)), entries_(std::move(entries)) {
    check();
  }
  Schedule(T initial, const std::vector<std::pair<Time, T>>& entries) : initial_(std::move(initial)) {
    entries_.reserve(entries.size());
    for (const auto& [from, value] : entries) entries_.push_back(Entry{from, value});
    check();
  }

  // The value in force at t.
  const T& value_at(Time t) const { return value_of(upper(t)); }
  // The first change strictly after t, or kNever.
  Time next_change(Time t) const { return change_of(upper(t)); }

  const T& value_at(Time t, Cursor& c) const { return value_of(seek(t, c)); }
  Time next_change(Time t, Cursor& c) const { return change_of(seek(t, c)); }

  const T& initial() const { return initial_; }
  const std::vector<Entry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

 private:
  void check() const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      const Time from = entries_[i].from;
      if constexpr (std::numeric_limits<Time>::has_quiet_NaN) {
        if (std::isnan(from)) throw std::invalid_argument("schedule: entry " + std::to_string(i) + " has no time (NaN)");
      }
      if (i > 0 && !(entries_[i - 1].from < from))
        throw std::invalid_argument("schedule: entry " + std::to_string(i) + " is not after the previous one");
    }
  }

  // The number of entries with from <= t.
  std::size_t upper(Time t) const {
    return static_cast<std::size_t>(
        std::upper_bound(entries_.begin(), entries_.end(), t, [](Time x, const Entry& e) { return x < e.from; }) -
        entries_.begin());
  }

  std::size_t seek(Time t, Cursor& c) const {
    if (c.next > 0 && t < entries_[c.next - 1].from) {  // went back past a change
      c.next = upper(t);
      return c.next;
    }
    while (c.next < entries_.size() && entries_[c.next].from <= t) ++c.next;
    return c.next;
  }

  const T& value_of(std::size_t n) const { return n == 0 ? initial_ : entries_[n - 1].value; }
  Time change_of(std::size_t n) const { return n < entries_.size() ? entries_[n].from : kNever; }

  T initial_;
  std::vector<Entry> entries_;  // strictly increasing from
};

}  // namespace capsim::sim
