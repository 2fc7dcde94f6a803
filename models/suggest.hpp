// "Did you mean" suggestions for misspelt keys, names and choices.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace capsim::models {

std::size_t edit_distance(std::string_view a, std::string_view b);
// ` (did you mean "x"?)` for the closest candidate within a few edits, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace capsim::models
