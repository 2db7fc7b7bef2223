// A batch request line on arbitrary bytes: never throws, always one answer that is JSON, and the
// one-pass request reader answers exactly as nlohmann's full reader does (the same line with a
// field only the full reader takes).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "flinkmem/batch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string line(reinterpret_cast<const char*>(data), size);
    if (line.find('\n') != std::string::npos) return 0;  // batch splits lines before this
    const flinkmem::BatchAnswer answer = flinkmem::answer_batch_line(line, 1);
    if (!nlohmann::json::accept(answer.json)) __builtin_trap();
    // {"key"... -> {"zz":0,"key"...: the same request for the full reader.
    const std::size_t brace = line.find_first_not_of(" \t\r");
    if (brace == std::string::npos || line[brace] != '{') return 0;
    const std::size_t next = line.find_first_not_of(" \t\r", brace + 1);
    if (next == std::string::npos || line[next] != '"') return 0;
    if (answer.json.find("not valid JSON") != std::string::npos) return 0;  // positions would differ
    const std::string full = line.substr(0, brace + 1) + "\"zz\":0," + line.substr(brace + 1);
    const flinkmem::BatchAnswer other = flinkmem::answer_batch_line(full, 1);
    if (other.json != answer.json || other.invalid_request != answer.invalid_request) __builtin_trap();
    return 0;
}
