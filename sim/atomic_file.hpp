// Whole-file writes that readers never see half done: write a temporary beside the target,
// flush it to disk, rename it over the target.
#pragma once

#include <filesystem>
#include <string_view>

namespace capsim::sim {

// Throws std::runtime_error naming the path and the system's reason on failure; the temporary
// is removed.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace capsim::sim
