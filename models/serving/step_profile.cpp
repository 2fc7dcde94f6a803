#include "models/serving/step_profile.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/Dense>
#include <fmt/format.h>

namespace capsim::models {
namespace {

double term_value(StepTerm t, const StepSample& s) {
  switch (t) {
    case StepTerm::Constant: return 1;
    case StepTerm::PrefillStep: return s.prefill_tokens > 0 ? 1 : 0;
    case StepTerm::PrefillTokens: return s.prefill_tokens;
    case StepTerm::AttentionPairs: return attention_pairs(s);
    case StepTerm::BatchSize: return s.batch_size;
    case StepTerm::ContextTokens: return s.context_tokens;
  }
  return 0;
}

struct Solved {
  Eigen::VectorXd beta;  // in the units of the unscaled columns; empty if rank-deficient
  std::optional<StepTerm> dependent;
};

// Least squares by column-pivoting Householder QR on columns scaled to a largest |value| of 1,
// so that the rank threshold compares like with like.
Solved solve(std::span<const StepSample> samples, const std::vector<StepTerm>& terms) {
  const auto n = static_cast<Eigen::Index>(samples.size()), m = static_cast<Eigen::Index>(terms.size());
  Eigen::MatrixXd x(n, m);
  Eigen::VectorXd y(n), scale = Eigen::VectorXd::Ones(m);
  for (Eigen::Index i = 0; i < n; ++i) {
    const StepSample& s = samples[static_cast<std::size_t>(i)];
    y(i) = s.step_time_s;
    for (Eigen::Index j = 0; j < m; ++j) x(i, j) = term_value(terms[static_cast<std::size_t>(j)], s);
  }
  for (Eigen::Index j = 0; j < m; ++j) {
    const double largest = x.col(j).cwiseAbs().maxCoeff();
    if (largest > 0) scale(j) = largest;
    x.col(j) /= scale(j);
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
  qr.setThreshold(1e-10);
  Solved out;
  if (qr.rank() < m) {
    out.dependent = terms[static_cast<std::size_t>(qr.colsPermutation().indices()(qr.rank()))];
    return out;
  }
  out.beta = qr.solve(y).cwiseQuotient(scale);
  return out;
}

const char* term_name(StepTerm t) {
  switch (t) {
    case StepTerm::Constant: return "the constant term";
    case StepTerm::PrefillStep: return "the prefill step's own constant ([prefill_tokens > 0])";
    case StepTerm::PrefillTokens: return "prefill_tokens";
    case StepTerm::AttentionPairs: return "prefill attention (prefill_tokens^2 / batch_size)";
    case StepTerm::BatchSize: return "batch_size";
    case StepTerm::ContextTokens: return "context_tokens";
  }
  return "";
}

}  // namespace

double attention_pairs(const StepSample& s) {
  return s.prefill_tokens > 0 && s.batch_size > 0 ? s.prefill_tokens * s.prefill_tokens / s.batch_size : 0;
}

StepProfileFit fit_step_profile(std::span<const StepSample> samples) {
  StepProfileFit fit;
  if (samples.size() < kMinProfileRows) {
    fit.error = fmt::format("a profile needs at least {} rows (five coefficients and one to check the fit by), got {}", kMinProfileRows,
                            samples.size());
    return fit;
  }
  const std::vector<StepTerm> base = {StepTerm::Constant, StepTerm::PrefillStep, StepTerm::PrefillTokens, StepTerm::BatchSize,
                                      StepTerm::ContextTokens};
  Solved s = solve(samples, base);
  if (s.dependent) {
    fit.dependent = s.dependent;
    fit.error = fmt::format("rank-deficient design: {} is a linear combination of the other columns over these rows (constant, zero, "
                            "or in proportion to another), so its cost cannot be told apart; add rows that vary it on its own",
                            term_name(*s.dependent));
    return fit;
  }
  StepProfile p;
  p.intercept_s = s.beta(0);
  p.per_prefill_step_s = s.beta(1);
  p.per_prefill_token_s = s.beta(2);
  p.per_sequence_s = s.beta(3);
  p.per_context_token_s = s.beta(4);
  if (samples.size() > kMinProfileRows) {
    const Solved with = solve(samples, {StepTerm::Constant, StepTerm::PrefillStep, StepTerm::PrefillTokens, StepTerm::AttentionPairs,
                                        StepTerm::BatchSize, StepTerm::ContextTokens});
    if (!with.dependent && with.beta(3) > 0) {
      p.intercept_s = with.beta(0);
      p.per_prefill_step_s = with.beta(1);
      p.per_prefill_token_s = with.beta(2);
      p.per_attention_pair_s = with.beta(3);
      p.per_sequence_s = with.beta(4);
      p.per_context_token_s = with.beta(5);
      p.attention = true;
    }
  }
  p.rows = samples.size();
  double mean = 0;
  for (const StepSample& r : samples) mean += r.step_time_s;
  mean /= static_cast<double>(samples.size());
  double residual = 0, total = 0;
  for (const StepSample& r : samples) {
    const double e = p.seconds(r.prefill_tokens, attention_pairs(r), r.batch_size, r.context_tokens) - r.step_time_s;
    residual += e * e;
    total += (r.step_time_s - mean) * (r.step_time_s - mean);
    p.max_relative_residual = std::max(p.max_relative_residual, std::abs(e) / r.step_time_s);
  }
  p.r_squared = total > 0 ? 1 - residual / total : 1;
  fit.profile = p;
  return fit;
}

std::string StepProfile::summary() const {
  const auto term = [](double coefficient, const char* what) {
    return fmt::format(" {} {:.6g} x {}", coefficient < 0 ? '-' : '+', std::abs(coefficient), what);
  };
  return fmt::format("step_time_s = {:.6g}{}{}{}{}{} (least squares over {} rows: R^2 {:.6f}, max relative residual {:.4g}%{})", intercept_s,
                     term(per_prefill_step_s, "[prefill_tokens > 0]"), term(per_prefill_token_s, "prefill_tokens"),
                     attention ? term(per_attention_pair_s, "prefill_tokens^2 / batch_size") : "", term(per_sequence_s, "batch_size"),
                     term(per_context_token_s, "context_tokens"), rows, r_squared, 100 * max_relative_residual,
                     attention ? "" : "; no attention term: the data does not support one");
}

std::optional<std::string> nonpositive_step(const StepProfile& p, const StepRange& r) {
  const auto describe = [](double prefill, double batch, double context, double t) {
    return fmt::format("prefill_tokens={:.0f}, batch_size={:.0f}, context_tokens={:.0f}: {:.6g} s", prefill, batch, context, t);
  };
  const double pmax = static_cast<double>(std::max<std::int64_t>(1, r.max_prefill_tokens));
  const double bmax = static_cast<double>(std::max<std::int64_t>(1, r.max_batch));
  const double cmax = static_cast<double>(std::max<std::int64_t>(0, r.max_context));
  for (double prefill : {1.0, pmax})
    for (double batch : {1.0, std::min(bmax, prefill)})
      if (const double t = p.seconds(prefill, 0, batch, 0); !(t > 0)) return describe(prefill, batch, 0, t);
  for (double batch : {1.0, bmax})
    for (double context : {0.0, cmax})
      if (const double t = p.seconds(0, 0, batch, context); !(t > 0)) return describe(0, batch, context, t);
  return std::nullopt;
}

}  // namespace capsim::models
