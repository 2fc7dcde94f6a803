// The turns of a session: each turn is a request (token lengths from distributions or a
// trace's rows, at random or in order) sent to the service's RequestSink, unless a turn cap in force ends the session. The
// next turn follows the answer by the user's think time; a request that is rejected or times
// out ends the session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/service/service_parts.hpp"
#include "models/usage/request.hpp"
#include "models/service/service_config.hpp"
#include "models/usage/usage_config.hpp"
#include "sim/distribution.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"
#include "sim/schedule.hpp"

namespace capsim::models {

class TurnGenerator final : public RequestListener {
 public:
  enum class Kind : std::uint8_t { Turn, Retry };

  TurnGenerator(const ServiceConfig& service, std::uint16_t index, RequestSink& sink, sim::EventPort port,
                const sim::RandomStreams& streams);
  void wire(const ServiceParts& parts) { parts_ = parts; }
  void handle(const sim::Event& e);

  // An idle user starts a session: draws its number of turns and takes the first.
  void start_session(std::uint32_t user);
  void on_outcome(const RequestOutcome& outcome) override;

 private:
  void on_turn(std::uint32_t user);
  void send(std::uint32_t user);  // the turn in progress, as its attempt
  void end_session(std::uint32_t user);
  void record(const RequestOutcome& outcome, std::uint16_t cls, bool known_class);

  const UsageConfig* cfg_;
  std::uint16_t service_;
  RequestSink* sink_;
  sim::EventPort port_;
  ServiceParts parts_;
  sim::Distribution turns_, think_, prompt_, output_;
  std::optional<sim::Distribution> timeout_, retry_delay_;
  double retry_probability_;
  bool served_;  // by a pool: latencies and failures are recorded
  std::optional<double> slo_ttft_s_, slo_tpot_s_;
  sim::Rng turn_rng_, token_rng_, timeout_rng_, retry_rng_;
  sim::Schedule<TurnCaps> caps_;  // before the first entry: no caps
  sim::Schedule<TurnCaps>::Cursor caps_cursor_;
  // usage.carry_context: each user's session so far (prompts and outputs), by user slot; grown
  // when a slot beyond it first starts a session (amortised, not per event).
  std::vector<std::uint32_t> context_;
  std::size_t next_row_ = 0;  // token_trace_order in_order: the row the next request takes
};

}  // namespace capsim::models
