#include "output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "command.hpp"

namespace flinkmem::cli {

// Writes `text` to `path` through a temporary file in the same directory and a rename, so the
// file is either the old one or the whole new one, never a partial write.
void write_atomically(const std::string& path, const std::string& text) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
        throw CliError(fmt::format("cannot write {}: it is a directory", path));
    }
    const std::filesystem::path target(path);
    const std::filesystem::path directory = target.has_parent_path() ? target.parent_path() : ".";
    std::string temporary = (directory / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
    const int fd = mkstemp(temporary.data());
    if (fd < 0) throw CliError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    const auto fail = [&](int error) {
        ::close(fd);
        std::remove(temporary.c_str());
        throw CliError(fmt::format("cannot write {}: {}", path, std::strerror(error)));
    };
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(errno);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) fail(errno);
    if (::close(fd) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw CliError(fmt::format("cannot write {}: {}", path, std::strerror(error)));
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw CliError(fmt::format("cannot write {}: {}", path, std::strerror(error)));
    }
}

void add_output_file_option(CLI::App& command, std::string& path) {
    command.add_option(
        "--output-file", path,
        "Write what the command prints to FILE, atomically (nothing is written when the command "
        "fails on its input)");
}

}  // namespace flinkmem::cli
