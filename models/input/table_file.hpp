// Small CSV inputs of scenarios: number columns (modulation profiles), traces read row by row
// (arrivals are never preloaded), token-length tables. Errors name file:line and the field.
#pragma once

#include <fstream>
#include <string>
#include <vector>

namespace capsim::models {

// The fields of one CSV line (RFC 4180 quotes; a trailing CR dropped).
std::vector<std::string> split_csv_line(const std::string& line);

// `path` relative to the directory of `scenario_file` (absolute paths pass through).
std::string resolve_relative(const std::string& scenario_file, const std::string& path);

// One number per line, or the first column of a CSV; a non-numeric first line is a header.
bool read_number_column(const std::string& file, std::vector<double>& out, std::string& error);

// Seconds from a number ("12.5") or a timestamp "YYYY-MM-DD HH:MM:SS[.fffffff]" (UTC, seconds
// since 1970). False if neither.
bool parse_time_field(const std::string& text, double& seconds);

// A CSV file read one row at a time, with a header row naming the columns. Empty lines and
// lines starting with '#' (comments: where the numbers come from) are skipped, before the
// header too.
class CsvRows {
 public:
  // Opens `file`; on failure ok() is false and error() says why.
  explicit CsvRows(const std::string& file);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // Index of a column by header name, or -1.
  int column(const std::string& name) const;
  const std::vector<std::string>& header() const { return header_; }
  // Reads the next row into fields; false at the end of the file (or on error: see error()).
  bool next(std::vector<std::string>& fields);
  // "file:line" of the row last read.
  std::string where() const;
  // "file:line:column" of field `index` of the row last read (the header before any row), the
  // column counted in characters from 1.
  std::string where(std::size_t index) const;

 private:
  std::string file_;
  std::ifstream in_;
  std::vector<std::string> header_;
  std::string error_;
  std::string text_;  // the line last read
  std::size_t line_ = 0;
};

// Reads two numeric columns in full (used for token lengths: a few tens of thousands of rows).
bool read_pairs(const std::string& file, const std::string& first, const std::string& second,
                std::vector<std::pair<double, double>>& out, std::string& error);

}  // namespace capsim::models
