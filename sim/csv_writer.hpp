// CSV text built in memory and written atomically. Numbers use the shortest representation
// that reads back to the same double, so output is exact and byte-for-byte reproducible.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace capsim::sim {

class CsvWriter {
 public:
  explicit CsvWriter(std::vector<std::string> header);

  CsvWriter& cell(std::string_view text);
  CsvWriter& cell(const std::string& text) { return cell(std::string_view(text)); }
  CsvWriter& cell(const char* text) { return cell(std::string_view(text)); }
  CsvWriter& cell(double value);  // NaN: NA; infinities: inf, -inf
  CsvWriter& cell(std::int64_t value);
  CsvWriter& cell(std::uint64_t value);
  // Ends the row; throws std::logic_error if it has a different number of cells than the header.
  void end_row();

  const std::string& text() const { return text_; }
  std::size_t rows() const { return rows_; }
  void write_atomically(const std::filesystem::path& path) const;

 private:
  void separator();
  std::size_t columns_;
  std::size_t in_row_ = 0;
  std::size_t rows_ = 0;
  std::string text_;
};

}  // namespace capsim::sim
