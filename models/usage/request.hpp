// The request path between the people who ask and whatever answers them.
//
// A turn generator submits a Request to a RequestSink and gets it back through its
// RequestListener: completed (with the times of the first token and of the last), rejected
// ("at capacity") or timed out. Requests are addressed by a generational id, so an answer for a
// user who has meanwhile left (a recycled slot) is recognised as stale. The zero-latency
// RequestCounter (request_counter.hpp) answers at once; a serving pool answers later, from its
// own events. One virtual call per request and per answer, never per event of the engine.
#pragma once

#include <cstdint>

#include "sim/time.hpp"

namespace capsim::models {

struct RequestId {
  std::uint32_t index = 0;       // the asker's slot (an admitted user)
  std::uint32_t generation = 0;  // of that slot when the request was made
  friend bool operator==(RequestId, RequestId) = default;
};

struct Request {
  RequestId id;
  sim::SimTime time = 0;       // submitted at
  std::uint16_t service = 0;
  std::uint16_t cls = 0;       // class of the user
  std::uint16_t attempt = 0;   // 0: the turn's first try; n: its n-th retry
  double prompt_tokens = 0;
  double output_tokens = 0;
  // Of prompt_tokens, those that are the session's earlier prompts and outputs (usage.carry_context).
  double context_tokens = 0;
  // The user gives up if the first token has not come by then (kTimeNever: never): whoever
  // serves answers TimedOut at that time and drops the request.
  sim::SimTime give_up_at = sim::kTimeNever;
};

enum class RequestStatus : std::uint8_t { Completed, Rejected, TimedOut };

struct RequestOutcome {
  RequestId id;
  RequestStatus status = RequestStatus::Completed;
  sim::SimTime first_token = 0;  // Completed: when the first output token was out
  sim::SimTime finish = 0;       // when the answer came back (completed, rejected or given up)
  sim::SimTime submitted = 0;    // the request's time
  double output_tokens = 0;      // the request's
};

// The answer to `request`: completed with its first token and finish times, or rejected / timed
// out now (`first_token` is then `finish`).
inline RequestOutcome answer(const Request& request, RequestStatus status, sim::SimTime first_token, sim::SimTime finish) {
  return RequestOutcome{request.id, status, first_token, finish, request.time, request.output_tokens};
}

class RequestListener {
 public:
  virtual void on_outcome(const RequestOutcome& outcome) = 0;

 protected:
  ~RequestListener() = default;
};

class RequestSink {
 public:
  // Takes the request; the outcome reaches `listener` once, now or later.
  virtual void submit(const Request& request, RequestListener& listener) = 0;

 protected:
  ~RequestSink() = default;
};

}  // namespace capsim::models
