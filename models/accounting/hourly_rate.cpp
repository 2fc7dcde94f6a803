#include "models/accounting/hourly_rate.hpp"

#include <numeric>
#include <stdexcept>

namespace capsim::models {

HourlyRate::HourlyRate(std::vector<double> values) : values_(std::move(values)) {
  if (values_.empty()) throw std::invalid_argument("HourlyRate needs at least one value");
  cumulative_.assign(values_.size() + 1, 0.0);
  for (std::size_t h = 0; h < values_.size(); ++h) cumulative_[h + 1] = cumulative_[h] + values_[h];
}

double HourlyRate::hours_before(sim::SimTime cell) const {
  const auto n = static_cast<sim::SimTime>(values_.size());
  return static_cast<double>(cell / n) * cumulative_.back() + cumulative_[static_cast<std::size_t>(cell % n)];  // NOLINT(bugprone-integer-division): whole cycles
}

double HourlyRate::integral(sim::SimTime a, sim::SimTime b) const {
  if (constant()) return values_[0] * sim::to_seconds(b - a);
  const sim::SimTime first = a / kHour, last = b / kHour;
  if (first == last) return at(a) * sim::to_seconds(b - a);
  // The rest of a's hour, the whole hours between, the start of b's hour.
  const double head = at(a) * sim::to_seconds((first + 1) * kHour - a);
  const double tail = at(b) * sim::to_seconds(b - last * kHour);
  const double whole = (hours_before(last) - hours_before(first + 1)) * 3600.0;
  return head + whole + tail;
}

std::uint64_t HourlyRate::product_hours(const HourlyRate& a, const HourlyRate& b) {
  return std::lcm(static_cast<std::uint64_t>(a.hours()), static_cast<std::uint64_t>(b.hours()));
}

HourlyRate HourlyRate::times(const HourlyRate& other) const {
  const std::uint64_t n = product_hours(*this, other);
  if (n > kMaxHours) throw std::invalid_argument("the product of two hourly profiles repeats only after more than a million hours");
  std::vector<double> out(static_cast<std::size_t>(n));
  for (std::size_t h = 0; h < out.size(); ++h) out[h] = values_[h % values_.size()] * other.values_[h % other.values_.size()];
  return HourlyRate(std::move(out));
}

double HourlyRate::mean() const { return cumulative_.back() / static_cast<double>(values_.size()); }

}  // namespace capsim::models
