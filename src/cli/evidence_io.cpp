#include "evidence_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "flinkmem/report/yaml.hpp"

namespace flinkmem::cli {

std::string read_input(const std::string& name) {
    std::ostringstream text;
    if (name == "-") {
        text << std::cin.rdbuf();
        return text.str();
    }
    std::error_code ignored;
    if (std::filesystem::is_directory(name, ignored))
        throw CliError(fmt::format("cannot read {}: it is a directory", name));
    std::ifstream file(name, std::ios::binary);
    if (!file) throw CliError(fmt::format("cannot read {}: {}", name, std::strerror(errno)));
    text << file.rdbuf();
    return text.str();
}

namespace {

void emit(std::ostream& out, const nlohmann::ordered_json& value, int indent, bool in_sequence);

std::string scalar(const nlohmann::ordered_json& value) {
    if (value.is_string()) return report::yaml_quote(value.get<std::string>());
    if (value.is_null()) return "null";
    return value.dump();
}

bool is_empty_container(const nlohmann::ordered_json& value) {
    return (value.is_object() || value.is_array()) && value.empty();
}

void emit(std::ostream& out, const nlohmann::ordered_json& value, int indent, bool in_sequence) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    bool first = true;
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            out << (first && in_sequence ? "" : pad) << report::yaml_quote(key) << ':';
            first = false;
            if (is_empty_container(item)) {
                out << (item.is_object() ? " {}\n" : " []\n");
            } else if (item.is_object() || item.is_array()) {
                out << '\n';
                emit(out, item, indent + 2, false);
            } else {
                out << ' ' << scalar(item) << '\n';
            }
        }
    } else if (value.is_array()) {
        for (const auto& item : value) {
            out << pad << "- ";
            if (is_empty_container(item)) {
                out << (item.is_object() ? "{}\n" : "[]\n");
            } else if (item.is_object() || item.is_array()) {
                emit(out, item, indent + 2, true);
            } else {
                out << scalar(item) << '\n';
            }
        }
    } else {
        out << pad << scalar(value) << '\n';
    }
}

}  // namespace

void write_json_as_yaml(std::ostream& out, std::string_view json) {
    const auto document = nlohmann::ordered_json::parse(json);
    emit(out, document, 0, false);
}

}  // namespace flinkmem::cli
