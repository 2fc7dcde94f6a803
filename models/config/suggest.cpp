#include "models/config/suggest.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace capsim::models {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows: two back for transpositions, one back, and the current one.
  const std::size_t m = b.size();
  std::vector<std::size_t> before(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  const std::size_t limit = std::min(std::max<std::size_t>(2, word.size() / 3), word.size() - (word.empty() ? 0 : 1));
  std::string_view best;
  bool found = false;
  std::size_t best_d = 0;
  for (std::string_view c : candidates) {
    if (c == word) continue;
    const std::size_t d = edit_distance(word, c);
    if (d <= limit && (!found || d < best_d)) {
      found = true;
      best_d = d;
      best = c;
    }
  }
  if (!found) return {};
  return fmt::format(" (did you mean \"{}\"?)", best);
}

}  // namespace capsim::models
