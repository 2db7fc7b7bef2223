// Format detection and every manifest reader (FlinkDeployment, FlinkSessionJob, ConfigMap,
// Compose) on arbitrary bytes: documents or one flinkmem::Error, never a crash or another
// exception; several documents are always named apart.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "flinkmem/readers/inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto documents = flinkmem::read_configurations(text, "input.yaml");
        if (documents.empty()) __builtin_trap();
        if (documents.size() > 1) {
            for (const auto& document : documents) {
                if (!document.name.starts_with("input.yaml#")) __builtin_trap();
            }
        }
    } catch (const flinkmem::Error& e) {
        if (e.message().empty()) __builtin_trap();
    }
    return 0;
}
