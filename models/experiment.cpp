#include "models/experiment.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

namespace capsim::models {

std::vector<RunResult> run_replications(const Scenario& scenario, int threads, const ExperimentProgress* progress) {
  const int n = scenario.replications;
  std::vector<RunResult> results(static_cast<std::size_t>(n));
  std::unique_ptr<ReplicationProgress[]> done(new ReplicationProgress[static_cast<std::size_t>(n)]);
  std::atomic<int> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;

  const int workers = std::max(1, std::min(threads, n));
  std::atomic<int> running{workers};
  std::mutex done_mutex;
  std::condition_variable done_cv;
  auto worker = [&] {
    for (int i = next++; i < n; i = next++) {
      try {
        results[static_cast<std::size_t>(i)] = run_replication(scenario, i, &done[i]);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = n;  // start nothing new
      }
    }
    {
      std::lock_guard lock(done_mutex);
      --running;
    }
    done_cv.notify_all();
  };

  std::vector<std::thread> pool;
  for (int w = 1; w < workers; ++w) pool.emplace_back(worker);
  if (progress && progress->report) {
    // The calling thread reports while one more thread works in its place.
    pool.emplace_back(worker);
    const auto period = std::chrono::duration<double>(progress->period_s);
    for (;;) {
      {
        std::unique_lock lock(done_mutex);
        if (done_cv.wait_for(lock, period, [&] { return running.load() == 0; })) break;
      }
      double sum = 0;
      std::uint64_t events = 0;
      for (int i = 0; i < n; ++i) {
        sum += done[i].fraction.load(std::memory_order_relaxed);
        events += done[i].events.load(std::memory_order_relaxed);
      }
      progress->report(sum / n, events);
    }
  } else {
    worker();
  }
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  return results;
}

}  // namespace capsim::models
