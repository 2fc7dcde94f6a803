// How many replicas of a pool are serving now, for whatever follows the fleet (an admission
// capacity given per replica), and a way to hear when that number changes (a failure, a repair,
// a reservation).
#pragma once

#include <cstdint>

namespace capsim::models {

class CapacityWatcher {
 public:
  virtual void on_serving_replicas_changed() = 0;

 protected:
  ~CapacityWatcher() = default;
};

class ServingCapacity {
 public:
  virtual std::int64_t serving_replicas() const = 0;
  virtual void watch(CapacityWatcher& watcher) = 0;

 protected:
  ~ServingCapacity() = default;
};

}  // namespace capsim::models
