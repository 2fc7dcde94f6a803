// A pool of identical replicas, each serving one request at a time for a service time drawn
// from a distribution (`fixed` serving), with one FIFO queue in front of them: an M/G/c queue
// of requests. A request that finds `queue_limit` requests waiting is rejected ("at capacity").
// Answers go back through the request path (models/usage/request.hpp): first token and finish
// are both the end of service, since a fixed service time says nothing of tokens.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/serving/serving_config.hpp"
#include "models/usage/request.hpp"
#include "sim/distribution.hpp"
#include "sim/event.hpp"
#include "sim/random_streams.hpp"
#include "sim/recorder.hpp"

namespace capsim::models {

class FixedServicePool final : public RequestSink {
 public:
  enum class Kind : std::uint8_t { Completion };

  FixedServicePool(const PoolConfig& config, sim::EventPort port, sim::Recorder& recorder, const sim::RandomStreams& streams);
  FixedServicePool(const FixedServicePool&) = delete;
  FixedServicePool& operator=(const FixedServicePool&) = delete;

  void submit(const Request& request, RequestListener& listener) override;
  void handle(const sim::Event& e);

 private:
  struct Held {
    Request request;
    RequestListener* listener = nullptr;
  };
  // A FIFO of waiting requests in a power-of-two ring: no allocation once grown.
  class Queue {
   public:
    std::size_t size() const { return count_; }
    void push(const Held& h);
    Held pop();

   private:
    std::vector<Held> ring_;
    std::size_t head_ = 0, count_ = 0;
  };
  struct Signals {
    sim::SignalId submitted, rejected, queue_wait, e2e, busy, queued;
  };

  void start(std::uint32_t replica, const Held& held);
  void on_completion(std::uint32_t replica);
  void set_levels();

  const PoolConfig* cfg_;
  sim::EventPort port_;
  sim::Recorder* rec_;
  Signals sig_;
  sim::Distribution service_time_;
  sim::Rng rng_;
  std::vector<Held> serving_;                // per replica: the request in service
  std::vector<std::uint32_t> idle_;          // idle replicas (a stack)
  Queue queue_;
};

}  // namespace capsim::models
