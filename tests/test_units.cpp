#include <cmath>
#include <limits>
#include <string>

#include <doctest/doctest.h>

#include "models/config/suggest.hpp"
#include "models/input/units.hpp"
#include "tests/parse_checks.hpp"

using namespace capsim::models;

using capsim::testing::check_error;
using capsim::testing::contains;

TEST_CASE("parse_number: finite reals, nothing else") {
  CHECK(parse_number("3").value == 3);
  CHECK(parse_number("2.5").value == 2.5);
  CHECK(parse_number("1e6").value == 1e6);
  CHECK(parse_number("-4").value == -4);
  CHECK(parse_number("+4").value == 4);
  CHECK(parse_number(".5").value == 0.5);
  CHECK(parse_number(" \t7\n").value == 7);
  CHECK(parse_number("0.1").value == 0.1);
  CHECK(parse_number("3"));
  CHECK(parse_number("3").error.empty());
  for (const char* bad : {"", "   ", "nan", "NaN", "inf", "-inf", "infinity", "2.5s", "0x10", "+-3", "--3", "++3", "1 2", "abc", "1e", "-", "."}) {
    INFO("text: \"" << bad << "\"");
    const std::string quoted = std::string(bad).find_first_not_of(' ') == std::string::npos ? "" : bad;
    check_error(parse_number(bad), "expected a number such as 3, 2.5, 1e6 or -4", quoted);
  }
  check_error(parse_number("  2.5s "), "expected a number", "2.5s");  // the quote is trimmed
  const Parsed huge = parse_number("1e999");
  check_error(huge, "expected a number", "1e999");
  CHECK(contains(huge.error, "out of range"));
}

TEST_CASE("parse_count: suffixes k, M, B exactly") {
  CHECK(parse_count("12").value == 12);
  CHECK(parse_count("1e6").value == 1e6);
  CHECK(parse_count("500k").value == 500000);
  CHECK(parse_count("20M").value == 2e7);
  CHECK(parse_count("1.5B").value == 1.5e9);
  CHECK(parse_count("500 k").value == 500000);
  CHECK(parse_count(" 2M ").value == 2e6);
  CHECK(parse_count("0.3k").value == 300);        // the same double as "300", not 0.3 * 1000
  CHECK(parse_count("1.1k").value == 1100);
  CHECK(parse_count("1e3k").value == 1e6);        // an exponent and a suffix
  CHECK(parse_count("-2k").value == -2000);
  const std::string hint = "expected a count such as 12, 1e6, 500k, 20M or 1.5B";
  check_error(parse_count("5K"), hint, "5K");
  CHECK(contains(parse_count("5K").error, "did you mean \"5k\"?"));
  CHECK(contains(parse_count("5m").error, "did you mean \"5M\"?"));
  CHECK(contains(parse_count("2b").error, "did you mean \"2B\"?"));
  CHECK(contains(parse_count("2 million").error, "did you mean \"2M\"?"));
  check_error(parse_count("5x"), hint, "5x");
  CHECK(contains(parse_count("5x").error, "the suffixes are k, M and B"));
  CHECK(contains(parse_count("5  k").error, "at most one space"));
  check_error(parse_count(""), hint, "");
  check_error(parse_count("k"), hint, "k");
  check_error(parse_count("nan"), hint, "nan");
  check_error(parse_count("1e308k"), hint, "1e308k");
  CHECK(contains(parse_count("1e308k").error, "out of range"));
  check_error(parse_count("5kk"), hint, "5kk");
}

TEST_CASE("parse_duration: every unit, in seconds") {
  CHECK(parse_duration("90").value == 90);
  CHECK(parse_duration("2.5").value == 2.5);
  CHECK(parse_duration("7ns").value == 7e-9);
  CHECK(parse_duration("3us").value == 3e-6);
  CHECK(parse_duration("250ms").value == 0.25);
  CHECK(parse_duration("0.3ms").value == 0.0003);  // the same double as "0.0003"
  CHECK(parse_duration("90s").value == 90);
  CHECK(parse_duration("15min").value == 900);
  CHECK(parse_duration("6h").value == 21600);
  CHECK(parse_duration("1.5h").value == 5400);
  CHECK(parse_duration("30d").value == 2592000);
  CHECK(parse_duration("2w").value == 1209600);
  CHECK(parse_duration("1e3s").value == 1000);
  CHECK(parse_duration("1e-3ms").value == doctest::Approx(1e-6));
  CHECK(parse_duration("15 min").value == 900);
  CHECK(parse_duration(" \t6h \n").value == 21600);
  CHECK(parse_duration("-5s").value == -5);  // parses; the range check is the caller's
  CHECK(parse_duration("+2d").value == 172800);

  const std::string hint = "expected a duration such as 250ms, 90s, 15min, 6h, 30d, 2w or a number of seconds";
  CHECK(parse_duration("3 parsecs").error == hint + ", got \"3 parsecs\" (units: ns, us, ms, s, min, h, d, w)");
  check_error(parse_duration("5m"), hint, "5m");
  CHECK(contains(parse_duration("5m").error, "\"m\" is ambiguous: use min for minutes or ms for milliseconds"));
  CHECK(contains(parse_duration("5 secs").error, "did you mean \"5s\"?"));
  CHECK(contains(parse_duration("2 hours").error, "did you mean \"2h\"?"));
  CHECK(contains(parse_duration("3days").error, "did you mean \"3d\"?"));
  CHECK(contains(parse_duration("10MS").error, "did you mean \"10ms\"?"));
  CHECK(contains(parse_duration("15  min").error, "at most one space"));
  for (const char* bad : {"", " ", "nan", "inf", "-inf", "infs", "s", "min", "5s5", "5 s s", "1/s", "0x10s"}) {
    INFO("text: \"" << bad << "\"");
    CHECK_FALSE(parse_duration(bad));
    CHECK(contains(parse_duration(bad).error, hint));
  }
  check_error(parse_duration("1e999s"), hint, "1e999s");
  CHECK(contains(parse_duration("1e999s").error, "out of range"));
  CHECK(contains(parse_duration("1e303w").error, "out of range"));  // finite number, infinite seconds
}

TEST_CASE("parse_rate: per second, with a count on top and a unit below") {
  CHECK(parse_rate("9/s").value == 9);
  CHECK(parse_rate("9").value == 9);
  CHECK(parse_rate("2.5k").value == 2500);  // a plain count is per second
  CHECK(parse_rate("120/min").value == 2);
  CHECK(parse_rate("2/h").value == 2.0 / 3600);
  CHECK(parse_rate("3/d").value == 3.0 / 86400);
  CHECK(parse_rate("1/w").value == 1.0 / 604800);
  CHECK(parse_rate("4/ms").value == 4000);
  CHECK(parse_rate("5/us").value == 5e6);
  CHECK(parse_rate("2/ns").value == 2e9);
  CHECK(parse_rate("500k/d").value == 500000.0 / 86400);
  CHECK(parse_rate("20M/d").value == 2e7 / 86400);
  CHECK(parse_rate("1.5B/w").value == 1.5e9 / 604800);
  CHECK(parse_rate("2 / h").value == 2.0 / 3600);
  CHECK(parse_rate(" 2/h ").value == 2.0 / 3600);
  CHECK(parse_rate("500 k/d").value == 500000.0 / 86400);
  CHECK(parse_rate("-2/s").value == -2);

  const std::string hint = "expected a rate such as 9/s, 120/min, 3/d, 500k/d or a number per second";
  check_error(parse_rate("9/fortnight"), hint, "9/fortnight");
  CHECK(contains(parse_rate("9/fortnight").error, "units: ns, us, ms, s, min, h, d, w"));
  CHECK(contains(parse_rate("9/sec").error, "did you mean \"9/s\"?"));
  CHECK(contains(parse_rate("3/day").error, "did you mean \"3/d\"?"));
  CHECK(contains(parse_rate("500k/day").error, "did you mean \"500k/d\"?"));
  CHECK(contains(parse_rate("9/m").error, "ambiguous"));
  CHECK(contains(parse_rate("9s").error, "did you mean \"9/s\"?"));
  CHECK(contains(parse_rate("9/").error, "a time unit must follow the slash"));
  CHECK(contains(parse_rate("5K/d").error, "did you mean \"5k/d\"?"));
  CHECK(contains(parse_rate("9  /s").error, hint));
  CHECK(contains(parse_rate("9/  s").error, "at most one space"));
  for (const char* bad : {"", "/s", "fast", "nan/s", "inf/s", "9/s/s", "9/2s", "1e999/s"}) {
    INFO("text: \"" << bad << "\"");
    CHECK_FALSE(parse_rate(bad));
    CHECK(contains(parse_rate(bad).error, hint));
  }
}

TEST_CASE("format_seconds: the largest unit that divides exactly") {
  CHECK(format_seconds(86400) == "1d");
  CHECK(format_seconds(604800) == "7d");
  CHECK(format_seconds(2592000) == "30d");
  CHECK(format_seconds(3600) == "1h");
  CHECK(format_seconds(5400) == "90min");
  CHECK(format_seconds(120) == "2min");
  CHECK(format_seconds(90) == "90s");
  CHECK(format_seconds(1) == "1s");
  CHECK(format_seconds(0.25) == "250ms");
  CHECK(format_seconds(0.001) == "1ms");
  CHECK(format_seconds(1.5) == "1.5s");
  CHECK(format_seconds(0.0001) == "0.0001s");
  CHECK(format_seconds(0) == "0s");
  CHECK(format_seconds(-0.0) == "0s");
  CHECK(format_seconds(-60) == "-1min");
  CHECK(format_seconds(1e20) == "1e+20s");
  CHECK(format_seconds(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(format_seconds(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(format_seconds(std::nan("")) == "nan");
  for (double x : {86400.0, 5400.0, 90.0, 0.25, 1.5, 1.0 / 3, 0.1, 123456.789, 7e-9, -3600.0, 1e-300, 1e300}) {
    INFO(x << " -> " << format_seconds(x));
    CHECK(parse_duration(format_seconds(x)).value == x);
  }
}

TEST_CASE("edit_distance and did_you_mean") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("abc", "abc") == 0);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("capacty", "capacity") == 1);
  CHECK(edit_distance("ab", "ba") == 1);  // a swap is one edit
  CHECK(edit_distance("exponentail", "exponential") == 1);
  CHECK(edit_distance("ca", "abc") == 3);  // optimal string alignment: no edits inside a swap

  CHECK(did_you_mean("capacty", {"policy", "capacity", "patience"}) == " (did you mean \"capacity\"?)");
  CHECK(did_you_mean("vc", {"mean", "cv"}) == " (did you mean \"cv\"?)");
  CHECK(did_you_mean("Mean", {"mean", "cv"}) == " (did you mean \"mean\"?)");
  CHECK(did_you_mean("exponentail", {"deterministic", "exponential"}) == " (did you mean \"exponential\"?)");
  CHECK(did_you_mean("zzzzzzzz", {"policy", "capacity"}).empty());
  CHECK(did_you_mean("x", {"mu", "cv"}).empty());  // a one-letter word is not corrected into another word
  CHECK(did_you_mean("", {"mu", "cv"}).empty());
  CHECK(did_you_mean("capacity", {}).empty());
  CHECK(did_you_mean("mean", {"mean"}).empty());  // nothing to correct
  // Within max(2, len/3): 12 letters allow 4 edits, 5 letters allow 2.
  CHECK(did_you_mean("replicatinos", {"replications"}) == " (did you mean \"replications\"?)");
  CHECK(did_you_mean("abcdefghijkl", {"abcdwxyzijkl"}) == " (did you mean \"abcdwxyzijkl\"?)");
  CHECK(did_you_mean("abcdefghijkl", {"abvwxyzhijkl"}).empty());
  CHECK(did_you_mean("shape", {"shxpz"}) == " (did you mean \"shxpz\"?)");
  CHECK(did_you_mean("shape", {"sxxpz"}).empty());
  CHECK(did_you_mean("meen", {"mean", "seen"}) == " (did you mean \"mean\"?)");  // ties: the first
}
