// Counts each request and its tokens (under the service's scope and, when reported per class,
// the class's) -- first tries only: a retry is the same turn asked again -- then passes it on to the sink that serves it -- or, with none (the default, as
// before serving exists), answers it as completed at once: the zero-latency sink, with which a
// session's next turn follows its think time from the submission.
#pragma once

#include <string>
#include <vector>

#include "models/usage/request.hpp"
#include "sim/recorder.hpp"

namespace capsim::models {

class RequestCounter final : public RequestSink {
 public:
  // `scope`: the service; `class_scopes`: one per class when per-class metrics are reported.
  RequestCounter(sim::Recorder& recorder, const std::string& scope, const std::vector<std::string>& class_scopes);

  // Requests go on to `next` (nullptr: answered at once).
  void set_next(RequestSink* next) { next_ = next; }

  void submit(const Request& r, RequestListener& listener) override {
    if (r.attempt == 0) {
      record(0, r);
      if (signals_.size() > 1) record(1 + r.cls, r);
    }
    if (next_) {
      next_->submit(r, listener);
    } else {
      listener.on_outcome(answer(r, RequestStatus::Completed, r.time, r.time));
    }
  }

 private:
  struct Signals {
    sim::SignalId prompt, output;
  };
  void record(std::size_t scope, const Request& r) {
    rec_->emit(signals_[scope].prompt, r.prompt_tokens);
    rec_->emit(signals_[scope].output, r.output_tokens);
  }

  sim::Recorder* rec_;
  std::vector<Signals> signals_;  // [0]: the service; [1 + c]: class c
  RequestSink* next_ = nullptr;
};

}  // namespace capsim::models
