#include "models/request_sink.hpp"

namespace capsim::models {

RequestCounter::RequestCounter(sim::Recorder& recorder, const std::string& scope)
    : rec_(&recorder), prompt_(recorder.observation(scope, "prompt_tokens")), output_(recorder.observation(scope, "output_tokens")) {
  recorder.keep(prompt_, sim::Statistic::Count, "requests", "requests");
  recorder.keep(prompt_, sim::Statistic::Sum, "prompt_tokens", "tokens");
  recorder.keep(output_, sim::Statistic::Sum, "output_tokens", "tokens");
  recorder.series(prompt_, sim::SeriesMode::RatePerSecond, "requests_per_s");
}

}  // namespace capsim::models
