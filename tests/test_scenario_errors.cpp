// Bad scenarios: every error reported at once, compiler-style, with file:line:column.
#include <doctest/doctest.h>

#include "models/config/diagnostics.hpp"
#include "tests/scenario_fixtures.hpp"
#include "models/config/scenario_loader.hpp"

using namespace capsim::models;

namespace {

const char* kGood = capsim::testing::kMinimalScenario;

std::vector<Diagnostic> errors_of(const std::string& yaml, const std::vector<Override>& overrides = {}) {
  try {
    load_scenario_text(yaml, "s.yaml", overrides);
  } catch (const ScenarioError& e) {
    return e.items();
  }
  return {};
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const std::size_t p = s.find(from);
  REQUIRE_MESSAGE(p != std::string::npos, from);
  return s.replace(p, from.size(), to);
}

}  // namespace

TEST_CASE("a good scenario loads with defaults applied") {
  const Scenario s = load_scenario_text(kGood, "s.yaml");
  CHECK(s.name == "t");
  CHECK(s.horizon_s == 1000);
  CHECK(s.warmup_s == 0);
  CHECK(s.replications == 1);
  CHECK(s.seed == 1);
  CHECK(s.interval_s == 10);  // horizon / 100
  REQUIRE(s.services.size() == 1);
  REQUIRE(s.services[0].signups.has_value());
  CHECK(s.services[0].signups->rate_per_s == 9);
  CHECK(s.services[0].waitlist.capacity == 10);
  CHECK_FALSE(s.services[0].waitlist.max_waiting.has_value());
  CHECK_FALSE(s.services[0].waitlist.patience_s.has_value());
  CHECK(s.services[0].usage.lifetime_s->mean() == doctest::Approx(1.0));
  CHECK(s.resolved["warmup"].as<std::string>() == "0");
  CHECK(s.resolved["services"][0]["waitlist"]["policy"].as<std::string>() == "fifo");
}

TEST_CASE("unknown keys get a position and a did-you-mean") {
  const auto e = errors_of(replace(kGood, "      capacity: 10", "      capacty: 10"));
  REQUIRE(e.size() == 2);  // the typo, and the now-missing capacity
  CHECK(e[0].location == "s.yaml:8:7");
  CHECK(e[0].path == "services.chat.waitlist.capacty");
  CHECK(e[0].message.find("did you mean \"capacity\"") != std::string::npos);
  CHECK(e[1].path == "services.chat.waitlist.capacity");
  CHECK(e[1].message.find("missing required key") != std::string::npos);
}

TEST_CASE("range and type errors are all reported, each at its value") {
  std::string y = replace(kGood, "capacity: 10", "capacity: 0");
  y = replace(y, "rate: 9/s", "rate: fast");
  y = replace(y, "horizon: 1000s", "horizon: -5s");
  const auto e = errors_of(y);
  REQUIRE(e.size() == 3);
  CHECK(e[0].text() == "s.yaml:2:10: error: horizon: must be > 0, <= 3.2e+09 s, got -5s");
  CHECK(e[1].location == "s.yaml:5:39");
  CHECK(e[1].path == "services.chat.signups.rate");
  CHECK(e[1].message.find("\"fast\"") != std::string::npos);
  CHECK(e[2].text() == "s.yaml:8:17: error: services.chat.waitlist.capacity: must be >= 1, <= 1e+10 users, got 0");
}

TEST_CASE("whole numbers, names, choices and distributions are checked") {
  CHECK(errors_of(replace(kGood, "capacity: 10", "capacity: 2.5"))[0].message == "expected a whole number, got 2.5");
  CHECK(errors_of(replace(kGood, "policy: fifo", "policy: fifi"))[0].message.find("did you mean \"fifo\"") != std::string::npos);
  CHECK(errors_of(replace(kGood, "name: chat", "name: chat room"))[0].message.find("expected a name of letters") != std::string::npos);
  const auto d = errors_of(replace(kGood, "mean: 1s}", "mean: -1s}"));
  REQUIRE(d.size() == 1);
  CHECK(d[0].path == "services.chat.usage.lifetime.mean");
  CHECK(d[0].location == "s.yaml:10:43");
  CHECK(errors_of(replace(kGood, "dist: exponential", "dist: expo"))[0].message.find("exponential") != std::string::npos);
  CHECK_FALSE(errors_of(replace(kGood, "lifetime: {dist: exponential, mean: 1s}", "lifetime: 5s")).empty());
}

TEST_CASE("duplicate keys and duplicate service names are errors") {
  const auto dup = errors_of(replace(kGood, "horizon: 1000s\n", "horizon: 1000s\nhorizon: 10s\n"));
  REQUIRE(dup.size() == 1);
  CHECK(dup[0].location == "s.yaml:3:1");
  CHECK(dup[0].message.find("duplicate key") != std::string::npos);
  std::string two = kGood;
  two += "  - name: chat\n    signups: {rate: 1/s}\n    waitlist: {capacity: 1}\n    usage: {lifetime: {dist: deterministic, value: 1s}}\n";
  const auto names = errors_of(two);
  REQUIRE(names.size() == 1);
  CHECK(names[0].message.find("duplicate name \"chat\"") != std::string::npos);
}

TEST_CASE("cross-field checks and YAML syntax errors") {
  CHECK(errors_of(replace(kGood, "horizon: 1000s\n", "horizon: 1000s\nwarmup: 2000s\n"))[0].message.find("must be < horizon") != std::string::npos);
  const auto syntax = errors_of("name: x\nservices: [a, b\n");
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].location.starts_with("s.yaml:"));
  CHECK(syntax[0].message.find("invalid YAML") != std::string::npos);
  CHECK(errors_of("")[0].message.find("empty") != std::string::npos);
  const auto missing = errors_of("name: x\n");
  REQUIRE(missing.size() == 2);  // horizon and services
}

TEST_CASE("overrides address list items by name and are blamed on the command line") {
  const Scenario s = load_scenario_text(kGood, "s.yaml", {{"services.chat.waitlist.capacity", "20"}, {"warmup", "10s"}});
  CHECK(s.services[0].waitlist.capacity == 20);
  CHECK(s.warmup_s == 10);
  CHECK(s.resolved["services"][0]["waitlist"]["capacity"].as<int>() == 20);
  const auto bad = errors_of(kGood, {{"services.chat.waitlist.capacity", "0"}});
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].location == "--set services.chat.waitlist.capacity=0");
  const auto no_item = errors_of(kGood, {{"services.caht.waitlist.capacity", "5"}});
  REQUIRE(no_item.size() == 1);
  CHECK(no_item[0].message.find("did you mean \"chat\"") != std::string::npos);
  const auto unknown = errors_of(kGood, {{"services.chat.waitlist.size", "5"}});
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].location == "--set services.chat.waitlist.size=5");
  CHECK_THROWS_AS(parse_override("novalue"), ScenarioError);
}

TEST_CASE("a missing scenario file is an error naming the file") {
  try {
    load_scenario("/nonexistent/x.yaml");
    FAIL("expected an error");
  } catch (const ScenarioError& e) {
    CHECK(e.items()[0].location == "/nonexistent/x.yaml");
  }
}

TEST_CASE("keys that belong to another process or policy are errors that say which") {
  const auto e = errors_of(replace(kGood, "{process: poisson, rate: 9/s}", "{process: poisson, rate: 9/s, market: 1M}"));
  REQUIRE(e.size() == 1);
  CHECK(e[0].path == "services.chat.signups.market");
  CHECK(e[0].message == "applies only to process: bass (this one is poisson)");
  const auto bass = errors_of(replace(kGood, "{process: poisson, rate: 9/s}", "{process: bass, market: 1M, q: 0.4/d}"));
  REQUIRE(bass.size() == 1);
  CHECK(bass[0].path == "services.chat.signups.p");
  CHECK(bass[0].message.find("missing required key `p`") != std::string::npos);
  const auto every = errors_of(replace(kGood, "      capacity: 10", "      capacity: 10\n      every: 1d"));
  REQUIRE(every.size() == 1);
  CHECK(every[0].message == "applies only to policy: waves, feedback (this one is fifo)");
  const auto waves = errors_of(replace(kGood, "      policy: fifo", "      policy: waves\n      every: 1d"));
  REQUIRE_FALSE(waves.empty());
  CHECK(waves[0].message.find("either `size`") != std::string::npos);
}

TEST_CASE("classes: shares must sum to 1, population links must exist, files must be readable") {
  std::string classes = "classes:\n  - {name: a, share: 0.5}\n  - {name: b, share: 0.4}\n";
  const auto shares = errors_of(classes + kGood);
  REQUIRE(shares.size() == 1);
  CHECK(shares[0].message == "the shares must sum to 1, they sum to 0.9");
  const auto join = errors_of(replace(kGood, "  - name: chat\n", "  - name: chat\n    join: 0.5\n"));
  REQUIRE(join.size() == 1);
  CHECK(join[0].message == "there is no `population` to join from");
  const auto trace = errors_of(replace(kGood, "{process: poisson, rate: 9/s}", "{process: trace, file: nowhere.csv}"));
  REQUIRE(trace.size() == 1);
  CHECK(trace[0].path == "services.chat.signups.file");
  CHECK(trace[0].message.find("cannot open") != std::string::npos);
  const auto caps = errors_of(replace(kGood, "      lifetime: {dist: exponential, mean: 1s}",
                                      "      lifetime: {dist: exponential, mean: 1s}\n      caps: [{from: 5d, per_session: 5}, {from: 2d, per_session: 6}]"));
  REQUIRE(caps.size() == 1);
  CHECK(caps[0].message == "caps must be in increasing order of `from`");
  const auto diurnal = errors_of(replace(kGood, "rate: 9/s}", "rate: 9/s, diurnal: [1, 2, 3]}"));
  REQUIRE(diurnal.size() == 1);
  CHECK(diurnal[0].message == "takes 24 hourly factors, got 3");
}
