// CSV text built in memory, then written atomically.
//
// Format: one header row, then data rows, each line ending in "\n". A string cell is quoted
// (RFC 4180: wrapped in double quotes, inner quotes doubled) only when it holds a comma, a
// double quote, CR or LF. Doubles use the shortest representation that reads back to the same
// double (fmt "{}": 0.1 -> "0.1", 1e-12 -> "1e-12", 2.0 -> "2"), so output is exact and
// byte-for-byte reproducible; NaN is written NA, infinities inf and -inf. Integers are written
// in full, without a decimal point.
#pragma once

#include <concepts>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace capsim::sim {

class CsvWriter {
 public:
  // Writes the header row; every data row must have as many cells.
  explicit CsvWriter(const std::vector<std::string>& header);

  CsvWriter& cell(std::string_view text);
  CsvWriter& cell(const std::string& text) { return cell(std::string_view(text)); }
  CsvWriter& cell(const char* text) { return cell(std::string_view(text)); }
  CsvWriter& cell(double value);
  CsvWriter& cell(std::int64_t value);
  CsvWriter& cell(std::uint64_t value);
  // Other integer types (int, unsigned, long long, std::size_t, ...) without ambiguity; bool and
  // char are refused at compile time rather than printed as numbers.
  template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char> && !std::same_as<T, std::int64_t> &&
             !std::same_as<T, std::uint64_t>)
  CsvWriter& cell(T value) {
    if constexpr (std::is_signed_v<T>) return cell(static_cast<std::int64_t>(value));
    else return cell(static_cast<std::uint64_t>(value));
  }

  // Ends the row. Throws std::logic_error if it has a different number of cells than the
  // header; the incomplete row is then discarded, so the text stays well-formed.
  void end_row();

  // Header and the completed rows (a row in progress is included until end_row()).
  const std::string& text() const { return text_; }
  // Completed data rows, not counting the header.
  std::size_t rows() const { return rows_; }
  // Writes text() with write_file_atomically().
  void write_atomically(const std::filesystem::path& path) const;

 private:
  void separator();

  std::size_t columns_;
  std::size_t in_row_ = 0;     // cells in the row in progress
  std::size_t row_start_ = 0;  // offset in text_ of the row in progress
  std::size_t rows_ = 0;
  std::string text_;
};

}  // namespace capsim::sim
