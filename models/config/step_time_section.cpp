#include "models/config/step_time_section.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/input/table_file.hpp"
#include "models/input/units.hpp"

namespace capsim::models {
namespace {

constexpr std::array<const char*, 4> kColumns = {"prefill_tokens", "batch_size", "context_tokens", "step_time_s"};
constexpr std::size_t kMaxCellErrors = 10;  // enough to show a pattern without flooding the terminal

void read_roofline(Section& s, RooflineParams& roofline) {
  Section r = s.section("roofline");
  roofline.mfu = r.number("mfu");
  roofline.mbu = r.number("mbu");
  roofline.step_overhead_s = r.number("step_overhead");
  roofline.sequence_overhead_s = r.number("sequence_overhead");
  roofline.allreduce_latency_s = r.number("allreduce_latency");
}

// The CSV's rows, or nothing after reporting what is wrong with them.
std::optional<std::vector<StepSample>> read_samples(Section& st, const std::string& file, std::array<std::string, 4>& header_at) {
  CsvRows rows(file);
  if (!rows.ok()) {
    st.error_at("file", rows.error());
    return std::nullopt;
  }
  std::array<std::size_t, 4> index{};
  bool columns_ok = true;
  for (std::size_t k = 0; k < kColumns.size(); ++k) {
    const int c = rows.column(kColumns[k]);
    if (c < 0) {
      st.error_in(rows.where(0), "file", fmt::format("missing column {}: the header names prefill_tokens, batch_size, context_tokens and step_time_s (in any order; other columns are ignored)", kColumns[k]));
      columns_ok = false;
      continue;
    }
    index[k] = static_cast<std::size_t>(c);
    header_at[k] = rows.where(index[k]);
  }
  if (!columns_ok) return std::nullopt;
  std::vector<StepSample> out;
  std::vector<std::string> f;
  std::size_t errors = 0;
  while (errors < kMaxCellErrors && rows.next(f)) {
    std::array<double, 4> v{};
    for (std::size_t k = 0; k < kColumns.size(); ++k) {
      const std::string& cell = f[index[k]];
      const Parsed p = k == 3 ? parse_duration(cell) : parse_number(cell);
      std::string problem;
      if (!p) problem = fmt::format("{}: {}", kColumns[k], p.error);
      else if (k == 3 && !(p.value > 0)) problem = fmt::format("step_time_s must be > 0, got {}", cell);
      else if (p.value < 0) problem = fmt::format("{} must be >= 0, got {}", kColumns[k], cell);
      else if (k == 1 && p.value < 1) problem = fmt::format("batch_size must be >= 1 (a step runs at least one sequence), got {}", cell);
      if (!problem.empty()) {
        st.error_in(rows.where(index[k]), "file", problem);
        ++errors;
      }
      v[k] = p.value;
    }
    out.push_back(StepSample{v[0], v[1], v[2], v[3]});
  }
  if (!rows.ok()) {
    st.error_in(rows.where(0), "file", rows.error());
    return std::nullopt;
  }
  if (errors > 0) return std::nullopt;
  if (out.size() < kMinProfileRows) {
    st.error_in(rows.where(0), "file", fmt::format("a profile needs at least {} rows (five coefficients and one to check the fit by), got {}",
                                                   kMinProfileRows, out.size()));
    return std::nullopt;
  }
  return out;
}

void read_profile(Section& st, LlmPoolConfig& llm) {
  if (!st.has("file")) {
    st.error_at("file", "missing `file`: the CSV of measured steps (prefill_tokens, batch_size, context_tokens, step_time_s)");
    return;
  }
  const std::string file = resolve_relative(st.scenario_file(), st.text("file"));
  std::array<std::string, 4> header_at;
  const std::optional<std::vector<StepSample>> samples = read_samples(st, file, header_at);
  if (!samples) return;
  const StepProfileFit fit = fit_step_profile(*samples);
  if (!fit.profile) {
    // A rank-deficient column is pointed at in the header (the constant and the attention term
    // at their nearest column).
    std::string at = header_at[0];
    if (fit.dependent == StepTerm::BatchSize) at = header_at[1];
    if (fit.dependent == StepTerm::ContextTokens) at = header_at[2];
    st.error_in(at, "file", fit.error);
    return;
  }
  if (!llm.gpu.name.empty() && !llm.model.name.empty()) {
    const std::int64_t kv = llm.kv_tokens_per_replica();
    const StepRange range{kv, llm.batching.max_batch, kv};
    if (const auto step = nonpositive_step(*fit.profile, range)) {
      st.error_at("file", fmt::format("the fitted step time is not positive at {}, a step this pool can run (prefills and contexts up to its KV cache of {} "
                                      "tokens, batches up to batch.max {}): add measured rows near that step. The fit: {}",
                                      *step, kv, llm.batching.max_batch, fit.profile->summary()));
      return;
    }
  }
  llm.profile = fit.profile;
}

}  // namespace

void read_step_time(Section& s, LlmPoolConfig& llm) {
  if (!s.has("step_time")) {  // the resolved scenario of a roofline pool stays as it was
    read_roofline(s, llm.roofline);
    return;
  }
  Section st = s.section("step_time");
  if (st.text("kind") == "roofline") {
    if (st.has("file")) st.error_at("file", "applies only to kind: profile (this one is roofline)");
    read_roofline(s, llm.roofline);
    return;
  }
  if (s.has("roofline")) s.error_at("roofline", "applies only to step_time kind: roofline (this pool's step times come from a profile)");
  read_profile(st, llm);
}

}  // namespace capsim::models
