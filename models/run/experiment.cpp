#include "models/run/experiment.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <numeric>
#include <thread>

namespace capsim::models {

std::vector<RunResult> run_replications(const Scenario& scenario, int threads, const ExperimentProgress* progress) {
  ExperimentOptions options;
  options.threads = threads;
  options.progress = progress;
  return run_replications(scenario, options);
}

std::vector<RunResult> run_replications(const Scenario& scenario, const ExperimentOptions& options) {
  std::vector<int> todo = options.replications;
  if (todo.empty()) {
    todo.resize(static_cast<std::size_t>(scenario.replications));
    std::iota(todo.begin(), todo.end(), 0);
  }
  const int n = static_cast<int>(todo.size());
  std::vector<RunResult> results(todo.size());
  std::unique_ptr<ReplicationProgress[]> done(new ReplicationProgress[todo.size()]);
  std::atomic<int> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex, finished_mutex;

  const int workers = std::max(1, std::min(options.threads, n));
  std::atomic<int> running{workers};
  std::mutex done_mutex;
  std::condition_variable done_cv;
  auto worker = [&] {
    for (int i = next++; i < n; i = next++) {
      try {
        RunResult r = run_replication(scenario, todo[static_cast<std::size_t>(i)], {&done[i], options.stop, options.max_events});
        if (r.completed && options.on_finished) {
          std::lock_guard lock(finished_mutex);
          options.on_finished(r);
        }
        results[static_cast<std::size_t>(i)] = std::move(r);
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
  const ExperimentProgress* progress = options.progress;
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
  std::vector<RunResult> completed;
  for (RunResult& r : results)
    if (r.completed) completed.push_back(std::move(r));
  return completed;
}

}  // namespace capsim::models
