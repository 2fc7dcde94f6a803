// Whole-file writes that readers never see half done: write a temporary beside the target,
// flush it to disk, rename it over the target.
#pragma once

#include <filesystem>
#include <string_view>

namespace capsim::sim {

// Writes `contents` to `.<filename>.tmp.<pid>` in the directory of `path`, fsyncs it and
// renames it over `path` (then fsyncs the directory, best effort). On failure the temporary is
// removed and std::runtime_error is thrown, naming `path` and the system's reason (strerror).
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace capsim::sim
