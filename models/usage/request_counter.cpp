#include "models/usage/request_counter.hpp"

namespace capsim::models {

RequestCounter::RequestCounter(sim::Recorder& recorder, const std::string& scope, const std::vector<std::string>& class_scopes)
    : rec_(&recorder) {
  std::vector<std::string> scopes{scope};
  scopes.insert(scopes.end(), class_scopes.begin(), class_scopes.end());
  for (const std::string& s : scopes) {
    Signals sig{recorder.observation(s, "prompt_tokens"), recorder.observation(s, "output_tokens")};
    recorder.keep(sig.prompt, sim::Statistic::Count, "requests", "requests");
    recorder.keep(sig.prompt, sim::Statistic::Sum, "prompt_tokens", "tokens");
    recorder.keep(sig.output, sim::Statistic::Sum, "output_tokens", "tokens");
    recorder.series(sig.prompt, sim::SeriesMode::RatePerSecond, "requests_per_s");
    signals_.push_back(sig);
  }
}

}  // namespace capsim::models
