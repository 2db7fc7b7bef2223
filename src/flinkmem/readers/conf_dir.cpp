#include "flinkmem/readers/conf_dir.hpp"

#include "flinkmem/versions/release.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "flinkmem/readers/config_yaml.hpp"
#include "flinkmem/readers/flink_conf_document.hpp"
#include "flinkmem/readers/input_file.hpp"

namespace flinkmem {

namespace {

// java.io.File's normal form on Unix: repeated slashes collapsed, no trailing slash.
std::string normalize(const std::string& path) {
    std::string out;
    for (const char c : path) {
        if (c == '/' && !out.empty() && out.back() == '/') continue;
        out += c;
    }
    if (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

std::string child_path(const std::string& dir, const char* name) {
    const std::string parent = normalize(dir);
    if (parent.empty()) return name;
    return parent == "/" ? "/" + std::string(name) : parent + "/" + name;
}

std::string absolute(const std::string& path, const std::string& working_directory) {
    if (path.starts_with('/')) return path;
    return child_path(working_directory, path.c_str());
}

}  // namespace

ConfFileChoice choose_conf_file(FlinkVersion version, const std::string& dir, bool flink_conf_exists,
                                bool config_yaml_exists, const std::string& working_directory) {
    const std::string legacy = child_path(dir, "flink-conf.yaml");
    const std::string standard = child_path(dir, "config.yaml");
    const auto missing = [&](const std::string& file) {
        Error error = Error::illegal_configuration(fmt::format(
            "The Flink config file '{}' ({}) does not exist.", file, absolute(file, working_directory)));
        error.with_context({{}, {}, Source::in_file(file, 0)});
        switch (conf_files(version)) {
            case ConfFiles::FlinkConfOnly:
                error.with_hint("Flink before 1.19 reads only flink-conf.yaml");
                break;
            case ConfFiles::FlinkConfElseConfigYaml:
                error.with_hint("Flink 1.19 and 1.20 read flink-conf.yaml, else config.yaml");
                break;
            case ConfFiles::ConfigYamlOnly:
                error.with_hint("Flink 2.x reads only config.yaml (flink-conf.yaml is no longer supported)");
                break;
        }
        return error;
    };
    const ConfFiles files = conf_files(version);
    if (files == ConfFiles::FlinkConfOnly) {
        if (!flink_conf_exists) throw missing(legacy);
        return {legacy, InputFormat::FlinkConf};
    }
    if (files == ConfFiles::FlinkConfElseConfigYaml && flink_conf_exists)
        return {legacy, InputFormat::FlinkConf};
    if (!config_yaml_exists) throw missing(standard);
    return {standard, InputFormat::ConfigYaml};
}

Document read_conf_dir(const std::string& dir, FlinkVersion version) {
    namespace fs = std::filesystem;
    std::error_code ignored;
    const std::string working_directory = fs::current_path(ignored).string();
    if (!fs::exists(dir, ignored)) {
        Error error = Error::illegal_configuration(fmt::format(
            "The given configuration directory name '{}' ({}) does not describe an existing directory.", dir,
            absolute(normalize(dir), working_directory)));
        error.with_context({{}, {}, Source::in_file(dir, 0)});
        throw error;
    }
    const auto is_file = [&](const char* name) {
        return fs::exists(child_path(dir, name), ignored) &&
               !fs::is_directory(child_path(dir, name), ignored);
    };
    const ConfFileChoice choice =
        choose_conf_file(version, dir, is_file("flink-conf.yaml"), is_file("config.yaml"), working_directory);
    const std::string text = read_input(choice.file);
    return choice.format == InputFormat::FlinkConf ? read_flink_conf(text, choice.file)
                                                   : read_config_yaml(text, choice.file);
}

}  // namespace flinkmem
