#pragma once
// Sample sets with known shapes for the DDSketch tests, and the exact quantile they are checked
// against: the sample of rank floor(q * (n - 1)) of the sorted samples, which is the rank the
// sketch promises to be within alpha of.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace liveload::telemetry::testing {

struct Distribution {
  std::string name;
  std::vector<double> values;
};

inline std::vector<Distribution> distributions(size_t n = 20000) {
  std::mt19937_64 rng(20240601);
  std::vector<Distribution> out;

  Distribution uniform{"uniform", {}};
  std::uniform_real_distribution<double> u(0.0, 1e6);
  for (size_t i = 0; i < n; ++i) uniform.values.push_back(u(rng));
  out.push_back(std::move(uniform));

  Distribution exponential{"exponential", {}};
  std::exponential_distribution<double> e(1.0 / 5000.0);
  for (size_t i = 0; i < n; ++i) exponential.values.push_back(e(rng));
  out.push_back(std::move(exponential));

  // Pareto with shape 1.1: a tail so heavy that its variance is infinite, the shape of latencies
  // under overload.
  Distribution pareto{"pareto", {}};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (size_t i = 0; i < n; ++i)
    pareto.values.push_back(1000.0 / std::pow(1.0 - unit(rng), 1 / 1.1));
  out.push_back(std::move(pareto));

  Distribution constant{"constant", std::vector<double>(n, 4242.0)};
  out.push_back(std::move(constant));

  // A quarter exact zeros, the rest log-uniform over nine decades.
  Distribution with_zeros{"zeros and log-uniform", {}};
  for (size_t i = 0; i < n; ++i) {
    with_zeros.values.push_back(i % 4 == 0 ? 0.0 : std::pow(10.0, 9 * unit(rng)));
  }
  out.push_back(std::move(with_zeros));
  return out;
}

inline double exact_quantile(std::vector<double> sorted, double q) {
  std::sort(sorted.begin(), sorted.end());
  const auto rank = static_cast<size_t>(std::floor(q * static_cast<double>(sorted.size() - 1)));
  return sorted[rank];
}

inline std::vector<double> many_quantiles() {
  std::vector<double> qs;
  for (int i = 0; i <= 1000; ++i) qs.push_back(i / 1000.0);
  for (double q : {0.9995, 0.9999, 0.99999}) qs.push_back(q);
  return qs;
}

}  // namespace liveload::telemetry::testing
