// Closed forms of the queueing models the waitlist must reproduce (VALIDATION.md).
#pragma once

#include <algorithm>
#include <vector>

namespace capsim::testing {

// Erlang B blocking probability B(c, a) by the stable recursion.
inline double erlang_b(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

// Erlang C: probability that an arrival waits, M/M/c with offered load a = lambda / mu.
inline double erlang_c(int c, double a) {
  const double b = erlang_b(c, a);
  const double rho = a / c;
  return b / (1 - rho + rho * b);
}

// Non-preemptive priority in M/M/c with one service rate mu for all classes (Cobham's formula
// with the M/M/c residual): class k (0 first) waits W0 / ((1 - s_{k-1})(1 - s_k)), where
// W0 = C(c, a) / (c mu) and s_k = sum_{i <= k} lambda_i / (c mu).
inline double mmc_priority_wait(int c, const std::vector<double>& lambdas, std::size_t k, double mu = 1.0) {
  double total = 0;
  for (double l : lambdas) total += l;
  const double w0 = erlang_c(c, total / mu) / (c * mu);
  double before = 0;
  for (std::size_t i = 0; i < k; ++i) before += lambdas[i] / (c * mu);
  const double through = before + lambdas[k] / (c * mu);
  return w0 / ((1 - before) * (1 - through));
}

struct ErlangA {
  double p_wait, p_abandon, wait_mean;
};

// M/M/c+M by its birth-death chain (truncated where the probabilities vanish).
inline ErlangA erlang_a(int c, double lambda, double theta, double mu = 1.0) {
  std::vector<double> p{1.0};
  for (int n = 1; n < 1000000; ++n) {
    const double death = std::min(n, c) * mu + std::max(n - c, 0) * theta;
    p.push_back(p.back() * lambda / death);
    if (n > c + 10 && p.back() < 1e-300) break;
  }
  double z = 0, pw = 0, lq = 0;
  for (double x : p) z += x;
  for (std::size_t n = 0; n < p.size(); ++n) {
    if (static_cast<int>(n) >= c) {
      pw += p[n] / z;
      lq += static_cast<double>(n - static_cast<std::size_t>(c)) * p[n] / z;
    }
  }
  return ErlangA{pw, theta * lq / lambda, lq / lambda};
}

}  // namespace capsim::testing
