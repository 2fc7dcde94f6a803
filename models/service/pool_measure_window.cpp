#include "models/service/pool_measure_window.hpp"

#include <algorithm>
#include <cmath>

namespace capsim::models {

void PoolMeasureWindow::watch(PoolWindowTotals& load, FeedbackMeasure measure, std::size_t rounds) {
  load_ = &load;
  load.enable();
  measure_ = measure;
  samples_.assign(rounds + 1, Sample{});  // slot 0: time 0, all totals 0
  if (measure == FeedbackMeasure::TtftP99) counts_.assign((rounds + 1) * TtftHistogram::kBuckets, 0);
  newest_ = 0;
  filled_ = 1;
}

double PoolMeasureWindow::at_round(sim::SimTime now) {
  const std::size_t size = samples_.size();
  newest_ = (newest_ + 1) % size;
  filled_ = std::min(filled_ + 1, size);
  const std::size_t oldest = (newest_ + size - (filled_ - 1)) % size;
  samples_[newest_] = Sample{now, load_->busy_share_seconds(now), load_->queued_request_seconds(now)};
  const Sample& a = samples_[oldest];
  const Sample& b = samples_[newest_];
  const double span = sim::to_seconds(b.at - a.at);
  switch (measure_) {
    case FeedbackMeasure::Utilization: return span > 0 ? (b.busy - a.busy) / span : 0;
    case FeedbackMeasure::QueueLength: return span > 0 ? (b.queued - a.queued) / span : 0;
    case FeedbackMeasure::TtftP99: {
      const auto& counts = load_->ttft().counts();
      std::copy(counts.begin(), counts.end(), counts_.begin() + static_cast<std::ptrdiff_t>(newest_ * TtftHistogram::kBuckets));
      return ttft_p99(oldest, newest_);
    }
    case FeedbackMeasure::ActiveSessions:
    case FeedbackMeasure::RequestRate: break;
  }
  return 0;
}

// Nearest rank: the smallest bucket with at least ceil(0.99 n) of the window's n first tokens
// at or below it.
double PoolMeasureWindow::ttft_p99(std::size_t oldest, std::size_t newest) {
  const std::uint64_t* a = &counts_[oldest * TtftHistogram::kBuckets];
  const std::uint64_t* b = &counts_[newest * TtftHistogram::kBuckets];
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < TtftHistogram::kBuckets; ++i) n += b[i] - a[i];
  if (n == 0) return last_p99_;
  const auto rank = static_cast<std::uint64_t>(std::ceil(0.99 * static_cast<double>(n)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < TtftHistogram::kBuckets; ++i) {
    seen += b[i] - a[i];
    if (seen >= rank) return last_p99_ = TtftHistogram::value(i);
  }
  return last_p99_;
}

}  // namespace capsim::models
