// Hostile and broken input through the real command: each case must exit 2, print the
// expected message at the expected file:line:column, and leave no output directory behind.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/cli_runner.hpp"
#include "tests/scenario_fixtures.hpp"

using namespace capsim::testing;
namespace fs = std::filesystem;

namespace {

const std::string kBase = kMinimalScenario;

struct Case {
  const char* what;
  std::string scenario;            // s.yaml
  std::string expected;            // substring of stderr, e.g. "s.yaml:8:17: error: ... "
  std::string extra_file = "";     // name=content of one more file, e.g. a trace
  std::string args = "";
};

std::string with(const std::string& from, const std::string& to, std::string base = kBase) {
  const std::size_t p = base.find(from);
  if (p == std::string::npos) throw std::logic_error("test case: no \"" + from + "\" in the base scenario");
  return base.replace(p, from.size(), to);
}

const std::string kTrace = "    signups: {process: trace, file: t.csv}";

std::vector<Case> cases() {
  return {
      // YAML syntax
      {"unclosed flow map", with("rate: 9/s}", "rate: 9/s"), "s.yaml:6:13: error: invalid YAML: end of map flow not found"},
      {"bad indentation", with("      capacity: 10", "     capacity: 10"), "s.yaml:8:"},
      {"tab indentation", with("      capacity: 10", "\tcapacity: 10"), "s.yaml:8:"},
      {"empty file", "", "s.yaml: error: the scenario is empty"},
      {"a list, not a map", "- 1\n- 2\n", "s.yaml:1:1: error: a scenario is a map"},
      {"only a comment", "# nothing\n", "s.yaml: error: the scenario is empty"},
      // wrong types
      {"capacity as text", with("capacity: 10", "capacity: ten"), "s.yaml:8:17: error: services.chat.waitlist.capacity: expected a count"},
      {"capacity as a list", with("capacity: 10", "capacity: [10]"), "s.yaml:8:17: error: services.chat.waitlist.capacity: expected a count, got a list"},
      {"horizon as a map", with("horizon: 1000s", "horizon: {value: 1000}"), "s.yaml:2:10: error: horizon: expected a duration, got a map"},
      {"services as a map", with("services:\n  - name: chat", "services:\n  chat:\n    name: chat"), "error: services: expected a list of named items"},
      {"waitlist as a scalar", with("    waitlist:\n      policy: fifo\n      capacity: 10\n", "    waitlist: fifo\n"), "s.yaml:6:15: error: services.chat.waitlist: expected a map of keys"},
      {"distribution as a number", with("lifetime: {dist: exponential, mean: 1s}", "lifetime: 1s"), "s.yaml:10:17: error: services.chat.usage.lifetime: expected a distribution"},
      {"rate without unit word", with("rate: 9/s", "rate: 9/fortnight"), "s.yaml:5:39: error: services.chat.signups.rate: expected a rate"},
      {"duration with a bad unit", with("horizon: 1000s", "horizon: 1000 parsecs"), "s.yaml:2:10: error: horizon: expected a duration"},
      {"flag as a number", "output: {per_class: 1}\n" + kBase, "s.yaml:1:21: error: output.per_class: expected true or false"},
      // negative, zero, NaN, infinite
      {"negative horizon", with("horizon: 1000s", "horizon: -1000s"), "s.yaml:2:10: error: horizon: must be > 0"},
      {"zero horizon", with("horizon: 1000s", "horizon: 0"), "s.yaml:2:10: error: horizon: must be > 0"},
      {"zero capacity", with("capacity: 10", "capacity: 0"), "s.yaml:8:17: error: services.chat.waitlist.capacity: must be >= 1"},
      {"negative rate", with("rate: 9/s", "rate: -9/s"), "s.yaml:5:39: error: services.chat.signups.rate: must be > 0"},
      {"NaN rate", with("rate: 9/s", "rate: .nan"), "s.yaml:5:39: error: services.chat.signups.rate: expected a rate"},
      {"infinite horizon", with("horizon: 1000s", "horizon: .inf"), "s.yaml:2:10: error: horizon: expected a duration"},
      {"NaN in a distribution", with("mean: 1s}", "mean: nan}"), "s.yaml:10:43: error: services.chat.usage.lifetime.mean: expected a duration"},
      {"negative distribution mean", with("mean: 1s}", "mean: -1s}"), "s.yaml:10:43: error: services.chat.usage.lifetime.mean: must be >= 0"},
      {"zero lifetime", with("{dist: exponential, mean: 1s}", "{dist: deterministic, value: 0s}"), "services.chat.usage.lifetime: the mean must be > 0"},
      {"fractional capacity", with("capacity: 10", "capacity: 2.5"), "s.yaml:8:17: error: services.chat.waitlist.capacity: expected a whole number"},
      {"negative replications", "replications: -1\n" + kBase, "s.yaml:1:15: error: replications: must be >= 1"},
      // unknown keys, with a suggestion
      {"misspelt top-level key", "horizn: 5s\n" + kBase, "s.yaml:1:1: error: horizn: unknown key (did you mean \"horizon\"?)"},
      {"misspelt nested key", with("capacity: 10", "capacty: 10"), "s.yaml:8:7: error: services.chat.waitlist.capacty: unknown key (did you mean \"capacity\"?)"},
      {"misspelt policy", with("policy: fifo", "policy: fifi"), "s.yaml:7:15: error: services.chat.waitlist.policy: expected one of: open,fifo,priority,lottery,waves,feedback, got \"fifi\" (did you mean \"fifo\"?)"},
      {"misspelt distribution", with("dist: exponential", "dist: exponentail"), "error: services.chat.usage.lifetime.dist: unknown distribution \"exponentail\" (did you mean \"exponential\"?)"},
      {"misspelt distribution parameter", with("mean: 1s}", "maen: 1s}"), "error: services.chat.usage.lifetime.maen: exponential has no parameter `maen` (did you mean \"mean\"?)"},
      {"key of another process", with("rate: 9/s}", "rate: 9/s, market: 1M}"), "s.yaml:5:52: error: services.chat.signups.market: applies only to process: bass (this one is poisson)"},
      // missing required keys
      {"no horizon", with("horizon: 1000s\n", ""), "s.yaml:1:1: error: horizon: missing required key `horizon`"},
      {"no services", "name: x\nhorizon: 5s\n", "error: services: missing required key `services`"},
      {"no capacity for fifo", with("      capacity: 10\n", ""), "services.chat.waitlist.capacity: missing required key `capacity`"},
      {"no rate for poisson", with("{process: poisson, rate: 9/s}", "{process: poisson}"), "services.chat.signups.rate: missing required key `rate`"},
      {"no signups at all", with("    signups: {process: poisson, rate: 9/s}\n", ""), "services.chat.signups: missing `signups`"},
      // references to names and files that do not exist
      {"join without a population", with("  - name: chat\n", "  - name: chat\n    join: 0.5\n"), "services.chat.join: there is no `population` to join from"},
      {"missing trace file", with("    signups: {process: poisson, rate: 9/s}", "    signups: {process: trace, file: missing.csv}"), "services.chat.signups.file: cannot open"},
      {"missing token trace", with("      lifetime: {dist: exponential, mean: 1s}", "      token_trace: gone.csv"), "services.chat.usage.token_trace: cannot open"},
      {"token order without a token trace", with("      lifetime: {dist: exponential, mean: 1s}", "      token_trace_order: in_order"), "services.chat.usage.token_trace_order: applies to a `token_trace` only"},
      {"--set names no service", kBase, "--set services.caht.waitlist.capacity=5: error: services.caht.waitlist.capacity: `services` has no item named \"caht\" (did you mean \"chat\"?)", "", "--set services.caht.waitlist.capacity=5"},
      {"trace column that does not exist", with("    signups: {process: poisson, rate: 9/s}", "    signups: {process: trace, file: t.csv, column: when}"), "services.chat.signups.column: \"", "t.csv=t\n1\n2\n"},
      // shares and duplicates
      {"shares that do not sum to 1", "classes: [{name: a, share: 0.5}, {name: b, share: 0.6}]\n" + kBase, "s.yaml:1:10: error: classes: the shares must sum to 1, they sum to 1.1"},
      {"duplicate service names", kBase + "  - name: chat\n    signups: {rate: 1/s}\n    waitlist: {capacity: 1}\n", "s.yaml:11:11: error: services.chat: duplicate name \"chat\""},
      {"duplicate key", "horizon: 5s\n" + kBase, "s.yaml:3:1: error: horizon: duplicate key"},
      {"duplicate class names", "classes: [{name: a, share: 0.5}, {name: a, share: 0.5}]\n" + kBase, "error: classes.a: duplicate name \"a\""},
      // absurd sizes
      {"1e30 users", with("capacity: 10", "capacity: 1e30"), "s.yaml:8:17: error: services.chat.waitlist.capacity: must be >= 1, <= 1e+10 users"},
      {"a million-year horizon", with("horizon: 1000s", "horizon: 52000000w"), "s.yaml:2:10: error: horizon: must be > 0, <= 3.2e+09 s"},
      {"absurd rate", with("rate: 9/s", "rate: 1e12/s"), "services.chat.signups.rate: must be > 0, <= 1e+09"},
      // CSV inputs with broken rows
      {"trace row with a missing field", with("    signups: {process: poisson, rate: 9/s}", kTrace), "t.csv:3: expected 2 fields, got 1", "t.csv=t,x\n1,a\n2\n"},
      {"trace row that is not a time", with("    signups: {process: poisson, rate: 9/s}", kTrace), "t.csv:3: expected a time", "t.csv=t\n1\nsoon\n"},
      {"trace going back in time", with("    signups: {process: poisson, rate: 9/s}", kTrace), "t.csv:3: timestamps must not decrease", "t.csv=t\n5\n4\n"},
      {"empty trace", with("    signups: {process: poisson, rate: 9/s}", kTrace), "is empty", "t.csv="},
      {"trace with only a header", with("    signups: {process: poisson, rate: 9/s}", kTrace), "has a header but no rows", "t.csv=t\n"},
      {"token trace with text", with("      lifetime: {dist: exponential, mean: 1s}", "      token_trace: k.csv"), "k.csv:2: expected non-negative numbers", "k.csv=ContextTokens,GeneratedTokens\nmany,3\n"},
      {"diurnal file with text", with("rate: 9/s}", "rate: 9/s, diurnal: {file: d.csv}}"), "d.csv:3: expected a number", "d.csv=factor\n1\nhigh\n"},
  };
}

}  // namespace

TEST_CASE("broken inputs: exit 2, a precise message at its position, and no output") {
  const std::vector<Case> all = cases();
  CHECK(all.size() >= 40);
  for (const Case& c : all) {
    SUBCASE(c.what) {
      TempDir dir;
      write_text(dir / "s.yaml", c.scenario);
      if (!c.extra_file.empty()) {
        const std::size_t eq = c.extra_file.find('=');
        write_text(dir / c.extra_file.substr(0, eq), c.extra_file.substr(eq + 1));
      }
      const CliResult r = run_capsim("run s.yaml --out out " + c.args, dir.path());
      INFO(std::string(c.what) << "\nstderr: " << r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find(c.expected) != std::string::npos);
      CHECK_FALSE(fs::exists(dir / "out"));
      // Nothing else was written (no staging files such as .NAME.tmp.PID): only the inputs remain.
      const std::string extra = c.extra_file.empty() ? "" : c.extra_file.substr(0, c.extra_file.find('='));
      for (const auto& e : fs::directory_iterator(dir.path())) {
        const std::string name = e.path().filename().string();
        CHECK_MESSAGE((name == "s.yaml" || name == extra), name);
      }
    }
  }
}
