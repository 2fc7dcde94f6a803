#include <doctest/doctest.h>

#include "models/suggest.hpp"
#include "models/units.hpp"

using namespace capsim::models;

TEST_CASE("durations in every unit") {
  CHECK(parse_duration("90").value == 90);
  CHECK(parse_duration("250ms").value == doctest::Approx(0.25));
  CHECK(parse_duration("90s").value == 90);
  CHECK(parse_duration("15min").value == 900);
  CHECK(parse_duration("15 min").value == 900);
  CHECK(parse_duration("6h").value == 21600);
  CHECK(parse_duration("1.5h").value == 5400);
  CHECK(parse_duration("30d").value == 2592000);
  CHECK(parse_duration("2w").value == 1209600);
  CHECK(parse_duration(" 3us ").value == doctest::Approx(3e-6));
  CHECK(parse_duration("7ns").value == doctest::Approx(7e-9));
  CHECK(parse_duration("-5s").value == -5);  // parses; the range check rejects it
  const Parsed bad = parse_duration("3 parsecs");
  CHECK_FALSE(bad);
  CHECK(bad.error.find("expected a duration such as 250ms") != std::string::npos);
  CHECK(bad.error.find("\"3 parsecs\"") != std::string::npos);
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("nan"));
  CHECK_FALSE(parse_duration("inf"));
  CHECK_FALSE(parse_duration("1e999s"));
  CHECK_FALSE(parse_duration("s"));
}

TEST_CASE("rates and counts") {
  CHECK(parse_rate("9/s").value == 9);
  CHECK(parse_rate("9").value == 9);
  CHECK(parse_rate("120/min").value == 2);
  CHECK(parse_rate("3/d").value == doctest::Approx(3.0 / 86400));
  CHECK(parse_rate("500k/d").value == doctest::Approx(500000.0 / 86400));
  CHECK(parse_rate("2 / h").value == doctest::Approx(2.0 / 3600));
  CHECK(parse_rate("1/w").value == doctest::Approx(1.0 / 604800));
  CHECK_FALSE(parse_rate("9/fortnight"));
  CHECK(parse_rate("fast").error.find("expected a rate such as 9/s") != std::string::npos);
  CHECK(parse_count("12").value == 12);
  CHECK(parse_count("500k").value == 500000);
  CHECK(parse_count("20M").value == 2e7);
  CHECK(parse_count("1.5B").value == 1.5e9);
  CHECK(parse_count("1e6").value == 1e6);
  CHECK_FALSE(parse_count("5K"));
  CHECK_FALSE(parse_count("lots"));
  CHECK(parse_number("2.5").value == 2.5);
  CHECK_FALSE(parse_number("2.5s"));
  CHECK_FALSE(parse_number("0x10"));
}

TEST_CASE("did you mean") {
  CHECK(edit_distance("capacty", "capacity") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(did_you_mean("capacty", {"policy", "capacity", "patience"}) == " (did you mean \"capacity\"?)");
  CHECK(did_you_mean("zzzzzzzz", {"policy", "capacity"}).empty());
}
