#include "models/config/grid_intensity_reader.hpp"

#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "models/input/table_file.hpp"
#include "models/input/units.hpp"

namespace capsim::models {
namespace {

constexpr std::string_view kElectricityMapsHeader[] = {"zone", "zone_name", "country", "year", "g_co2e_per_kwh", "renewable_pct",
                                                      "carbon_free_pct"};
constexpr std::string_view kEmberHeader[] = {"region", "g_co2e_per_kwh"};

class RowReader {
 public:
  RowReader(Diagnostics& diags, std::size_t line) : diags_(diags), line_(line) {}

  // The field as a number >= 0, or -1 after reporting the error.
  double number(const std::vector<std::string>& fields, std::size_t i, std::string_view column) {
    const Parsed p = parse_number(fields[i]);
    if (!p || p.value < 0) {
      error(column, p ? fmt::format("must be >= 0, got \"{}\"", fields[i]) : p.error);
      return -1;
    }
    return p.value;
  }

  void error(std::string_view column, std::string message) {
    diags_.error_from(fmt::format("{}:{}", diags_.file(), line_), std::string(column), std::move(message));
    failed_ = true;
  }
  bool failed() const { return failed_; }

 private:
  Diagnostics& diags_;
  std::size_t line_;
  bool failed_ = false;
};

}  // namespace

void read_grid_intensity_csv(std::string_view text, GridDataset dataset, Diagnostics& diags, GridIntensityTable& table) {
  const bool yearly = dataset == GridDataset::ElectricityMaps;
  const std::span<const std::string_view> header = yearly ? std::span<const std::string_view>(kElectricityMapsHeader)
                                                          : std::span<const std::string_view>(kEmberHeader);
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    start = end + 1;
    ++line_no;
    const std::vector<std::string> fields = split_csv_line(line);
    RowReader row(diags, line_no);
    if (line_no == 1) {
      if (fields != std::vector<std::string>(header.begin(), header.end())) {
        row.error("", fmt::format("expected the header {}, got \"{}\"", fmt::join(header, ","), line));
        return;  // the columns are unknown: no row can be read
      }
      continue;
    }
    if (line.empty()) continue;
    if (fields.size() != header.size()) {
      row.error("", fmt::format("expected {} fields ({}), got {}", header.size(), fmt::join(header, ","), fields.size()));
      continue;
    }
    GridYear y;
    y.g_per_kwh = row.number(fields, yearly ? 4 : 1, "g_co2e_per_kwh");
    if (yearly) {
      const double year = row.number(fields, 3, "year");
      if (!row.failed() && (year != static_cast<double>(static_cast<int>(year)) || year < 1900 || year > 2200))
        row.error("year", fmt::format("expected a year such as 2023, got \"{}\"", fields[3]));
      y.year = static_cast<int>(year);
      y.renewable_pct = row.number(fields, 5, "renewable_pct");
      y.carbon_free_pct = row.number(fields, 6, "carbon_free_pct");
    }
    if (fields[0].empty()) row.error(header[0], "a region's code is empty");
    if (row.failed()) continue;
    const std::string_view name = yearly ? std::string_view(fields[1]) : std::string_view();
    const std::string_view country = yearly ? std::string_view(fields[2]) : std::string_view();
    if (!table.add(dataset, fields[0], name, country, y))
      row.error(header[0], yearly ? fmt::format("'{}' {} is given twice, or also by another dataset", fields[0], y.year)
                                  : fmt::format("'{}' is given twice, or also by another dataset", fields[0]));
  }
}

}  // namespace capsim::models
