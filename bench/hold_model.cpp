// The classic hold model through the kernel API: `pending` events in the list; each event,
// when it runs, schedules one more at now + Exp(1). Measures events per second of the event
// list plus clock (one Boost exponential draw per event included, as in the reference figures).
//
//   capsim_bench_hold [events=10000000] [pending=1000] [repetitions=5]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include "sim/random_streams.hpp"
#include "sim/simulator.hpp"

namespace {

struct Token {
  std::uint32_t id;
};

double run_once(std::uint64_t events, std::uint32_t pending, std::uint64_t seed) {
  using namespace capsim::sim;
  Simulator<Token> sim;
  Rng rng(seed);
  boost::random::exponential_distribution<double> exp1(1.0);
  for (std::uint32_t i = 0; i < pending; ++i) sim.schedule_at(from_seconds(exp1(rng)), Token{i});
  // Warm the pools up to their peak before timing.
  std::uint64_t done = 0;
  auto handler = [&](const Token& t) {
    sim.schedule_in(from_seconds(exp1(rng)), t);
    if (++done == events) sim.stop();
  };
  const auto start = std::chrono::steady_clock::now();
  sim.run_until(kTimeNever - 1, handler);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (sim.events_executed() != events) std::abort();
  return wall;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
    const auto pending = static_cast<std::uint32_t>(argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 1000);
    const int reps = argc > 3 ? std::atoi(argv[3]) : 5;
    std::vector<double> rates;
    for (int r = 0; r < reps; ++r) {
      const double wall = run_once(events, pending, 42 + static_cast<std::uint64_t>(r));
      rates.push_back(static_cast<double>(events) / wall);
      std::printf("hold pending=%u events=%llu wall_s=%.3f events_per_s=%.0f\n", pending,
                  static_cast<unsigned long long>(events), wall, rates.back());
    }
    std::sort(rates.begin(), rates.end());
    std::printf("hold pending=%u median_events_per_s=%.0f\n", pending, rates[rates.size() / 2]);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "capsim_bench_hold: %s\n", e.what());
    return 1;
  }
}
