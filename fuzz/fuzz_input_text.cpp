// The text check every input passes (require_text) and the quick flat-file path of the readers on
// arbitrary bytes: the check either accepts or refuses with UnsupportedInput and a byte offset
// inside the input; an accepted input reads without crashing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "flinkmem/error.hpp"
#include "flinkmem/readers/input_file.hpp"
#include "flinkmem/readers/inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        flinkmem::require_text(text, "fuzz.yaml");
    } catch (const flinkmem::Error& e) {
        if (!e.is(flinkmem::ErrorClass::UnsupportedInput) ||
            e.message().find("byte offset") == std::string::npos) {
            __builtin_trap();
        }
        return 0;
    }
    try {
        (void)flinkmem::read_configurations(text, "flink-conf.yaml", {});
    } catch (const flinkmem::Error&) {
        // A refusal is an answer.
    }
    return 0;
}
