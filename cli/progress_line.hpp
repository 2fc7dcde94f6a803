// Progress on stderr: one rewritten line on a terminal, a plain line every few seconds
// otherwise (logs, Slurm), nothing with --quiet. Never on stdout.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace capsim::cli {

class ProgressLine {
 public:
  ProgressLine(std::string label, bool quiet);
  void update(double fraction, std::uint64_t events);
  void finish(std::uint64_t events);
  // Seconds between reports (short on a terminal, longer in a log).
  double period_s() const { return tty_ ? 0.25 : 5.0; }

 private:
  std::string label_;
  bool quiet_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace capsim::cli
