// The config.yaml reader on arbitrary bytes: it returns a document or throws flinkmem::Error
// (never anything else), and every value it keeps has a key and a line in the file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "flinkmem/readers/config_yaml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const flinkmem::Document document = flinkmem::read_config_yaml(text, "config.yaml");
        for (const auto& [key, entry] : document.config.entries()) {
            if (entry.source.line < 1) __builtin_trap();
        }
    } catch (const flinkmem::Error& e) {
        if (e.message().empty()) __builtin_trap();
    }
    return 0;
}
