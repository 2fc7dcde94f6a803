// "No allocation per event": a replication ten times longer makes (almost) no more heap
// allocations once the pools have grown. Counted by replacing the global operator new, which
// AddressSanitizer also replaces: under it the test is left out (it is about the release build).
#if !defined(__SANITIZE_ADDRESS__)
#include <atomic>
#include <cstdlib>
#include <new>

#include <doctest/doctest.h>

#include "models/run/replication.hpp"
#include "models/config/scenario_loader.hpp"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

TEST_CASE("a replication allocates per pool growth, not per event") {
  const char* yaml = R"(name: alloc
horizon: 1000s
output: {interval: 100s}
services:
  - name: chat
    signups: {process: poisson, rate: 9/s}
    waitlist: {capacity: 10, patience: {dist: exponential, mean: 2s}}
    usage: {lifetime: {dist: exponential, mean: 1s}}
)";
  auto allocations_for = [&](const char* horizon, const char* interval, std::uint64_t& events) {
    const capsim::models::Scenario s =
        capsim::models::load_scenario_text(yaml, "alloc.yaml", {{"horizon", horizon}, {"output.interval", interval}});
    const std::uint64_t before = g_allocations.load();
    const capsim::models::RunResult r = capsim::models::run_replication(s, 0);
    events = r.events;
    return g_allocations.load() - before;
  };
  std::uint64_t short_events = 0, long_events = 0;
  const std::uint64_t short_allocs = allocations_for("10000s", "100s", short_events);
  const std::uint64_t long_allocs = allocations_for("100000s", "1000s", long_events);
  INFO("short: " << short_events << " events, " << short_allocs << " allocations; long: " << long_events << " events, "
                 << long_allocs << " allocations");
  CHECK(long_events > 9 * short_events);
  CHECK(long_allocs < short_allocs + 50);  // a few more doublings of the pools at most
  CHECK(long_allocs < long_events / 1000);
}

#endif  // !__SANITIZE_ADDRESS__
