// "Did you mean" suggestions for misspelt keys, names and choices.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace capsim::models {

// Edits (insert, delete, substitute, or swap two adjacent characters) turning `a` into `b`:
// the optimal-string-alignment distance, so "vc" is 1 from "cv". Case-sensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// ` (did you mean "x"?)` for the closest candidate (the first of equals), else "". A candidate
// is close when its distance d <= max(2, word.size() / 3) and d < word.size(), so that a
// short word is not "corrected" into an unrelated one.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace capsim::models
