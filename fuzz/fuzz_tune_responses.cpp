// tune's response reader (REST JSON shapes, Prometheus text) on arbitrary bytes: it reads an
// observation or says the response is not Flink's (Error), never anything else; tuning what it
// read never throws but for an unknown Flink version.
#include <cstddef>
#include <cstdint>
#include <string>

#include "flinkmem/doctor/tune.hpp"
#include "flinkmem/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return 0;
    const std::string text(reinterpret_cast<const char*>(data), size);
    flinkmem::doctor::TuneRequest request;
    try {
        request.observation = flinkmem::doctor::read_observation({{"fuzz", "", text}});
    } catch (const flinkmem::Error& e) {
        if (!e.is(flinkmem::ErrorClass::UnsupportedInput)) __builtin_trap();
        return 0;
    }
    if (request.observation.samples.size() > 100) return 0;  // planning many is slow, not wrong
    if (const auto& job = request.observation.job) {
        std::int64_t slots = 0;
        for (const auto& vertex : job->vertices) slots += vertex.parallelism;
        if (slots * static_cast<std::int64_t>(job->vertices.size()) > 200000) return 0;
    }
    try {
        (void)flinkmem::doctor::tune(request);
    } catch (const flinkmem::Error& e) {
        if (!e.is(flinkmem::ErrorClass::UnsupportedInput)) __builtin_trap();
    }
    return 0;
}
