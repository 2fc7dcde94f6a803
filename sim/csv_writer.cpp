#include "sim/csv_writer.hpp"

#include <cmath>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/atomic_file.hpp"

namespace capsim::sim {

CsvWriter::CsvWriter(const std::vector<std::string>& header) : columns_(header.size()) {
  for (const std::string& h : header) cell(h);
  end_row();
  rows_ = 0;  // the header is not a data row
}

void CsvWriter::separator() {
  if (in_row_++ > 0) text_ += ',';
}

CsvWriter& CsvWriter::cell(std::string_view s) {
  separator();
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    text_ += s;
    return *this;
  }
  text_ += '"';
  for (const char c : s) {
    if (c == '"') text_ += '"';
    text_ += c;
  }
  text_ += '"';
  return *this;
}

CsvWriter& CsvWriter::cell(double v) {
  separator();
  if (std::isnan(v)) text_ += "NA";
  else if (std::isinf(v)) text_ += v > 0 ? "inf" : "-inf";
  else fmt::format_to(std::back_inserter(text_), "{}", v);
  return *this;
}

CsvWriter& CsvWriter::cell(std::int64_t v) {
  separator();
  fmt::format_to(std::back_inserter(text_), "{}", v);
  return *this;
}

CsvWriter& CsvWriter::cell(std::uint64_t v) {
  separator();
  fmt::format_to(std::back_inserter(text_), "{}", v);
  return *this;
}

void CsvWriter::end_row() {
  if (in_row_ != columns_) {
    const std::size_t cells = in_row_;
    text_.resize(row_start_);
    in_row_ = 0;
    throw std::logic_error(fmt::format("CSV row has {} cells, the header {}", cells, columns_));
  }
  text_ += '\n';
  in_row_ = 0;
  row_start_ = text_.size();
  ++rows_;
}

void CsvWriter::write_atomically(const std::filesystem::path& path) const { write_file_atomically(path, text_); }

}  // namespace capsim::sim
