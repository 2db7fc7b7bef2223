#include "flinkmem/flink_version.hpp"

#include <charconv>

namespace flinkmem {

std::optional<FlinkVersion> FlinkVersion::parse(std::string_view text) {
    if (text.starts_with('v') || text.starts_with('V')) text.remove_prefix(1);
    const auto number = [&text](int& out) {
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
        if (error != std::errc{} || end == text.data()) return false;
        text.remove_prefix(static_cast<std::size_t>(end - text.data()));
        return true;
    };
    FlinkVersion version;
    if (!number(version.major) || text.empty() || (text[0] != '.' && text[0] != '_')) return std::nullopt;
    text.remove_prefix(1);
    if (!number(version.minor)) return std::nullopt;
    // An optional patch level: ".1" or "_1".
    if (!text.empty()) {
        int patch = 0;
        if (text[0] != '.' && text[0] != '_') return std::nullopt;
        text.remove_prefix(1);
        if (!number(patch) || !text.empty()) return std::nullopt;
    }
    if (version.major < 0 || version.minor < 0) return std::nullopt;
    return version;
}

std::string FlinkVersion::to_string() const {
    return std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace flinkmem
