// BufferedSampler: drawing in blocks never changes the values a stream yields, nor their order.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/buffered_sampler.hpp"
#include "sim/distribution.hpp"
#include "sim/random_streams.hpp"

using capsim::sim::BufferedSampler;
using capsim::sim::Distribution;
using capsim::sim::Rng;

namespace {

// Three and a half blocks, drawn one at a time from a bare copy of the stream and from the sampler.
void check_same_sequence(const Distribution& dist, const std::string& name, double divisor = 1.0) {
  INFO(name);
  Distribution one_at_a_time = dist;
  Rng bare(20260514);
  BufferedSampler sampler(dist, Rng(20260514), divisor);
  const std::size_t n = BufferedSampler::kBlock * 7 / 2;
  std::size_t differ = 0;
  for (std::size_t i = 0; i < n; ++i) differ += one_at_a_time.sample(bare) / divisor != sampler.next();
  CHECK(differ == 0);
}

}  // namespace

TEST_CASE("BufferedSampler yields, value for value, what sampling its stream one draw at a time yields") {
  check_same_sequence(Distribution::exponential(1.0), "exponential 1");
  check_same_sequence(Distribution::exponential(0.37), "exponential 0.37");
  check_same_sequence(Distribution::exponential(1.0), "Exp(1) / 9, a Poisson gap", 9.0);
  // Gamma rejects some candidates, so a draw takes a varying number of the stream's outputs.
  check_same_sequence(Distribution::gamma(0.5, 2.0), "gamma 0.5");
  check_same_sequence(Distribution::gamma(3.0, 1.0), "gamma 3");
  check_same_sequence(Distribution::lognormal(0.1, 0.8), "lognormal");
  check_same_sequence(Distribution::empirical({1, 2, 5}, {0.2, 0.5, 0.3}), "empirical");
}

TEST_CASE("BufferedSampler: two samplers on different streams differ") {
  BufferedSampler a(Distribution::exponential(2.0), Rng(1));
  BufferedSampler b(Distribution::exponential(2.0), Rng(2));
  std::size_t same = 0;
  for (int i = 0; i < 100; ++i) same += a.next() == b.next();
  CHECK(same == 0);
}
