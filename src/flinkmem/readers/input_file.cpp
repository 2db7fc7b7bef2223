#include "flinkmem/readers/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "flinkmem/error.hpp"

namespace flinkmem {

namespace {

std::string mebibytes(std::size_t bytes) {
    return fmt::format("{} MiB", bytes >> 20);
}

Error input_error(ErrorClass error_class, const std::string& path, std::string message, std::string hint,
                  int line = 0) {
    Error error(error_class, std::move(message));
    error.with_context(ErrorContext{{}, {}, Source::in_file(path, line)});
    error.with_hint(std::move(hint));
    return error;
}

Error too_large(const std::string& path, std::size_t limit) {
    return input_error(
        ErrorClass::UnsupportedInput, path,
        fmt::format("cannot read {}: it is larger than {}, the most flinkmem reads", path, mebibytes(limit)),
        "A Flink configuration is a few kilobytes; give the configuration file itself, not a log "
        "or an archive.");
}

// What a non-regular file is, for the message; nullptr for a regular file.
const char* kind_of(mode_t mode) {
    if (S_ISREG(mode)) return nullptr;
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

Error not_a_file(const std::string& path, const char* kind) {
    const bool directory = std::strcmp(kind, "a directory") == 0;
    return input_error(ErrorClass::UnsupportedInput, path,
                       fmt::format("cannot read {}: it is {}, not a configuration file", path, kind),
                       directory ? "Name the configuration file in it, or give the directory with --conf-dir."
                                 : "Give the path of a configuration file, or - to read standard input "
                                   "(e.g. `- < file`).");
}

Error system_error(const std::string& path, int code) {
    // The system's reason ("No such file or directory", "Permission denied") says what to do.
    return input_error(ErrorClass::IOException, path,
                       fmt::format("cannot read {}: {}", path, std::strerror(code)), {});
}

// Closes the descriptor on every path out.
struct Descriptor {
    int fd;
    explicit Descriptor(int descriptor) : fd(descriptor) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

std::string read_regular_file(const std::string& path, std::size_t limit) {
    // stat first: a device or a FIFO is refused without opening it (opening a FIFO can block).
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) throw system_error(path, errno);
    if (const char* kind = kind_of(status.st_mode)) throw not_a_file(path, kind);
    if (static_cast<std::uintmax_t>(status.st_size) > limit) throw too_large(path, limit);

    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it does not wait.
    const Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
    if (file.fd < 0) throw system_error(path, errno);
    if (::fstat(file.fd, &status) != 0) throw system_error(path, errno);
    if (const char* kind = kind_of(status.st_mode)) throw not_a_file(path, kind);

    // Bounded even if the file grows while it is read: at most limit + 1 bytes.
    std::string bytes;
    bytes.resize(std::min(static_cast<std::size_t>(status.st_size), limit) + 1);
    std::size_t size = 0;
    while (true) {
        if (size == bytes.size()) {
            if (size > limit) throw too_large(path, limit);
            bytes.resize(std::min(bytes.size() * 2, limit + 1));
        }
        const ssize_t got = ::read(file.fd, bytes.data() + size, bytes.size() - size);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw system_error(path, errno);
        }
        if (got == 0) break;
        size += static_cast<std::size_t>(got);
    }
    if (size > limit) throw too_large(path, limit);
    bytes.resize(size);
    return bytes;
}

std::string read_stream(std::istream& in, const std::string& path, std::size_t limit) {
    std::string bytes;
    constexpr std::size_t kChunk = std::size_t{1} << 16;
    while (in && bytes.size() <= limit) {
        const std::size_t size = bytes.size();
        bytes.resize(size + std::min(kChunk, limit + 1 - size));
        in.read(bytes.data() + size, static_cast<std::streamsize>(bytes.size() - size));
        bytes.resize(size + static_cast<std::size_t>(in.gcount()));
    }
    if (bytes.size() > limit) throw too_large(path, limit);
    if (in.bad()) throw system_error(path, EIO);
    return bytes;
}

bool control_byte(unsigned char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7f;
}

// The length of the valid UTF-8 sequence at `at`, or 0.
std::size_t utf8_length(std::string_view text, std::size_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    unsigned minimum = 0;
    unsigned code = 0;
    if (c >= 0xc2 && c <= 0xdf) {
        length = 2, minimum = 0x80, code = c & 0x1fU;
    } else if (c >= 0xe0 && c <= 0xef) {
        length = 3, minimum = 0x800, code = c & 0x0fU;
    } else if (c >= 0xf0 && c <= 0xf4) {
        length = 4, minimum = 0x10000, code = c & 0x07U;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if ((next & 0xc0U) != 0x80) return 0;
        code = (code << 6U) | (next & 0x3fU);
    }
    if (code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
    return length;
}

}  // namespace

std::string read_input(const std::string& path, std::istream& standard_input, std::size_t limit) {
    std::string bytes =
        path == "-" ? read_stream(standard_input, path, limit) : read_regular_file(path, limit);
    require_text(bytes, path);
    return bytes;
}

std::string read_input(const std::string& path, std::size_t limit) {
    return read_input(path, std::cin, limit);
}

void require_text(std::string_view bytes, const std::string& path) {
    // A line is not text when it holds a control byte, or when most of its bytes are not UTF-8
    // (a Latin-1 comment has a few such bytes; random data has them everywhere).
    std::size_t lines = 0;
    std::size_t bad_lines = 0;
    std::size_t first_bad = std::string_view::npos;
    int first_bad_line = 0;
    std::size_t start = 0;
    while (start < bytes.size()) {
        std::size_t end = bytes.find('\n', start);
        if (end == std::string_view::npos) end = bytes.size();
        ++lines;
        std::size_t invalid = 0;
        std::size_t bad_at = std::string_view::npos;
        bool control = false;
        for (std::size_t i = start; i < end;) {
            const auto c = static_cast<unsigned char>(bytes[i]);
            if (c < 0x80) {
                if (control_byte(c)) {
                    if (c == 0) {
                        throw input_error(
                            ErrorClass::UnsupportedInput, path,
                            fmt::format("{} is not a Flink configuration: it is not text (a NUL byte at "
                                        "byte offset {})",
                                        path, i),
                            "Give the configuration file itself (flink-conf.yaml, config.yaml or a "
                            "Kubernetes manifest), as UTF-8 text; a binary, compressed or UTF-16 file "
                            "is not one.",
                            static_cast<int>(lines));
                    }
                    control = true;
                    bad_at = std::min(bad_at, i);
                }
                ++i;
                continue;
            }
            const std::size_t length = utf8_length(bytes, i);
            if (length == 0) {
                ++invalid;
                bad_at = std::min(bad_at, i);
                ++i;
            } else {
                i += length;
            }
        }
        if (control || invalid * 2 > end - start) {
            ++bad_lines;
            if (first_bad == std::string_view::npos) {
                first_bad = bad_at;
                first_bad_line = static_cast<int>(lines);
            }
        }
        start = end + 1;
    }
    if (bad_lines > 0 && bad_lines * 2 > lines) {
        throw input_error(
            ErrorClass::UnsupportedInput, path,
            fmt::format("{} is not a Flink configuration: it is not text ({} of {} lines hold control "
                        "bytes or are not UTF-8, the first at byte offset {})",
                        path, bad_lines, lines, first_bad),
            "Give the configuration file itself (flink-conf.yaml, config.yaml or a Kubernetes "
            "manifest), as UTF-8 text; a binary or compressed file is not one.",
            first_bad_line);
    }
}

}  // namespace flinkmem
