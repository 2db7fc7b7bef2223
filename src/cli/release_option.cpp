#include "release_option.hpp"

#include <fmt/format.h>

#include "command.hpp"

namespace flinkmem::cli {

void add_flink_version_option(CLI::App& command, std::string& version) {
    command.add_option("--flink-version", version,
                       fmt::format("The Flink release line to answer for: {} (default {})",
                                   supported_versions_text(), kDefaultFlinkVersion.to_string()));
}

const Release& release_for(const std::string& version) {
    if (version.empty()) return default_release();
    const auto parsed = FlinkVersion::parse(version);
    const Release* release = parsed ? find_release(*parsed) : nullptr;
    if (release == nullptr) {
        throw CliError(fmt::format("--flink-version {}: not a Flink release flinkmem knows; supported: {}",
                                   version, supported_versions_text()));
    }
    return *release;
}

std::string describe_release_choice(const Release& release, const std::string& version) {
    if (version.empty()) {
        return fmt::format("Flink {} rules (the default; --flink-version picks another)",
                           release.version().to_string());
    }
    if (version == "the input") {
        return fmt::format("Flink {} rules (the version the input names; --flink-version overrides it)",
                           release.version().to_string());
    }
    return fmt::format("Flink {} rules", release.version().to_string());
}

}  // namespace flinkmem::cli
