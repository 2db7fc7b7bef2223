// BufferedReader.readLine's line ends, found fast: a million-line file is split in one pass of
// memchr rather than a set search per character.
#pragma once

#include <cstring>
#include <string_view>

namespace flinkmem::java {

// The position of the first '\r' or '\n' at or after `start`, or text.size().
inline std::size_t line_end(std::string_view text, std::size_t start) {
    if (start >= text.size()) return text.size();
    const char* begin = text.data() + start;
    const std::size_t length = text.size() - start;
    const void* newline = std::memchr(begin, '\n', length);
    const std::size_t limit =
        newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - begin) : length;
    const void* carriage = std::memchr(begin, '\r', limit);
    const std::size_t end =
        carriage ? static_cast<std::size_t>(static_cast<const char*>(carriage) - begin) : limit;
    return start + end;
}

}  // namespace flinkmem::java
