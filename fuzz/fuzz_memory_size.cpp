// MemorySize::parse on arbitrary text: it either throws flinkmem::Error or returns a size whose
// printed forms read back to the same size.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "flinkmem/error.hpp"
#include "flinkmem/memory_size.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const flinkmem::MemorySize parsed = flinkmem::MemorySize::parse(text);
        const std::string printed = parsed.to_string();
        if (flinkmem::MemorySize::parse(printed) != parsed) __builtin_trap();
        if (flinkmem::MemorySize::parse(std::to_string(parsed.bytes()) + "b") != parsed) __builtin_trap();
        static_cast<void>(parsed.to_human_readable_string());
    } catch (const flinkmem::Error&) {
    }
    return 0;
}
