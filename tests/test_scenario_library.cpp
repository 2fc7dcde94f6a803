// scenarios/README.md lists every scenario of the library (the .yaml files directly in
// scenarios/), and every test file it names exists.
#include <filesystem>
#include <regex>
#include <string>

#include <doctest/doctest.h>

#include "tests/cli_runner.hpp"

TEST_CASE("scenarios/README.md lists every scenario of scenarios/ and names tests that exist") {
  const std::filesystem::path root(CAPSIM_SOURCE_DIR);
  const std::string readme = capsim::testing::read_file(root / "scenarios" / "README.md");
  REQUIRE(!readme.empty());
  int scenarios = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().filename().string();
    INFO(name);
    CHECK(readme.find("| [`" + name + "`](" + name + ") |") != std::string::npos);
    ++scenarios;
  }
  CHECK(scenarios >= 8);
  const std::regex test_file("`(tests/test_[a-z0-9_]+\\.cpp)`");
  int tests = 0;
  for (std::sregex_iterator it(readme.begin(), readme.end(), test_file), end; it != end; ++it, ++tests) {
    INFO((*it)[1].str());
    CHECK(std::filesystem::exists(root / (*it)[1].str()));
  }
  CHECK(tests >= scenarios - 1);  // all but the demo
}
