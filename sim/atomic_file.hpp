// Whole-file writes that readers never see half done: write a temporary beside the target,
// flush it to disk, rename it over the target.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace capsim::sim {

// Writes `contents` to `.<filename>.tmp.<pid>` in the directory of `path`, fsyncs it and
// renames it over `path` (then fsyncs the directory, best effort). On failure the temporary is
// removed and std::runtime_error is thrown, naming `path` and the system's reason (strerror).
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// Several files that appear together, each atomically, in the order they were added, with two
// syncs in all instead of two per file: add() writes each temporary; commit() makes them
// durable with one sync of their file system (syncfs), renames them in order (so the last one
// added can mark the others complete), then syncs the directories. A batch not committed
// removes its temporaries. Errors as write_file_atomically's.
class AtomicFileBatch {
 public:
  AtomicFileBatch() = default;
  AtomicFileBatch(const AtomicFileBatch&) = delete;
  AtomicFileBatch& operator=(const AtomicFileBatch&) = delete;
  ~AtomicFileBatch();

  void add(const std::filesystem::path& path, std::string_view contents);
  void commit();

 private:
  struct Pending {
    std::filesystem::path path, tmp;
  };
  std::vector<Pending> pending_;
};

}  // namespace capsim::sim
