#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

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

TEST_CASE("recorder integral and per-step time means of a level that steps at known times") {
  sim::Recorder r;
  const sim::SignalId len = r.level("s", "len", 2);
  r.keep(len, Statistic::Integral, "len_integral", "users s");
  r.keep(len, Statistic::TimeMean, "len_mean", "users");
  r.series(len, sim::SeriesMode::TimeMeanPerStep, "len_step_mean");
  r.series(len, sim::SeriesMode::Level, "len_now");
  // 2 on [0, 1.5), 5 on [1.5, 4), 1 on [4, 4.25), 0 on [4.25, 6), 3.5 from 6 on.
  std::vector<sim::SeriesPoint> pts;
  r.set_level(len, sim::from_seconds(1.5), 5);
  r.sample(sim::from_seconds(2), pts);  // [0, 2]: 3 + 2.5 = 5.5 over 2 s
  r.set_level(len, sim::from_seconds(4), 1);
  r.sample(sim::from_seconds(4), pts);  // [2, 4]: 10 over 2 s (the change at 4 starts the next step)
  r.set_level(len, sim::from_seconds(4.25), 0);
  r.set_level(len, sim::from_seconds(6), 3.5);
  r.sample(sim::from_seconds(8), pts);  // [4, 8]: 0.25 + 0 + 7 = 7.25 over 4 s
  r.sample(sim::from_seconds(8), pts);  // a step of no length: the level at the instant
  REQUIRE(pts.size() == 8);
  CHECK(pts[0].value == 2.75);
  CHECK(pts[1].value == 5);  // the level at the instant, for contrast
  CHECK(pts[2].value == 5);
  CHECK(pts[3].value == 1);
  CHECK(pts[4].value == 1.8125);
  CHECK(pts[5].value == 3.5);
  CHECK(pts[6].value == 3.5);
  CHECK(value(r.measurements(sim::from_seconds(8)), "len_integral") == 22.75);
  CHECK(value(r.measurements(sim::from_seconds(8)), "len_mean") == 22.75 / 8);
  CHECK(value(r.measurements(sim::from_seconds(10)), "len_integral") == 29.75);  // + 3.5 x 2 s
}

TEST_CASE("recorder per-step time means are right across a warm-up restart between two samples") {
  sim::Recorder r;
  const sim::SignalId len = r.level("s", "len", 4);
  r.keep(len, Statistic::Integral, "len_integral", "");
  r.series(len, sim::SeriesMode::TimeMeanPerStep, "len_step_mean");
  std::vector<sim::SeriesPoint> pts;
  r.sample(sim::from_seconds(10), pts);  // 4 throughout
  r.set_level(len, sim::from_seconds(12), 8);
  r.restart(sim::from_seconds(15));      // the metrics forget [0, 15); the step [10, 20] does not
  r.set_level(len, sim::from_seconds(18), 2);
  CHECK(value(r.measurements(sim::from_seconds(20)), "len_integral") == 28);  // 8 x 3 + 2 x 2 since 15
  r.sample(sim::from_seconds(20), pts);  // [10, 20]: 4 x 2 + 8 x 6 + 2 x 2 = 60 over 10 s
  r.sample(sim::from_seconds(24), pts);  // 2 throughout
  r.restart(sim::from_seconds(26));      // a restart with no change of level in the step
  r.restart(sim::from_seconds(27));      // and a second one
  r.sample(sim::from_seconds(28), pts);
  r.restart(sim::from_seconds(28));      // a restart exactly at a sample
  r.set_level(len, sim::from_seconds(29), 6);
  r.sample(sim::from_seconds(30), pts);  // 2 x 1 + 6 x 1 over 2 s
  REQUIRE(pts.size() == 5);
  CHECK(pts[0].value == 4);
  CHECK(pts[1].value == 6);
  CHECK(pts[2].value == 2);
  CHECK(pts[3].value == 2);
  CHECK(pts[4].value == 4);
  CHECK(value(r.measurements(sim::from_seconds(30)), "len_integral") == 8);
}

TEST_CASE("recorder integral of a fractional level (power to energy) and a long horizon stay exact") {
  sim::Recorder r;
  const sim::SignalId power = r.level("gpu", "power", 312.5);
  const sim::SignalId users = r.level("s", "users", 123456789);
  r.keep(power, Statistic::Integral, "energy_j", "J");
  r.keep(users, Statistic::Integral, "user_seconds", "users s");
  r.series(users, sim::SeriesMode::TimeMeanPerStep, "users_step_mean");
  r.set_level(power, sim::from_seconds(3600), 87.25);
  CHECK(value(r.measurements(sim::from_seconds(5400)), "energy_j") == 312.5 * 3600 + 87.25 * 1800);
  // A year at nanosecond ticks, then one hour at a much smaller level: the hour's mean is read
  // from the difference of two integrals of ~3.9e24 level x ticks; as doubles (ulp 2^29 there)
  // that difference would be off by up to ~5e-5 relative, here it is exact.
  const sim::SimTime year = sim::from_seconds(365 * 86400.0);
  std::vector<sim::SeriesPoint> pts;
  r.sample(year, pts);
  r.set_level(users, year, 3);
  r.sample(year + sim::from_seconds(3600), pts);
  REQUIRE(pts.size() == 2);
  CHECK(pts[0].value == 123456789);
  CHECK(pts[1].value == 3);
  CHECK(value(r.measurements(year + sim::from_seconds(3600)), "user_seconds") == 123456789.0 * 365 * 86400 + 3 * 3600);
}

TEST_CASE("recorder sum per second counts from the last restart") {
  sim::Recorder r;
  const sim::SignalId tokens = r.observation("s", "tokens");
  r.keep(tokens, Statistic::SumPerSecond, "tokens_per_s", "tokens/s");
  CHECK(value(r.measurements(0), "tokens_per_s") == 0);  // no time measured yet
  r.emit(tokens, 100);
  r.restart(sim::from_seconds(10));  // the warm-up's 100 tokens are forgotten
  r.emit(tokens, 30);
  r.emit(tokens, 50);
  CHECK(value(r.measurements(sim::from_seconds(30)), "tokens_per_s") == 4.0);  // 80 over 20 s
}

TEST_CASE("recorder quantiles P50 to P999 of a known sample, within the sketch's bound") {
  sim::Recorder r;
  const sim::SignalId x = r.observation("s", "x");
  const std::vector<std::pair<Statistic, const char*>> stats{
      {Statistic::P50, "p50"}, {Statistic::P90, "p90"}, {Statistic::P95, "p95"}, {Statistic::P99, "p99"}, {Statistic::P999, "p999"}};
  for (const auto& [stat, name] : stats) r.keep(x, stat, name, "s");
  // 1, 2, ..., 2000 seconds, in a scrambled order (a multiplier coprime with 2000).
  for (int i = 0; i < 2000; ++i) r.emit(x, static_cast<double>((i * 7 + 3) % 2000 + 1));
  const auto ms = r.measurements(0);
  // Nearest rank: the ceil(q n)-th smallest value, which is ceil(q n) itself here.
  const std::vector<std::pair<const char*, double>> exact{{"p50", 1000}, {"p90", 1800}, {"p95", 1900}, {"p99", 1980}, {"p999", 1998}};
  for (const auto& [name, want] : exact) {
    CAPTURE(name);
    CHECK(std::abs(value(ms, name) - want) <= want * sim::QuantileSketch::kRelativeError);
  }
  // Values in different buckets of the sketch come out in order.
  CHECK(value(ms, "p95") < value(ms, "p99"));
  CHECK(value(ms, "p99") < value(ms, "p999"));
}

TEST_CASE("recorder refuses level statistics of observations") {
  sim::Recorder r;
  const sim::SignalId x = r.observation("s", "x");
  CHECK_THROWS_AS(r.keep(x, Statistic::Integral, "i", ""), std::logic_error);
  CHECK_THROWS_AS(r.keep(x, Statistic::TimeMean, "m", ""), std::logic_error);
  CHECK_THROWS_AS(r.series(x, sim::SeriesMode::TimeMeanPerStep, "m"), std::logic_error);
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
