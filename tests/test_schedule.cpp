#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "models/demand/signup_process.hpp"
#include "models/waitlist/wave_admission.hpp"
#include "sim/schedule.hpp"

using namespace capsim;

namespace {
// 5 before t = 10, then 7 on [10, 20), 0 on [20, 35), 9 from 35 on.
sim::Schedule<int> example() { return sim::Schedule<int>(5, std::vector<std::pair<double, int>>{{10, 7}, {20, 0}, {35, 9}}); }
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("schedule: values and next changes, a change time belonging to the new entry") {
  const sim::Schedule<int> s = example();
  CHECK(s.value_at(-1e300) == 5);
  CHECK(s.value_at(0) == 5);
  CHECK(s.value_at(std::nextafter(10.0, 0.0)) == 5);
  CHECK(s.value_at(10) == 7);  // exactly at the change: the new value
  CHECK(s.value_at(19.5) == 7);
  CHECK(s.value_at(20) == 0);
  CHECK(s.value_at(34.999) == 0);
  CHECK(s.value_at(35) == 9);
  CHECK(s.value_at(1e300) == 9);
  CHECK(s.value_at(kInf) == 9);

  CHECK(s.next_change(0) == 10);
  CHECK(s.next_change(std::nextafter(10.0, 0.0)) == 10);
  CHECK(s.next_change(10) == 20);  // strictly after t
  CHECK(s.next_change(20) == 35);
  CHECK(s.next_change(35) == kInf);
  CHECK(s.next_change(1e300) == kInf);
  CHECK(sim::Schedule<int>::kNever == kInf);
}

TEST_CASE("schedule: a cursor answers forward queries like the binary search, and backward ones too") {
  const sim::Schedule<int> s = example();
  sim::Schedule<int>::Cursor c;
  // Forward, including repeated times, exact change times and jumps over several changes.
  const std::vector<double> times{-5, 0, 9.75, 10, 10, 15, 20, 21, 40, 40, 1e9};
  for (double t : times) {
    CAPTURE(t);
    CHECK(s.value_at(t, c) == s.value_at(t));
    CHECK(s.next_change(t, c) == s.next_change(t));
  }
  CHECK(c.next == 3);
  // Back before a change (a new replication reusing a cursor): still right.
  CHECK(s.value_at(10, c) == 7);
  CHECK(s.next_change(10, c) == 20);
  CHECK(c.next == 1);
  CHECK(s.value_at(0, c) == 5);
  CHECK(c.next == 0);
  // A jump from before the first change to the end.
  CHECK(s.value_at(35, c) == 9);
  CHECK(s.next_change(35, c) == kInf);
}

TEST_CASE("schedule: entries must be strictly increasing in time") {
  using S = sim::Schedule<int>;
  CHECK_THROWS_AS(S(0, std::vector<std::pair<double, int>>{{10, 1}, {5, 2}}), std::invalid_argument);
  CHECK_THROWS_AS(S(0, std::vector<std::pair<double, int>>{{10, 1}, {10, 2}}), std::invalid_argument);
  CHECK_THROWS_AS(S(0, std::vector<std::pair<double, int>>{{std::nan(""), 1}}), std::invalid_argument);
  CHECK_THROWS_AS(S(0, std::vector<std::pair<double, int>>{{1, 1}, {std::nan(""), 2}}), std::invalid_argument);
  CHECK_NOTHROW(S(0, std::vector<std::pair<double, int>>{{-3, 1}, {0, 2}, {1e-9, 3}}));
}

TEST_CASE("schedule: no entries is a constant") {
  const sim::Schedule<double> s(2.5);
  sim::Schedule<double>::Cursor c;
  CHECK(s.empty());
  CHECK(s.value_at(0) == 2.5);
  CHECK(s.value_at(1e12, c) == 2.5);
  CHECK(s.next_change(0) == kInf);
  CHECK(s.next_change(0, c) == kInf);
}

TEST_CASE("schedule on the kernel clock: SimTime ticks, never is kTimeNever") {
  using S = sim::Schedule<std::int64_t, sim::SimTime>;
  static_assert(S::kNever == sim::kTimeNever);
  const S s(0, std::vector<S::Entry>{{sim::from_seconds(1), 100}, {sim::from_seconds(2), 200}});
  S::Cursor c;
  CHECK(s.value_at(sim::from_seconds(1) - 1, c) == 0);
  CHECK(s.next_change(sim::from_seconds(1) - 1, c) == sim::from_seconds(1));
  CHECK(s.value_at(sim::from_seconds(1), c) == 100);
  CHECK(s.value_at(sim::from_seconds(2), c) == 200);
  CHECK(s.next_change(sim::from_seconds(2), c) == sim::kTimeNever);
  CHECK_THROWS_AS(S(0, std::vector<S::Entry>{{5, 1}, {5, 2}}), std::invalid_argument);
}

TEST_CASE("waves: the size in force at each round, none before the first entry") {
  models::WaveAdmission w(86400, {{3600, 100}, {7 * 86400.0, 500}});
  auto at = [&](double t) { return w.at_round(models::AdmissionView{sim::from_seconds(t), 0, 0, 0, 0, 0}); };
  CHECK(at(0) == 0);
  CHECK(at(3599.999) == 0);
  CHECK(at(3600) == 100);
  CHECK(at(6 * 86400.0) == 100);
  CHECK(at(7 * 86400.0) == 500);
  CHECK(at(30 * 86400.0) == 500);
  CHECK(w.every_s() == 86400);
}

TEST_CASE("piecewise signups: no arrival before the first rate, none in a zero-rate gap, none after the last") {
  models::SignupConfig c;
  c.process = "piecewise";
  c.rates = {{100, 5}, {200, 0}, {300, 2}, {400, 0}};  // arrivals only in [100, 200) and [300, 400)
  models::SignupProcess p(c, sim::Rng(11));
  int early = 0, late = 0, n = 0;
  double last = 0;
  for (double t = p.next(); t != models::SignupProcess::kNever; t = p.next()) {
    CHECK(t >= last);
    last = t;
    CHECK(((t >= 100 && t < 200) || (t >= 300 && t < 400)));
    (t < 200 ? early : late) += 1;
    ++n;
  }
  // Counts are Poisson with means 500 and 200: within 5 standard deviations.
  CHECK(std::abs(early - 500) < 5 * std::sqrt(500.0));
  CHECK(std::abs(late - 200) < 5 * std::sqrt(200.0));
  CHECK(n == early + late);
}
