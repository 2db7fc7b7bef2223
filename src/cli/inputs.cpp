#include "inputs.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "command.hpp"
#include "flinkmem/readers/conf_dir.hpp"
#include "flinkmem/readers/input_file.hpp"
#include "flinkmem/readers/inputs.hpp"

namespace flinkmem::cli {

namespace {

const char* note_label(ReadNote::Kind kind) {
    switch (kind) {
        case ReadNote::Kind::DroppedLine:
            return "line dropped";
        case ReadNote::Kind::DuplicateKey:
            return "duplicate key";
        case ReadNote::Kind::Placeholder:
            return "placeholder";
        case ReadNote::Kind::QuotedValue:
            return "quoted value";
        case ReadNote::Kind::Other:
            return "note";
    }
    return "note";
}

// An Error from a reader, as one message: class, message, causes, where, hint.
std::string describe(const Error& error) {
    std::string text = fmt::format("{}: {}", error.class_name(), error.message());
    for (const auto& cause : error.causes())
        text += fmt::format("\n  caused by {}: {}", cause.class_name(), cause.message);
    if (error.context()) {
        const auto& context = *error.context();
        text += "\n  at " + context.source.describe();
        if (!context.key.empty()) text += fmt::format(": {}", context.key);
        if (!context.value.empty()) text += fmt::format(" = '{}'", context.value);
    }
    if (!error.hint().empty()) text += "\n  hint: " + error.hint();
    return text;
}

LoadedInput loaded(Document document, bool named) {
    LoadedInput input{std::move(document), named, {}};
    for (const auto& note : input.document.notes) {
        input.warnings.push_back(
            fmt::format("{}: {}: {}", note.where.describe(), note_label(note.kind), note.message));
    }
    return input;
}

// --document N or NAME: the configuration of that number (1-based) or name ("path#2/orders",
// "orders" or "2/orders" all name the second document, called orders).
LoadedInput pick_document(std::vector<LoadedInput> inputs, const std::string& wanted) {
    std::string names;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string& name = inputs[i].document.name;
        const std::string number = std::to_string(i + 1);
        const auto hash = name.find('#');
        const std::string tail = hash == std::string::npos ? name : name.substr(hash + 1);
        const auto slash = tail.find('/');
        const std::string short_name = slash == std::string::npos ? tail : tail.substr(slash + 1);
        if (wanted == number || wanted == name || wanted == tail || wanted == short_name) {
            LoadedInput picked = std::move(inputs[i]);
            picked.named = false;
            return picked;
        }
        names += fmt::format("{}{} ({})", names.empty() ? "" : ", ", number, name);
    }
    throw CliError(fmt::format("--document {}: the input holds no such configuration; it holds {}", wanted,
                               names.empty() ? std::string("none") : names));
}

// The text of --conf: a file, or stdin for "-", through the one bounded reader of bytes.
std::string read_conf(const std::string& path) {
    return read_input(path);
}

}  // namespace

void add_input_options(CLI::App& command, InputArgs& args) {
    command.add_option("-D", args.dynamic_properties, "A configuration entry key=value (repeatable)")
        ->allow_extra_args(false);
    command.add_option("--conf", args.conf_file,
                       "A configuration file: flink-conf.yaml, config.yaml, FlinkDeployment, ConfigMap, "
                       "Docker Compose (detected by content); - reads stdin");
    command.add_option("--conf-dir", args.conf_dir, "A Flink conf directory (unused with --conf)")
        ->envname("FLINK_CONF_DIR");
    command.add_option("--input-format", args.input_format, "Format of --conf (default: auto-detect)")
        ->check(CLI::IsMember({"auto", "flink-conf", "config-yaml", "flinkdeployment", "flinksessionjob",
                               "configmap", "compose"}));
    command.add_option("--document", args.document,
                       "One configuration of a file holding several: its number (1, 2, ...) or name "
                       "(metadata.name, the Compose service, or the name printed in == headers ==)");
}

std::vector<LoadedInput> load_inputs(const InputArgs& args, FlinkVersion version) {
    std::vector<LoadedInput> inputs;
    try {
        if (!args.conf_file.empty()) {
            ReadOptions options;
            if (!args.input_format.empty() && args.input_format != "auto")
                options.format = parse_input_format(args.input_format);
            auto documents = read_configurations(read_conf(args.conf_file), args.conf_file, options);
            const bool several = documents.size() > 1;
            for (auto& document : documents) inputs.push_back(loaded(std::move(document), several));
        } else if (!args.conf_dir.empty()) {
            inputs.push_back(loaded(read_conf_dir(args.conf_dir, version), false));
        }
    } catch (const Error& e) {
        // "UnsupportedInput" and "IOException" are flinkmem's own; the rest are Flink's exceptions.
        const bool ours = e.is(ErrorClass::UnsupportedInput) || e.is(ErrorClass::IOException);
        throw CliError(describe(e), ours ? kBadInput : kFlinkRejects);
    }
    if (!args.document.empty()) inputs = {pick_document(std::move(inputs), args.document)};
    if (inputs.empty()) inputs.push_back({Document::of({}, "-D"), false, {}});
    for (const auto& property : args.dynamic_properties) {
        const auto equals = property.find('=');
        if (equals == std::string::npos || equals == 0)
            throw CliError(fmt::format("-D {}: expected key=value", property));
        for (auto& input : inputs) {
            input.document.config.set(property.substr(0, equals), property.substr(equals + 1),
                                      Source::dynamic_property());
        }
    }
    return inputs;
}

int resolve_each(const std::vector<LoadedInput>& inputs, bool json_output,
                 const std::function<int(const LoadedInput&)>& resolve_one) {
    if (inputs.size() == 1) return resolve_one(inputs.front());
    int exit_code = 0;
    if (json_output) std::cout << "[\n";
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (json_output && i > 0) std::cout << ",\n";
        if (!json_output) std::cout << (i > 0 ? "\n" : "") << "== " << inputs[i].document.name << " ==\n";
        exit_code = std::max(exit_code, resolve_one(inputs[i]));
    }
    if (json_output) std::cout << "]\n";
    return exit_code;
}

}  // namespace flinkmem::cli
