#include "sim/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

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

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view contents) {
  std::string name = ".";
  name += path.filename().string();
  name += ".tmp.";
  name += std::to_string(::getpid());
  const std::filesystem::path tmp = path.parent_path() / name;

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
  if (::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    fail("flush", path, error, tmp);
  }
  if (::close(fd) != 0) fail("close", path, errno, tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) fail("rename into", path, errno, tmp);
  sync_directory(path.parent_path());
}

}  // namespace capsim::sim
