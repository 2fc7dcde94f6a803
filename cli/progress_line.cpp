#include "cli/progress_line.hpp"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace capsim::cli {

ProgressLine::ProgressLine(std::string label, bool quiet)
    : label_(std::move(label)), quiet_(quiet), tty_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}

void ProgressLine::update(double fraction, std::uint64_t events) {
  if (quiet_) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(events) / elapsed : 0;
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  const std::string line =
      fmt::format("capsim {}: {:5.1f}% of simulated time, {:.3g} events/s, ETA {:.0f}s", label_, 100 * fraction, rate, eta);
  if (tty_) fmt::print(stderr, "\r{}\x1b[K", line);
  else fmt::print(stderr, "{}\n", line);
  std::fflush(stderr);
}

void ProgressLine::finish(std::uint64_t events) {
  if (quiet_) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::string line = fmt::format("capsim {}: done, {} events in {:.2f}s", label_, events, elapsed);
  if (tty_) fmt::print(stderr, "\r{}\x1b[K\n", line);
  else fmt::print(stderr, "{}\n", line);
}

}  // namespace capsim::cli
