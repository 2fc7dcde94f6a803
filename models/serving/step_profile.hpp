// A measured step-time profile (../shared/SERVING.md): rows of (prefill tokens, batch size,
// context tokens) -> seconds, fitted by least squares (Eigen's column-pivoting QR) to a step time
// that is linear in what a step does:
//
//   t = a + p x [prefill_tokens > 0] + b x prefill_tokens + e x attention_pairs + c x sequences + d x context_tokens
//
// p lets a prefill step have its own fixed cost (the roofline's prefill is compute-bound, its
// decode memory-bound: two lines with different intercepts). Linear in the context, so the time of a decode run (the context growing by the batch each step)
// is an arithmetic series and StepCost keeps its exact jump over decode runs. The attention term
// (a prefill's causal attention, token pairs) is fitted only when the data supports it: enough
// rows, a full-rank design with it, and a positive coefficient; otherwise e = 0.
//
// A row's batch_size counts the sequences of the step (the prompts a prefill step prefills, the
// sequences a decode step decodes); a prefill row's attention is taken as that of batch_size
// prompts of equal length: prefill_tokens^2 / batch_size pairs.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace capsim::models {

struct StepSample {
  double prefill_tokens = 0;
  double batch_size = 0;
  double context_tokens = 0;
  double step_time_s = 0;
};

// The columns of the fit, in the order of StepProfileFit::column.
enum class StepTerm { Constant, PrefillStep, PrefillTokens, AttentionPairs, BatchSize, ContextTokens };

struct StepProfile {
  double intercept_s = 0;            // a
  double per_prefill_step_s = 0;     // p
  double per_prefill_token_s = 0;    // b
  double per_attention_pair_s = 0;   // e (0 without the attention term)
  double per_sequence_s = 0;         // c
  double per_context_token_s = 0;    // d
  bool attention = false;            // whether e was fitted
  std::size_t rows = 0;
  double r_squared = 1;              // 1 - residual / total sum of squares (1 when all times are equal and met)
  double max_relative_residual = 0;  // max |fitted - measured| / measured over the rows

  double seconds(double prefill_tokens, double attention_pairs, double sequences, double context_tokens) const {
    return intercept_s + (prefill_tokens > 0 ? per_prefill_step_s : 0) + per_prefill_token_s * prefill_tokens + per_attention_pair_s * attention_pairs + per_sequence_s * sequences +
           per_context_token_s * context_tokens;
  }
  // One line: the formula with its coefficients, R^2 and the largest relative residual.
  std::string summary() const;
};

// Fewest rows a profile takes: one per coefficient of the base fit (a, p, b, c, d) and one more
// to measure the fit by.
inline constexpr std::size_t kMinProfileRows = 6;

struct StepProfileFit {
  std::optional<StepProfile> profile;
  std::string error;                                // why there is no profile
  std::optional<StepTerm> dependent;                // the column the others determine (a rank-deficient design)
};

// Attention pairs of a sample's prefill: prefill_tokens^2 / batch_size (0 without a prefill).
double attention_pairs(const StepSample& s);

StepProfileFit fit_step_profile(std::span<const StepSample> samples);

// The range of steps a pool can run: prefills of 1..max_prefill_tokens tokens over
// 1..max_batch prompts, decodes of 1..max_batch sequences over 0..max_context tokens.
struct StepRange {
  std::int64_t max_prefill_tokens = 0;
  std::int64_t max_batch = 0;
  std::int64_t max_context = 0;
};

// A step of `range` whose fitted time is not positive, described ("prefill_tokens=0, ..."), or
// nothing. The time is affine in each variable (and the attention term never negative), so its
// least value is at a corner of the range: those are checked, the attention taken as 0.
std::optional<std::string> nonpositive_step(const StepProfile& profile, const StepRange& range);

}  // namespace capsim::models
