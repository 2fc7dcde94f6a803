#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "sim/atomic_file.hpp"
#include "sim/csv_writer.hpp"
#include "tests/cli_runner.hpp"

using namespace capsim;

TEST_CASE("CSV cells: quoting, exact shortest numbers, row checks") {
  sim::CsvWriter csv({"a", "b", "c"});
  csv.cell("plain").cell("with,comma").cell("say \"hi\"");
  csv.end_row();
  csv.cell(0.1).cell(1e-12).cell(static_cast<std::int64_t>(-3));
  csv.end_row();
  csv.cell(std::nan("")).cell(HUGE_VAL).cell(static_cast<std::uint64_t>(18446744073709551615ULL));
  csv.end_row();
  CHECK(csv.text() == "a,b,c\nplain,\"with,comma\",\"say \"\"hi\"\"\"\n0.1,1e-12,-3\nNA,inf,18446744073709551615\n");
  CHECK(csv.rows() == 3);
  csv.cell(1.0);
  CHECK_THROWS_AS(csv.end_row(), std::logic_error);
  sim::CsvWriter exact({"x"});
  exact.cell(0.1 + 0.2).end_row();
  CHECK(std::stod(exact.text().substr(2)) == 0.1 + 0.2);  // round-trips
}

TEST_CASE("atomic write: the file appears whole, no temporary is left, failures name the path") {
  testing::TempDir dir;
  sim::write_file_atomically(dir / "f.csv", "one\n");
  sim::write_file_atomically(dir / "f.csv", "two\n");
  CHECK(testing::read_file(dir / "f.csv") == "two\n");
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  CHECK(files == 1);
  try {
    sim::write_file_atomically(dir / "missing" / "f.csv", "x");
    FAIL("expected an error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find("missing/f.csv") != std::string::npos);
  }
}
