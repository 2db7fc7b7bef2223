#include "init.hpp"

#include <memory>

#include "command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "flinkmem/tuning/init.hpp"
#include "flinkmem/report/resolution.hpp"

namespace flinkmem::cli {

namespace {

std::optional<MemorySize> size_option(const std::string& name, const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        return MemorySize::parse(text);
    } catch (const Error& e) {
        throw CliError(fmt::format("{} {}: {}", name, text, e.message()));
    }
}

// Writes `text` to `path` through a temporary file in the same directory and a rename, so the
// file is either the old one or the whole new one, never a partial write.
void write_atomically(const std::string& path, const std::string& text) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
        throw CliError(fmt::format("cannot write {}: it is a directory", path));
    }
    const std::filesystem::path target(path);
    const std::filesystem::path directory = target.has_parent_path() ? target.parent_path() : ".";
    std::string temporary = (directory / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
    const int fd = mkstemp(temporary.data());
    if (fd < 0) throw CliError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    const auto fail = [&](int error) {
        ::close(fd);
        std::remove(temporary.c_str());
        throw CliError(fmt::format("cannot write {}: {}", path, std::strerror(error)));
    };
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(errno);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) fail(errno);
    if (::close(fd) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw CliError(fmt::format("cannot write {}: {}", path, std::strerror(error)));
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw CliError(fmt::format("cannot write {}: {}", path, std::strerror(error)));
    }
}

}  // namespace

namespace {

CLI::App* add_init_options(CLI::App& app, InitArgs& args) {
    CLI::App* init = app.add_subcommand("init", "Write a configuration for a deployment profile, sized to a memory budget");
    init->add_flag("--list", args.list, "List the profiles, one per line");
    init->add_option("--profile", args.profile, "The profile (see --list)");
    init->add_option("--memory", args.memory, "The TaskManager's container / process budget, e.g. 4g");
    init->add_option("--slots", args.slots, "Task slots per TaskManager (default 1)");
    init->add_option("--format", args.format, "config.yaml, flink-conf.yaml or flinkdeployment")
        ->check(CLI::IsMember({"config.yaml", "flink-conf.yaml", "flinkdeployment"}));
    init->add_option("-o,--output-file", args.output_file, "Write to FILE (atomically) instead of stdout");
    init->add_option("--managed", args.managed, "Managed memory target, solved for exactly");
    init->add_option("--network", args.network, "Network memory target, solved for exactly");
    init->add_option("--task-heap", args.task_heap, "Task heap target, solved for exactly");
    return init;
}

}  // namespace

Command add_init_command(CLI::App& app) {
    auto args = std::make_shared<InitArgs>();
    CLI::App* command = add_init_options(app, *args);
    return {command, [args] { return run_init(*args); }};
}

int run_init(const InitArgs& args) {
    try {
        if (args.list) {
            for (const auto& profile : tuning::profiles()) std::cout << profile.name << '\n';
            return kOk;
        }
        if (args.profile.empty() || args.memory.empty()) {
            throw CliError("init needs --profile NAME and --memory SIZE (or --list)");
        }
        tuning::InitRequest request;
        request.profile = tuning::find_profile(args.profile);
        if (request.profile == nullptr) {
            throw CliError(fmt::format("unknown profile '{}'; `flinkmem init --list` names them", args.profile));
        }
        request.memory = *size_option("--memory", args.memory);
        request.slots = args.slots;
        if (!args.format.empty()) request.format = tuning::parse_format(args.format);
        request.targets.managed = size_option("--managed", args.managed);
        request.targets.network = size_option("--network", args.network);
        request.targets.task_heap = size_option("--task-heap", args.task_heap);
        const auto generated = tuning::generate_configuration(request);
        if (args.output_file.empty()) {
            std::cout << generated.text;
        } else {
            write_atomically(args.output_file, generated.text);
            std::cerr << fmt::format("flinkmem: wrote {} ({})\n", args.output_file, tuning::name_of(generated.format));
        }
        return kOk;
    } catch (const Error& e) {
        report::write_error_text(std::cerr, Component::TaskManager, e);
        return kFlinkRejects;
    }
}

}  // namespace flinkmem::cli
