// When admitted users start sessions.
//
// Every admitted user starts sessions as a Poisson process (rate sessions_per_day x the class's
// usage_scale, modulated by the diurnal clock) while not in a session. Rather than one pending
// event per user (millions), the service keeps one: the superposition of all users' processes,
// drawn at the total rate; each start picks a user (class by weight, then uniformly) and is
// dropped if that user is in a session -- exact thinning of the idle users' processes. When the
// number of users changes the pending start is redrawn, which is exact by memorylessness.
//
// The users are read at random from arrays of hundreds of megabytes, so each start would wait
// for two cache misses (the member list, then the user). The stream is read ahead instead
// (sim::LookaheadRng): while the users stay the same, the next two starts' picks are known
// now, and their memory is prefetched -- the member two starts ahead, the user one ahead. The
// draws themselves are unchanged.
#pragma once

#include <cstdint>
#include <vector>

#include "models/demand/demand_config.hpp"
#include "models/demand/modulation.hpp"
#include "models/service/service_parts.hpp"
#include "models/usage/usage_config.hpp"
#include "sim/event.hpp"
#include "sim/lookahead_rng.hpp"
#include "sim/random_streams.hpp"

namespace capsim::models {

class SessionGenerator {
 public:
  enum class Kind : std::uint8_t { SessionStart };

  SessionGenerator(const UsageConfig& usage, const std::vector<UserClass>& classes, sim::EventPort port,
                   const sim::RandomStreams& streams, const std::string& service);
  void wire(const ServiceParts& parts) { parts_ = parts; }
  void handle(const sim::Event& e);

  // Redraws the pending session start after the number of users changed.
  void reschedule();

 private:
  void on_session_start();
  double usage_weight() const;  // sum over classes of users x usage_scale
  void draw_next_start();
  // The next start's user: class by weight, then uniformly within it (-1 if that class is empty).
  template <class Engine>
  std::int64_t draw_user_position(Engine& engine, std::size_t& cls) const;
  void prefetch_next_starts();

  sim::EventPort port_;
  ServiceParts parts_;
  double sessions_per_day_;
  std::vector<double> usage_scale_;  // per class
  Modulation clock_;
  sim::LookaheadRng rng_;
  sim::EventHandle next_;
  struct Pick {
    std::int64_t position = -1;  // in the class's member list; -1: none
    std::size_t cls = 0;
  };
  Pick two_ahead_;  // what the last prefetch_next_starts() found for the start two ahead
};

}  // namespace capsim::models
