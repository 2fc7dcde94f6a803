// While alive, SIGINT and SIGTERM set a flag (instead of killing the process) that the
// replications poll, so a run stops cleanly and keeps what finished. A second signal of the
// same kind kills the process as usual.
#pragma once

#include <atomic>

namespace capsim::cli {

class StopOnSignal {
 public:
  StopOnSignal();
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;
  const std::atomic<bool>& flag() const;
};

}  // namespace capsim::cli
