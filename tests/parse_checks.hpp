// Checks shared by the unit and quantity parser tests.
#pragma once

#include <string>

#include <doctest/doctest.h>

#include "models/input/units.hpp"

namespace capsim::testing {

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The parse fails, and its message has the hint and quotes the (trimmed) text.
inline void check_error(const models::Parsed& p, const std::string& hint, const std::string& quoted) {
  INFO("error: " << p.error);
  CHECK_FALSE(p);
  CHECK(contains(p.error, hint));
  CHECK(contains(p.error, "got \"" + quoted + "\""));
}

}  // namespace capsim::testing
