// Plain configuration of a waitlist: its admission policy, order, capacity and patience.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "models/accounting/clean_hours.hpp"
#include "sim/distribution.hpp"

namespace capsim::models {

enum class Policy { Open, Fifo, Priority, Lottery, Waves, Feedback };
enum class QueueOrder { Fifo, Priority, Lottery };
// The first two are the service's own; the others its serving pool's, over the same window.
enum class FeedbackMeasure { ActiveSessions, RequestRate, TtftP99, Utilization, QueueLength };
constexpr bool watches_pool(FeedbackMeasure m) { return m != FeedbackMeasure::ActiveSessions && m != FeedbackMeasure::RequestRate; }

struct Referral {
  int invites = 0;
  sim::Distribution delay_s = sim::Distribution::deterministic(0);
  double accept = 1;
};

struct WaitlistConfig {
  Policy policy = Policy::Fifo;
  QueueOrder order = QueueOrder::Fifo;               // who goes first (from the policy or `order`)
  std::optional<std::int64_t> capacity;              // absent: no slot limit
  std::vector<std::pair<double, std::int64_t>> capacity_schedule;  // (from s, capacity)
  std::optional<std::int64_t> capacity_per_replica;  // capacity = this x the serving pool's replicas in service
  std::optional<std::int64_t> max_waiting;           // absent: unlimited
  std::optional<sim::Distribution> patience_s;       // absent: nobody gives up
  double every_s = 0;                                // waves, feedback
  std::vector<std::pair<double, std::int64_t>> wave_sizes;  // (from s, size); a constant size is one entry at 0
  std::int64_t batch = 0;                            // feedback
  FeedbackMeasure measure = FeedbackMeasure::ActiveSessions;
  double window_s = 0, target = 0;                   // feedback
  std::optional<Referral> referral;
  std::optional<CleanHoursRule> carbon;              // waves: a wave due in a dirty hour waits for a clean one
};

}  // namespace capsim::models
