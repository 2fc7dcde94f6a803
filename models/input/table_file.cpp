#include "models/input/table_file.hpp"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "models/input/units.hpp"

namespace capsim::models {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += line[++i];
      else if (c == '"') quoted = false;
      else cur += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

}  // namespace

std::string resolve_relative(const std::string& scenario_file, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(scenario_file).parent_path() / p).string();
}

bool parse_time_field(const std::string& text, double& seconds) {
  if (const Parsed n = parse_number(text)) {
    seconds = n.value;
    return true;
  }
  int y, mo, d, h, mi;
  double s;
  char tail;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d %2d:%2d:%lf%c", &y, &mo, &d, &h, &mi, &s, &tail) != 6) return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s < 0 || s >= 61) return false;
  seconds = static_cast<double>(days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
  return true;
}

bool read_number_column(const std::string& file, std::vector<double>& out, std::string& error) {
  std::ifstream in(file);
  if (!in) {
    error = fmt::format("cannot open \"{}\"", file);
    return false;
  }
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::string field = split_csv_line(line).front();
    if (field.empty()) continue;
    const Parsed p = parse_number(field);
    if (!p) {
      if (n == 1) continue;  // header
      error = fmt::format("{}:{}: expected a number, got \"{}\"", file, n, field);
      return false;
    }
    out.push_back(p.value);
  }
  if (out.empty()) {
    error = fmt::format("\"{}\" holds no numbers", file);
    return false;
  }
  return true;
}

namespace {

bool skipped(const std::string& line) { return line.empty() || line == "\r" || line.front() == '#'; }

}  // namespace

CsvRows::CsvRows(const std::string& file) : file_(file), in_(file) {
  if (!in_) {
    error_ = fmt::format("cannot open \"{}\"", file);
    return;
  }
  while (std::getline(in_, text_)) {
    ++line_;
    if (skipped(text_)) continue;
    header_ = split_csv_line(text_);
    return;
  }
  error_ = fmt::format("\"{}\" is empty", file);
}

int CsvRows::column(const std::string& name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return static_cast<int>(i);
  return -1;
}

bool CsvRows::next(std::vector<std::string>& fields) {
  while (std::getline(in_, text_)) {
    ++line_;
    if (skipped(text_)) continue;
    fields = split_csv_line(text_);
    if (fields.size() != header_.size()) {
      error_ = fmt::format("{}: expected {} fields, got {}", where(), header_.size(), fields.size());
      return false;
    }
    return true;
  }
  return false;
}

std::string CsvRows::where() const { return fmt::format("{}:{}", file_, line_); }

std::string CsvRows::where(std::size_t index) const {
  std::size_t column = 0, field = 0;  // the first character of field `index`, as split_csv_line reads
  bool quoted = false;
  for (; column < text_.size() && field < index; ++column) {
    if (text_[column] == '"') quoted = !quoted;
    else if (text_[column] == ',' && !quoted) ++field;
  }
  return fmt::format("{}:{}:{}", file_, line_, column + 1);
}

bool read_pairs(const std::string& file, const std::string& first, const std::string& second,
                std::vector<std::pair<double, double>>& out, std::string& error) {
  CsvRows rows(file);
  if (!rows.ok()) {
    error = rows.error();
    return false;
  }
  const int a = rows.column(first), b = rows.column(second);
  if (a < 0 || b < 0) {
    error = fmt::format("\"{}\" needs columns {} and {}", file, first, second);
    return false;
  }
  std::vector<std::string> f;
  while (rows.next(f)) {
    const Parsed x = parse_number(f[static_cast<std::size_t>(a)]), y = parse_number(f[static_cast<std::size_t>(b)]);
    if (!x || !y || x.value < 0 || y.value < 0) {
      error = fmt::format("{}: expected non-negative numbers in {} and {}", rows.where(), first, second);
      return false;
    }
    out.emplace_back(x.value, y.value);
  }
  if (!rows.ok()) {
    error = rows.error();
    return false;
  }
  if (out.empty()) {
    error = fmt::format("\"{}\" has no rows", file);
    return false;
  }
  return true;
}

}  // namespace capsim::models
