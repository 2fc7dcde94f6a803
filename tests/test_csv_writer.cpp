#include <stdlib.h>  // mkdtemp

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <algorithm>

#include "sim/atomic_file.hpp"
#include "sim/csv_writer.hpp"

using capsim::sim::CsvWriter;
using capsim::sim::write_file_atomically;
namespace fs = std::filesystem;

namespace {

// A fresh empty directory, removed with its contents at destruction.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "capsim-csv-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("CSV strings are quoted only when they need it") {
  CsvWriter csv({"plain", "needs,quote"});
  CHECK(csv.text() == "plain,\"needs,quote\"\n");
  CHECK(csv.rows() == 0);
  csv.cell("simple text").cell(std::string("with,comma")).end_row();
  csv.cell(std::string_view("say \"hi\"")).cell("").end_row();
  csv.cell("line\nbreak").cell("carriage\rreturn").end_row();
  CHECK(csv.text() ==
        "plain,\"needs,quote\"\n"
        "simple text,\"with,comma\"\n"
        "\"say \"\"hi\"\"\",\n"
        "\"line\nbreak\",\"carriage\rreturn\"\n");
  CHECK(csv.rows() == 3);
}

TEST_CASE("CSV numbers: shortest round-trip doubles, integers in full, NA and inf") {
  CsvWriter csv({"a", "b", "c", "d"});
  csv.cell(0.1).cell(1e-12).cell(static_cast<std::int64_t>(-3)).cell(2.0).end_row();
  csv.cell(std::numeric_limits<double>::quiet_NaN())
      .cell(std::numeric_limits<double>::infinity())
      .cell(-std::numeric_limits<double>::infinity())
      .cell(std::numeric_limits<std::uint64_t>::max())
      .end_row();
  csv.cell(42).cell(std::size_t{7}).cell(std::numeric_limits<std::int64_t>::min()).cell(1e21).end_row();
  CHECK(csv.text() ==
        "a,b,c,d\n"
        "0.1,1e-12,-3,2\n"
        "NA,inf,-inf,18446744073709551615\n"
        "42,7,-9223372036854775808,1e+21\n");
  // Exact: the text reads back to the same double.
  CsvWriter exact({"x"});
  for (double x : {0.1 + 0.2, 1.0 / 3, 6.02214076e23, 5e-324, -123.456}) exact.cell(x).end_row();
  std::istringstream lines(exact.text());
  std::string line;
  std::getline(lines, line);
  CHECK(line == "x");
  for (double x : {0.1 + 0.2, 1.0 / 3, 6.02214076e23, 5e-324, -123.456}) {
    REQUIRE(std::getline(lines, line));
    CHECK(std::strtod(line.c_str(), nullptr) == x);
  }
  CHECK(exact.text().find("0.30000000000000004\n") != std::string::npos);
}

TEST_CASE("CSV rows must match the header's length") {
  CsvWriter csv({"a", "b"});
  csv.cell(1.0);
  CHECK_THROWS_AS(csv.end_row(), std::logic_error);
  CHECK(csv.text() == "a,b\n");  // the bad row is discarded
  CHECK(csv.rows() == 0);
  csv.cell(1.0).cell(2.0).cell(3.0);
  CHECK_THROWS_AS(csv.end_row(), std::logic_error);
  csv.cell("x").cell("y").end_row();  // the writer is still usable
  CHECK(csv.text() == "a,b\nx,y\n");
  CHECK(csv.rows() == 1);
}

TEST_CASE("atomic write: the file appears whole and no temporary is left") {
  ScratchDir dir;
  const fs::path target = dir.path() / "out.csv";
  write_file_atomically(target, "one\n");
  CHECK(slurp(target) == "one\n");
  write_file_atomically(target, "two,2\nthree,3\n");  // replaces
  CHECK(slurp(target) == "two,2\nthree,3\n");
  CHECK(entries(dir.path()) == std::vector<std::string>{"out.csv"});
  write_file_atomically(target, "");
  CHECK(fs::exists(target));
  CHECK(fs::file_size(target) == 0);

  CsvWriter csv({"k", "v"});
  csv.cell("pi").cell(3.25).end_row();
  csv.write_atomically(dir.path() / "w.csv");
  CHECK(slurp(dir.path() / "w.csv") == "k,v\npi,3.25\n");
  CHECK(entries(dir.path()).size() == 2);
}

TEST_CASE("atomic write failures name the path and the reason, and clean up") {
  ScratchDir dir;
  const fs::path missing = dir.path() / "missing" / "f.csv";
  try {
    write_file_atomically(missing, "x");
    FAIL("expected an error");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.find(missing.string()) != std::string::npos);
    CHECK(what.find(std::strerror(ENOENT)) != std::string::npos);
  }
  // The rename fails (the target is a non-empty directory): the temporary must not stay behind.
  const fs::path blocked = dir.path() / "blocked";
  fs::create_directories(blocked / "inside");
  CHECK_THROWS_AS(write_file_atomically(blocked, "x"), std::runtime_error);
  CHECK(entries(dir.path()) == std::vector<std::string>{"blocked"});
}

TEST_CASE("atomic batch: files appear only at commit, in order, whole, an abandoned batch leaves nothing") {
  ScratchDir dir;
  {
    capsim::sim::AtomicFileBatch batch;
    batch.add(dir.path() / "a.csv", "a\n");
    batch.add(dir.path() / "b.csv", "b\n");
    CHECK(!fs::exists(dir.path() / "a.csv"));  // only temporaries so far
    CHECK(entries(dir.path()).size() == 2);
  }  // not committed: the temporaries are removed
  CHECK(entries(dir.path()).empty());

  capsim::sim::AtomicFileBatch batch;
  batch.add(dir.path() / "a.csv", "first\n");
  batch.add(dir.path() / "b.csv", "second\n");
  batch.commit();
  CHECK(slurp(dir.path() / "a.csv") == "first\n");
  CHECK(slurp(dir.path() / "b.csv") == "second\n");
  CHECK(entries(dir.path()) == std::vector<std::string>{"a.csv", "b.csv"});
  CHECK(fs::last_write_time(dir.path() / "a.csv") <= fs::last_write_time(dir.path() / "b.csv"));
}

TEST_CASE("atomic batch: a failed rename names the path and leaves no temporary") {
  ScratchDir dir;
  fs::create_directories(dir.path() / "blocked" / "inside");
  capsim::sim::AtomicFileBatch batch;
  batch.add(dir.path() / "ok.csv", "x\n");
  batch.add(dir.path() / "blocked", "y\n");
  batch.add(dir.path() / "later.csv", "z\n");
  try {
    batch.commit();
    FAIL("expected an error");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find((dir.path() / "blocked").string()) != std::string::npos);
  }
  CHECK(slurp(dir.path() / "ok.csv") == "x\n");  // renamed before the failure
  CHECK(entries(dir.path()) == std::vector<std::string>{"blocked", "ok.csv"});
}
