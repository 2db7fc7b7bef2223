#include "release_option.hpp"

#include <fmt/format.h>

#include "command.hpp"

namespace flinkmem::cli {

void add_flink_version_option(CLI::App& command, std::string& version) {
    command.add_option("--flink-version", version,
                       fmt::format("The Flink release line to answer for: {} (default {})",
                                   supported_versions_text(), kDefaultFlinkVersion.to_string()));
}

const Release& release_for(const std::string& version, std::string_view flag) {
    if (version.empty()) return default_release();
    const auto parsed = FlinkVersion::parse(version);
    const Release* release = parsed ? find_release(*parsed) : nullptr;
    if (release == nullptr) {
        throw CliError(fmt::format("{} {}: not a Flink release flinkmem knows; supported: {}", flag, version,
                                   supported_versions_text()));
    }
    return *release;
}

std::optional<FlinkVersion> requested_version(const std::string& version) {
    if (version.empty()) return std::nullopt;
    return release_for(version).version();
}

void add_format_option(CLI::App& command, std::string& format, const std::vector<std::string>& formats,
                       const std::string& description) {
    command.add_option("-o,--output", format, description)->check(CLI::IsMember(formats));
}

}  // namespace flinkmem::cli
