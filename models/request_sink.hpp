// Where admitted users' requests go. Until the serving model exists, a counter: it records
// how many requests and tokens each service receives. The serving model plugs in here:
// submit(Request) is its entry point, called once per request at the request's time.
#pragma once

#include <cstdint>
#include <string>

#include "sim/recorder.hpp"
#include "sim/time.hpp"

namespace capsim::models {

struct Request {
  sim::SimTime time = 0;
  std::uint32_t user = 0;
  std::uint16_t service = 0;
  std::uint16_t cls = 0;
  double prompt_tokens = 0;
  double output_tokens = 0;
};

class RequestCounter {
 public:
  RequestCounter(sim::Recorder& recorder, const std::string& scope);
  void submit(const Request& r) {
    rec_->emit(prompt_, r.prompt_tokens);
    rec_->emit(output_, r.output_tokens);
  }

 private:
  sim::Recorder* rec_;
  sim::SignalId prompt_, output_;
};

}  // namespace capsim::models
