// LookaheadRng: reading a stream ahead never changes what the stream yields.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "sim/lookahead_rng.hpp"
#include "sim/random_streams.hpp"

using capsim::sim::LookaheadRng;
using capsim::sim::Rng;

TEST_CASE("LookaheadRng yields the bare engine's sequence whatever is peeked in between, and a peek sees the draws to come") {
  Rng bare(12345);
  LookaheadRng ahead(Rng(12345));
  std::uint64_t draws = 0;
  for (int round = 0; round < 2000; ++round) {
    // Peek 0 to 300 outputs (past the 256 buffered: stand-ins), in a distribution's pattern.
    const int peeked = (round * 37) % 301;
    LookaheadRng::Cursor cursor = ahead.peek();
    std::vector<std::uint64_t> seen;
    for (int k = 0; k < peeked; ++k) seen.push_back(cursor());
    // Then consume 1 to 7 outputs: the first min(peeked, 256) of them are what the peek saw.
    const int taken = 1 + round % 7;
    for (int k = 0; k < taken; ++k) {
      const std::uint64_t expected = bare();
      const std::uint64_t got = ahead();
      REQUIRE(got == expected);
      if (k < peeked && k < static_cast<int>(LookaheadRng::kCapacity)) CHECK(seen[static_cast<std::size_t>(k)] == expected);
      ++draws;
    }
  }
  CHECK(draws > 7000);
}

TEST_CASE("LookaheadRng: distributions drawn through a cursor predict those drawn from the stream") {
  LookaheadRng stream(capsim::sim::RandomStreams(7, 0).stream("chat/sessions"));
  boost::random::exponential_distribution<double> unit(1.0);
  boost::random::uniform_int_distribution<std::size_t> pick(0, 999'999);
  for (int i = 0; i < 10'000; ++i) {
    LookaheadRng::Cursor cursor = stream.peek();
    const double t = unit(cursor);
    const std::size_t who = pick(cursor);
    CHECK(unit(stream) == t);
    CHECK(pick(stream) == who);
  }
}
