#include "models/service/service_signals.hpp"

namespace capsim::models {

using sim::SeriesMode;
using sim::Statistic;

ServiceSignals declare_service_signals(sim::Recorder& r, const std::string& scope, ServedMetrics served) {
  ServiceSignals s;
  s.signup = r.observation(scope, "signup");
  s.wait = r.observation(scope, "wait");
  s.abandon = r.observation(scope, "abandon");
  s.left = r.observation(scope, "left");
  s.admitted_wait = r.observation(scope, "admitted_wait");
  s.admission = r.observation(scope, "admission");
  s.session = r.observation(scope, "session");
  s.capped = r.observation(scope, "capped");
  s.waitlist_len = r.level(scope, "waitlist_len");
  s.admitted_users = r.level(scope, "admitted_users");
  s.active_sessions = r.level(scope, "active_sessions");

  // The recording table: signal, statistic, metric name, unit.
  r.keep(s.signup, Statistic::Count, "signups", "users");
  r.keep(s.admission, Statistic::Count, "admitted", "users");
  r.keep(s.admission, Statistic::Sum, "invited", "users");
  r.keep(s.abandon, Statistic::Sum, "abandoned", "users");
  r.keep(s.left, Statistic::Sum, "left", "users");
  r.keep(s.signup, Statistic::Sum, "blocked", "users");
  r.keep(s.signup, Statistic::Mean, "blocked_fraction", "1");
  r.keep(s.admitted_users, Statistic::TimeMean, "admitted_mean", "users");
  r.keep(s.wait, Statistic::Mean, "wait_mean_s", "s");
  r.keep(s.wait, Statistic::P50, "wait_p50_s", "s");
  r.keep(s.wait, Statistic::P90, "wait_p90_s", "s");
  r.keep(s.wait, Statistic::P99, "wait_p99_s", "s");
  r.keep(s.wait, Statistic::StdDev, "wait_sd_s", "s");
  r.keep(s.admitted_wait, Statistic::Mean, "admitted_wait_mean_s", "s");
  r.keep(s.wait, Statistic::FractionPositive, "p_wait", "1");
  r.keep(s.abandon, Statistic::Mean, "abandon_fraction", "1");
  r.keep(s.waitlist_len, Statistic::TimeMean, "waitlist_len_mean", "users");
  r.keep(s.waitlist_len, Statistic::Max, "waitlist_len_max", "users");
  r.keep(s.session, Statistic::Count, "sessions", "sessions");
  r.keep(s.capped, Statistic::Count, "capped", "turns");
  r.keep(s.active_sessions, Statistic::TimeMean, "active_sessions_mean", "sessions");

  r.series(s.waitlist_len, SeriesMode::Level, "waitlist_len");
  r.series(s.admitted_users, SeriesMode::Level, "admitted_users");
  r.series(s.active_sessions, SeriesMode::Level, "active_sessions");
  r.series(s.signup, SeriesMode::CountPerStep, "signups");
  r.series(s.abandon, SeriesMode::SumPerStep, "abandoned");
  r.series(s.session, SeriesMode::CountPerStep, "sessions");
  r.series(s.capped, SeriesMode::CountPerStep, "capped");
  if (!served.served) return s;  // scenarios without a fleet keep their metrics as they were
  s.ttft = r.observation(scope, "ttft");
  s.tpot = r.observation(scope, "tpot");
  s.e2e = r.observation(scope, "e2e");
  s.failed = r.observation(scope, "failed");
  s.rejected = r.observation(scope, "rejected");
  s.timed_out = r.observation(scope, "timed_out");
  r.keep(s.rejected, Statistic::Count, "rejected", "requests");
  r.keep(s.timed_out, Statistic::Count, "timed_out", "requests");
  r.keep(s.e2e, Statistic::Count, "completed", "requests");
  r.keep(s.ttft, Statistic::Mean, "ttft_mean_s", "s");
  r.keep(s.ttft, Statistic::P50, "ttft_p50_s", "s");
  r.keep(s.ttft, Statistic::P99, "ttft_p99_s", "s");
  r.keep(s.tpot, Statistic::Mean, "tpot_mean_s", "s");
  r.keep(s.tpot, Statistic::P99, "tpot_p99_s", "s");
  r.keep(s.e2e, Statistic::Mean, "e2e_mean_s", "s");
  r.keep(s.e2e, Statistic::P99, "e2e_p99_s", "s");
  r.keep(s.failed, Statistic::Mean, "failed_fraction", "1");
  r.series(s.ttft, SeriesMode::CountPerStep, "completed");
  r.series(s.rejected, SeriesMode::CountPerStep, "rejected");
  if (served.slo) {
    s.slo = r.observation(scope, "slo");
    r.keep(s.slo, Statistic::Mean, "slo_attainment", "1");
    r.series(s.slo, SeriesMode::SumPerStep, "within_slo");
  }
  return s;
}

}  // namespace capsim::models
