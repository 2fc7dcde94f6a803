#include "models/service/turn_generator.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "models/service/admitted_users.hpp"
#include "models/service/service_stats.hpp"

namespace capsim::models {
namespace {

// Token lengths are whole numbers >= 0 (rounded draws, trace rows); a draw past 4e9 is capped.
std::uint32_t whole_tokens(double x) { return static_cast<std::uint32_t>(std::min(x, 4e9)); }

std::vector<sim::Schedule<TurnCaps>::Entry> caps_from(const std::vector<TurnCaps>& caps) {
  std::vector<sim::Schedule<TurnCaps>::Entry> entries;
  entries.reserve(caps.size());
  for (const TurnCaps& c : caps) entries.push_back({c.from_s, c});
  return entries;
}

}  // namespace

TurnGenerator::TurnGenerator(const ServiceConfig& service, std::uint16_t index, RequestSink& sink, sim::EventPort port,
                             const sim::RandomStreams& streams)
    : cfg_(&service.usage),
      service_(index),
      sink_(&sink),
      port_(port),
      turns_(service.usage.turns_per_session),
      think_(service.usage.think_time_s),
      prompt_(service.usage.prompt_tokens),
      output_(service.usage.output_tokens),
      timeout_(service.timeout_s),
      retry_delay_(service.retry_delay_s),
      retry_probability_(service.retry_probability),
      served_(service.served()),
      slo_ttft_s_(service.slo_ttft_s),
      slo_tpot_s_(service.slo_tpot_s),
      turn_rng_(streams.stream(service.name + "/turns")),
      token_rng_(streams.stream(service.name + "/tokens")),
      timeout_rng_(streams.stream(service.name + "/timeouts")),
      retry_rng_(streams.stream(service.name + "/retries")),
      caps_(TurnCaps{}, caps_from(service.usage.caps)) {}

void TurnGenerator::handle(const sim::Event& e) {
  switch (static_cast<Kind>(e.kind)) {
    case Kind::Turn: on_turn(e.entity); return;
    case Kind::Retry: send(e.entity); return;
  }
  sim::unknown_event(e, "TurnGenerator");
}

void TurnGenerator::start_session(std::uint32_t user) {
  ActiveUser& u = (*parts_.users)[user];
  u.turns_left = static_cast<std::uint32_t>(std::max(1.0, std::round(turns_.sample(turn_rng_))));
  u.session_turns = 0;
  if (cfg_->carry_context) {
    if (user >= context_.size()) context_.resize(std::max<std::size_t>(user + 1, 2 * context_.size()));
    context_[user] = 0;
  }
  u.in_session = true;
  parts_.stats->emit(&ServiceSignals::session, u.cls, 1.0);
  parts_.stats->add_sessions(u.cls, +1, port_.now());
  on_turn(user);
}

void TurnGenerator::on_turn(std::uint32_t user) {
  ActiveUser& u = (*parts_.users)[user];
  const double now = sim::to_seconds(port_.now());
  const auto day = static_cast<std::uint32_t>(now / kSecondsPerDay);
  if (day != u.day) {
    u.day = day;
    u.day_turns = 0;
  }
  const TurnCaps& cap = caps_.value_at(now, caps_cursor_);  // TurnCaps{} before the first: no limit
  if (u.session_turns >= cap.per_session || u.day_turns >= cap.per_day) {
    parts_.stats->emit(&ServiceSignals::capped, u.cls, 1.0);
    end_session(user);
    return;
  }
  if (!cfg_->token_pairs.empty()) {
    std::size_t row = 0;
    if (cfg_->token_trace_in_order) {
      row = next_row_;
      next_row_ = (next_row_ + 1) % cfg_->token_pairs.size();
    } else {
      row = boost::random::uniform_int_distribution<std::size_t>(0, cfg_->token_pairs.size() - 1)(token_rng_);
    }
    const auto& [prompt, output] = cfg_->token_pairs[row];
    u.prompt_tokens = whole_tokens(prompt);
    u.output_tokens = whole_tokens(output);
  } else {
    u.prompt_tokens = whole_tokens(std::max(0.0, std::round(prompt_.sample(token_rng_))));
    u.output_tokens = whole_tokens(std::max(1.0, std::round(output_.sample(token_rng_))));
  }
  u.attempt = 0;
  parts_.stats->count_request();
  ++u.session_turns;
  ++u.day_turns;
  send(user);
}

void TurnGenerator::send(std::uint32_t user) {
  const ActiveUser& u = (*parts_.users)[user];
  const double context = cfg_->carry_context ? static_cast<double>(context_[user]) : 0.0;
  Request r{parts_.users->id_of(user), port_.now(), service_, u.cls, u.attempt, static_cast<double>(u.prompt_tokens) + context,
            static_cast<double>(u.output_tokens), context};
  if (timeout_) r.give_up_at = port_.now() + sim::from_seconds(timeout_->sample(timeout_rng_));
  sink_->submit(r, *this);
}

void TurnGenerator::on_outcome(const RequestOutcome& outcome) {
  ActiveUser* u = parts_.users->find(outcome.id);
  if (served_) record(outcome, u ? u->cls : std::uint16_t{0}, u != nullptr);
  if (!u || !u->in_session) return;  // the user left while the request was out
  if (outcome.status == RequestStatus::Completed) {
    if (cfg_->carry_context) {  // the next turn carries this one's prompt and output (saturating)
      std::uint32_t& held = context_[outcome.id.index];
      held = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::uint64_t{held} + u->prompt_tokens + u->output_tokens, 0xffffffffu));
    }
    if (--u->turns_left > 0) {
      u->next = port_.at(outcome.finish + sim::from_seconds(think_.sample(turn_rng_)), Kind::Turn, outcome.id.index);
    } else {
      end_session(outcome.id.index);
    }
  } else if (retry_delay_ && boost::random::uniform_01<double>()(retry_rng_) < retry_probability_) {
    if (u->attempt < 255) ++u->attempt;
    u->next = port_.at(outcome.finish + sim::from_seconds(retry_delay_->sample(retry_rng_)), Kind::Retry, outcome.id.index);
  } else {
    end_session(outcome.id.index);
  }
}

// What the user saw of the request (a user who has left meanwhile counts in the service's totals,
// not in a class's).
void TurnGenerator::record(const RequestOutcome& o, std::uint16_t cls, bool known_class) {
  ServiceStats& stats = *parts_.stats;
  const auto emit = [&](sim::SignalId ServiceSignals::*signal, double value) {
    if (known_class) {
      stats.emit(signal, cls, value);
    } else {
      stats.emit_total(signal, value);
    }
  };
  bool within = false;
  if (o.status == RequestStatus::Completed) {
    const double ttft = sim::to_seconds(o.first_token - o.submitted);
    emit(&ServiceSignals::ttft, ttft);
    emit(&ServiceSignals::e2e, sim::to_seconds(o.finish - o.submitted));
    double tpot = 0;
    if (o.output_tokens >= 2) {
      tpot = sim::to_seconds(o.finish - o.first_token) / (o.output_tokens - 1);
      emit(&ServiceSignals::tpot, tpot);
    }
    within = (!slo_ttft_s_ || ttft <= *slo_ttft_s_) && (!slo_tpot_s_ || tpot <= *slo_tpot_s_);
  } else {
    emit(o.status == RequestStatus::Rejected ? &ServiceSignals::rejected : &ServiceSignals::timed_out, 1.0);
  }
  emit(&ServiceSignals::failed, o.status == RequestStatus::Completed ? 0.0 : 1.0);
  if (slo_ttft_s_ || slo_tpot_s_) emit(&ServiceSignals::slo, within ? 1.0 : 0.0);
}

void TurnGenerator::end_session(std::uint32_t user) {
  ActiveUser& u = (*parts_.users)[user];
  u.in_session = false;
  parts_.stats->add_sessions(u.cls, -1, port_.now());
}

}  // namespace capsim::models
