// libFuzzer harness for the CSV readers (traces, token tables, number columns): the bytes
// become a file, read by each reader the way scenario loading reads it. They must return an
// error message or data, never crash. Built and run by scripts/fuzz.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "models/demand/signup_process.hpp"
#include "models/input/table_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string file = "/tmp/capsim-fuzz-csv-" + std::to_string(::getpid()) + ".csv";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::string error;
  std::vector<double> numbers;
  (void)capsim::models::read_number_column(file, numbers, error);
  std::vector<std::pair<double, double>> pairs;
  (void)capsim::models::read_pairs(file, "ContextTokens", "GeneratedTokens", pairs, error);
  for (bool counts : {false, true}) {
    capsim::models::SignupConfig c;
    c.process = "trace";
    c.file = file;
    c.counts = counts;
    c.interval_s = 1;
    if (capsim::models::SignupProcess::check_trace(c).empty()) {
      // A trace that passes the check must replay without an error.
      capsim::models::SignupProcess p(c, capsim::sim::Rng(1));
      for (int i = 0; i < 1000 && p.next() != capsim::models::SignupProcess::kNever; ++i) {
      }
    }
  }
  return 0;
}
