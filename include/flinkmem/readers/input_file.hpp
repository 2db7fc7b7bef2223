// The one reader of an input's bytes: a regular file (or "-", standard input) up to a stated
// limit. Devices, pipes, sockets and directories are refused before a byte is read, so that
// `/dev/zero` or a FIFO ends in an error instead of exhausting memory or waiting forever.
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

namespace flinkmem {

// The largest input flinkmem reads: far above any real configuration, far below memory trouble.
inline constexpr std::size_t kMaxInputBytes = std::size_t{64} << 20;

// The bytes of `path`, or of `standard_input` when path is "-". Throws flinkmem::Error (class
// UnsupportedInput when the input is not a configuration file flinkmem reads: a directory, a
// device, a FIFO, a socket, more than `limit` bytes, or bytes that are not text; IOException when
// the system refuses to read it) naming the input, located at the file, with a hint.
std::string read_input(const std::string& path, std::istream& standard_input,
                       std::size_t limit = kMaxInputBytes);
// As above, with std::cin for "-".
std::string read_input(const std::string& path, std::size_t limit = kMaxInputBytes);

// Throws UnsupportedInput when `bytes` are not text: a NUL byte anywhere, or bytes that are
// neither UTF-8 nor printable in most of its lines (Latin-1 in a comment is fine). The message
// names the byte offset of the first such byte. Both resolve and validate read through this.
void require_text(std::string_view bytes, const std::string& path);

}  // namespace flinkmem
