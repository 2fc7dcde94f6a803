// The smallest complete scenario, which the error tests break one key at a time.
#pragma once

namespace capsim::testing {

inline constexpr const char* kMinimalScenario = R"(name: t
horizon: 1000s
services:
  - name: chat
    signups: {process: poisson, rate: 9/s}
    waitlist:
      policy: fifo
      capacity: 10
    usage:
      lifetime: {dist: exponential, mean: 1s}
)";

}  // namespace capsim::testing
