// ctest's discovery of doctest cases (doctest_discover_tests) splits a test name at ';' (a CMake
// list separator): the cut name matches no case, so ctest "passes" a test that never ran. This
// keeps every name free of it.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "tests/cli_runner.hpp"

TEST_CASE("no test name holds a semicolon (ctest would run a cut name that matches nothing)") {
  const std::regex test_case(R"re(TEST_CASE\("((?:[^"\\]|\\.)*)")re");
  int names = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CAPSIM_SOURCE_DIR) + "/tests")) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string text = capsim::testing::read_file(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), test_case), end; it != end; ++it) {
      ++names;
      INFO(entry.path().filename().string() << ": " << (*it)[1].str());
      CHECK((*it)[1].str().find(';') == std::string::npos);
    }
  }
  CHECK(names > 200);
}
