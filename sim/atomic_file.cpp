#include "sim/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace capsim::sim {

namespace {

[[noreturn]] void fail(const char* what, const std::filesystem::path& path, int error, const std::filesystem::path& tmp) {
  ::unlink(tmp.c_str());  // may not exist; nothing to do then
  std::string message = "cannot ";
  message += what;
  message += ' ';
  message += path.string();
  message += ": ";
  message += std::strerror(error);
  throw std::runtime_error(message);
}

// Makes the rename itself durable. Best effort: some file systems refuse fsync on directories.
void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

std::filesystem::path temporary_for(const std::filesystem::path& path) {
  std::string name = ".";
  name += path.filename().string();
  name += ".tmp.";
  name += std::to_string(::getpid());
  return path.parent_path() / name;
}

// Writes `contents` to `tmp`; fsyncs it if `sync`; returns with the file closed.
void write_temporary(const std::filesystem::path& path, const std::filesystem::path& tmp, std::string_view contents, bool sync) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("create", path, errno, tmp);
  std::size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      fail("write", path, error, tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  if (sync && ::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    fail("flush", path, error, tmp);
  }
  if (::close(fd) != 0) fail("close", path, errno, tmp);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  const std::filesystem::path tmp = temporary_for(path);
  write_temporary(path, tmp, contents, true);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail("rename into", path, errno, tmp);
  sync_directory(path.parent_path());
}

AtomicFileBatch::~AtomicFileBatch() {
  for (const Pending& p : pending_) ::unlink(p.tmp.c_str());
}

void AtomicFileBatch::add(const std::filesystem::path& path, std::string_view contents) {
  Pending p{path, temporary_for(path)};
  write_temporary(path, p.tmp, contents, false);
  pending_.push_back(std::move(p));
}

void AtomicFileBatch::commit() {
  if (pending_.empty()) return;
  // One sync for all the temporaries' data: they live in one or a few directories of one
  // file system; syncfs() on the first directory flushes that file system.
  const std::filesystem::path first_dir = pending_.front().path.parent_path();
  const int fd = ::open(first_dir.empty() ? "." : first_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::syncfs(fd) != 0) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    const Pending p = pending_.front();
    fail("flush", p.path, error, p.tmp);
  }
  ::close(fd);
  std::vector<std::filesystem::path> dirs;
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const Pending p = pending_[i];
    if (std::rename(p.tmp.c_str(), p.path.c_str()) != 0) {
      const int error = errno;
      for (std::size_t j = i + 1; j < pending_.size(); ++j) ::unlink(pending_[j].tmp.c_str());
      pending_.clear();
      fail("rename into", p.path, error, p.tmp);
    }
    if (std::find(dirs.begin(), dirs.end(), p.path.parent_path()) == dirs.end()) dirs.push_back(p.path.parent_path());
  }
  pending_.clear();
  for (const std::filesystem::path& d : dirs) sync_directory(d);
}

}  // namespace capsim::sim
