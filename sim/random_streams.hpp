// Named random streams (Boost.Random, portable across standard libraries).
//
// Each model component draws from its own stream, seeded by SplitMix64 from (scenario seed,
// replication, FNV-1a hash of the stream's name). The arms of a sweep therefore share common
// random numbers, and adding a component (a new name) does not shift any other stream.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>

namespace capsim::sim {

using Rng = boost::random::mt19937_64;

inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline constexpr std::uint64_t fnv1a64(std::string_view s) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

inline std::uint64_t stream_seed(std::uint64_t seed, std::uint64_t replication, std::string_view name) {
  std::uint64_t state = seed;
  std::uint64_t a = splitmix64(state);
  state = a ^ replication;
  std::uint64_t b = splitmix64(state);
  state = b ^ fnv1a64(name);
  return splitmix64(state);
}

class RandomStreams {
 public:
  RandomStreams(std::uint64_t seed, std::uint64_t replication) : seed_(seed), replication_(replication) {}
  Rng stream(std::string_view name) const { return Rng(stream_seed(seed_, replication_, name)); }

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
};

}  // namespace capsim::sim
