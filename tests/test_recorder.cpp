#include <doctest/doctest.h>

#include <algorithm>

#include "models/demand/population.hpp"  // kNoPerson
#include "models/waitlist/waiting_room.hpp"
#include "sim/recorder.hpp"

using namespace capsim;
using sim::Statistic;

namespace {
double value(const std::vector<sim::Measurement>& ms, const std::string& metric) {
  for (const auto& m : ms)
    if (m.metric == metric) return m.value;
  FAIL("no metric " << metric);
  return 0;
}
}  // namespace

TEST_CASE("recorder keeps the configured statistics of each signal") {
  sim::Recorder r;
  const sim::SignalId wait = r.observation("chat", "wait");
  const sim::SignalId len = r.level("chat", "len");
  r.keep(wait, Statistic::Count, "n", "users");
  r.keep(wait, Statistic::Sum, "total", "s");
  r.keep(wait, Statistic::Mean, "mean", "s");
  r.keep(wait, Statistic::FractionPositive, "p", "1");
  r.keep(wait, Statistic::P50, "p50", "s");
  r.keep(wait, Statistic::Max, "max", "s");
  r.keep(len, Statistic::TimeMean, "len_mean", "users");
  r.keep(len, Statistic::Max, "len_max", "users");
  for (double w : {0.0, 0.0, 2.0, 4.0}) r.emit(wait, w);
  r.set_level(len, sim::from_seconds(1), 3);  // 0 on [0,1), 3 on [1,3), 1 on [3,4]
  r.set_level(len, sim::from_seconds(3), 1);
  const auto ms = r.measurements(sim::from_seconds(4));
  CHECK(value(ms, "n") == 4);
  CHECK(value(ms, "total") == 6);
  CHECK(value(ms, "mean") == 1.5);
  CHECK(value(ms, "p") == 0.5);
  CHECK(value(ms, "p50") == 0);
  CHECK(value(ms, "max") == 4);
  CHECK(value(ms, "len_mean") == doctest::Approx(7.0 / 4));
  CHECK(value(ms, "len_max") == 3);
  CHECK(ms.front().scope == "chat");
  CHECK(ms.front().unit == "users");
}

TEST_CASE("recorder restart forgets the warm-up and levels carry on") {
  sim::Recorder r;
  const sim::SignalId x = r.observation("s", "x");
  const sim::SignalId len = r.level("s", "len");
  r.keep(x, Statistic::Count, "n", "");
  r.keep(len, Statistic::TimeMean, "len_mean", "");
  r.keep(len, Statistic::Max, "len_max", "");
  r.emit(x, 1);
  r.set_level(len, sim::from_seconds(1), 10);
  r.set_level(len, sim::from_seconds(2), 2);
  r.restart(sim::from_seconds(5));
  r.emit(x, 1);
  const auto ms = r.measurements(sim::from_seconds(10));
  CHECK(value(ms, "n") == 1);
  CHECK(value(ms, "len_mean") == 2);
  CHECK(value(ms, "len_max") == 2);
}

TEST_CASE("recorder time series: levels, counts and sums per step") {
  sim::Recorder r;
  const sim::SignalId x = r.observation("s", "x");
  const sim::SignalId len = r.level("s", "len");
  r.series(len, sim::SeriesMode::Level, "len");
  r.series(x, sim::SeriesMode::CountPerStep, "xs");
  r.series(x, sim::SeriesMode::SumPerStep, "xsum");
  std::vector<sim::SeriesPoint> pts;
  r.emit(x, 2);
  r.emit(x, 3);
  r.set_level(len, sim::from_seconds(1), 7);
  r.sample(sim::from_seconds(2), pts);
  r.emit(x, 1);
  r.sample(sim::from_seconds(4), pts);
  REQUIRE(pts.size() == 6);
  CHECK(r.series_names()[pts[0].series].metric == "len");
  CHECK(pts[0].value == 7);
  CHECK(pts[1].value == 2);
  CHECK(pts[2].value == 5);
  CHECK(pts[4].value == 1);
  CHECK(pts[5].value == 1);
  CHECK(pts[5].time_s == 4);
  // A restart (end of warm-up) between two samples does not lose the step's observations.
  r.emit(x, 5);
  r.restart(sim::from_seconds(5));
  r.emit(x, 1);
  r.sample(sim::from_seconds(6), pts);
  CHECK(pts[7].value == 2);
  CHECK(pts[8].value == 6);
}

TEST_CASE("waiting room, fifo: signup order, removal from the middle, ids recycled safely") {
  models::WaitingRoom w(models::QueueOrder::Fifo, {0});
  sim::Rng rng(1);
  const auto a = w.add(1, 0, models::kNoPerson), b = w.add(2, 0, models::kNoPerson);
  w.add(3, 0, models::kNoPerson);
  CHECK(w.size() == 3);
  w.remove(b);
  CHECK(w.size() == 2);
  CHECK(w.at(w.take(rng)).signup == 1);
  CHECK(w.at(w.take(rng)).signup == 3);  // b skipped
  CHECK(w.empty());
  (void)a;
  for (int round = 0; round < 3; ++round) {  // grows past the initial ring and wraps around
    for (int i = 0; i < 200; ++i) w.add(i, 0, models::kNoPerson);
    for (int i = 0; i < 200; ++i) CHECK(w.at(w.take(rng)).signup == i);
  }
  CHECK(w.empty());
}

TEST_CASE("waiting room, priority: lower priority value first, FIFO within a level") {
  models::WaitingRoom w(models::QueueOrder::Priority, {5, 1, 5});  // classes 0 and 2 share a level
  sim::Rng rng(1);
  w.add(1, 0, models::kNoPerson);
  w.add(2, 2, models::kNoPerson);
  const auto gone = w.add(3, 1, models::kNoPerson);
  w.add(4, 1, models::kNoPerson);
  w.remove(gone);
  CHECK(w.at(w.take(rng)).signup == 4);
  CHECK(w.at(w.take(rng)).signup == 1);
  CHECK(w.at(w.take(rng)).signup == 2);
  CHECK(w.empty());
}

TEST_CASE("waiting room, lottery: everyone is drawn once, uniformly") {
  sim::Rng rng(3);
  std::vector<int> first_drawn(5, 0);  // how often each person is drawn first
  for (int trial = 0; trial < 5000; ++trial) {
    models::WaitingRoom w(models::QueueOrder::Lottery, {0});
    for (int i = 0; i < 5; ++i) w.add(i, 0, models::kNoPerson);
    w.remove(2);  // ids are 0..4 in a fresh room
    std::vector<int> seen;
    while (!w.empty()) seen.push_back(static_cast<int>(w.at(w.take(rng)).signup));
    REQUIRE(seen.size() == 4);
    ++first_drawn[static_cast<std::size_t>(seen.front())];
    std::sort(seen.begin(), seen.end());
    CHECK(seen == std::vector<int>{0, 1, 3, 4});
  }
  CHECK(first_drawn[2] == 0);  // removed
  for (int i : {0, 1, 3, 4}) CHECK(first_drawn[static_cast<std::size_t>(i)] == doctest::Approx(1250).epsilon(0.1));
}
