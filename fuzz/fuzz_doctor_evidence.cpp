// The doctor's evidence readers (logs and stack traces, YARN diagnostics, pods) on arbitrary bytes:
// a log is never rejected, a pod document either reads or is an Error; every event points at a
// line of the input, and diagnosing what was read never throws.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "flinkmem/doctor/doctor.hpp"
#include "flinkmem/doctor/evidence.hpp"
#include "flinkmem/error.hpp"

namespace {

void check(const flinkmem::doctor::EvidenceFile& file, std::string_view text) {
    const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    for (const auto& event : file.events) {
        if (event.where.line < 1 || event.where.line > lines) __builtin_trap();
        if (event.required_buffers < 0 &&
            event.kind != flinkmem::doctor::EventKind::InsufficientNetworkBuffers)
            __builtin_trap();
    }
    if (file.recognised != !file.events.empty()) __builtin_trap();
    flinkmem::doctor::DoctorRequest request;
    request.evidence.push_back(file);
    try {
        (void)flinkmem::doctor::diagnose(request);
    } catch (const flinkmem::Error& e) {
        // Only an unknown Flink version from the banner is an error.
        if (!e.is(flinkmem::ErrorClass::UnsupportedInput)) __builtin_trap();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check(flinkmem::doctor::read_log(text, "fuzz.log"), text);
    try {
        check(flinkmem::doctor::read_pod(text, "fuzz.yaml"), text);
    } catch (const flinkmem::Error&) {
    }
    return 0;
}
