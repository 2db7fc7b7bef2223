// Throughput of `flinkmem validate`:
// - over a large tree: the real-world corpus replicated to at least 10,000 files in a temporary
//   directory, each copy named the way a repository names it (flink-conf.yaml, config.yaml,
//   manifests), so the directory search finds them; the library path (read, discover, read
//   documents, validate, SARIF report) and, given the binary, the whole command line;
// - given the binary, the figure: the corpus replicated x20 under its own names (3,740
//   files), every file passed as an argument, `--format sarif`, the median of five runs, with the
//   CPU time the runs took (on a shared machine the wall time follows the load).
// Prints figures; checks nothing.
//
// Usage: bench_validate [CORPUS_DIR] [--files N] [--cli PATH/TO/flinkmem] [--runs N] [--keep]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "flinkmem/lint/inputs.hpp"
#include "flinkmem/report/validate_report.hpp"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// NNN-flinkconf.yaml -> flink-conf.yaml, NNN-configyaml.yaml -> config.yaml; manifests keep a
// .yaml name and are found by their kind.
std::string repository_name(const std::string& corpus_name) {
    if (corpus_name.ends_with("-flinkconf.yaml")) return "flink-conf.yaml";
    if (corpus_name.ends_with("-configyaml.yaml")) return "config.yaml";
    return corpus_name;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Run {
    double wall = 0;
    double cpu = 0;  // user + system of the child
    int status = 0;
};

// Runs argv with stdout to /dev/null; an argument vector, not a shell line, so thousands of paths
// fit (a single shell argument is limited to 128 KiB).
Run run(const std::vector<std::string>& argv) {
    std::vector<char*> pointers;
    for (const auto& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
    pointers.push_back(nullptr);
    const auto start = std::chrono::steady_clock::now();
    const pid_t child = fork();
    if (child == 0) {
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        execv(pointers[0], pointers.data());
        _exit(127);
    }
    Run result;
    rusage usage{};
    wait4(child, &result.status, 0, &usage);
    result.wall = seconds_since(start);
    result.cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                 static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    return result;
}

// The corpus x20 under its own names, every file an argument, SARIF: the median of `runs` runs.
void arguments_figure(const std::vector<fs::path>& originals, const std::string& cli, int runs,
                      const fs::path& tree) {
    std::vector<std::string> argv{cli, "validate", "-o", "sarif", "--fail-on", "never"};
    for (int copy = 0; copy < 20; ++copy) {
        const fs::path dir = tree / fmt::format("x20-{:02}", copy);
        fs::create_directories(dir);
        for (const auto& original : originals) {
            fs::copy_file(original, dir / original.filename());
            argv.push_back((dir / original.filename()).string());
        }
    }
    const std::size_t files = argv.size() - 6;
    std::vector<Run> results;
    for (int i = 0; i < runs; ++i) results.push_back(run(argv));
    std::sort(results.begin(), results.end(), [](const Run& a, const Run& b) { return a.wall < b.wall; });
    const Run& median = results[results.size() / 2];
    std::vector<double> cpu;
    for (const auto& r : results) cpu.push_back(r.cpu);
    std::sort(cpu.begin(), cpu.end());
    fmt::print(
        "cli, {} files as arguments (corpus x20), -o sarif, median of {}: exit {}, {:.3f} s wall, "
        "{:.0f} files/s; CPU {:.3f} s (median), {:.0f} files per CPU-second; wall runs:",
        files, runs, WEXITSTATUS(median.status), median.wall, static_cast<double>(files) / median.wall,
        cpu[cpu.size() / 2], static_cast<double>(files) / cpu[cpu.size() / 2]);
    for (const auto& r : results) fmt::print(" {:.3f}", r.wall);
    fmt::print("\n");
}

}  // namespace

int main(int argc, char** argv) {
    fs::path corpus = FLINKMEM_REALWORLD_DIR;
    std::size_t wanted = 10000;
    std::string cli;
    bool keep = false;
    int runs = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--files" && i + 1 < argc)
            wanted = std::stoul(argv[++i]);
        else if (arg == "--cli" && i + 1 < argc)
            cli = argv[++i];
        else if (arg == "--keep")
            keep = true;
        else if (arg == "--runs" && i + 1 < argc)
            runs = std::stoi(argv[++i]);
        else
            corpus = arg;
    }
    std::vector<fs::path> originals;
    for (const auto& entry : fs::directory_iterator(corpus)) {
        if (entry.is_regular_file()) originals.push_back(entry.path());
    }
    if (originals.empty()) {
        std::cerr << "bench_validate: no files in " << corpus << '\n';
        return 2;
    }
    const std::size_t copies = (wanted + originals.size() - 1) / originals.size();
    const fs::path tree = fs::temp_directory_path() / fmt::format("flinkmem-bench-validate-{}", ::getpid());
    std::vector<fs::path> files;
    for (std::size_t copy = 0; copy < copies; ++copy) {
        for (const auto& original : originals) {
            const fs::path dir = tree / fmt::format("copy{:03}", copy) / original.stem();
            fs::create_directories(dir);
            const fs::path file = dir / repository_name(original.filename().string());
            fs::copy_file(original, file);
            files.push_back(file);
        }
    }
    fmt::print("tree: {} files ({} corpus files x {} copies) in {}\n", files.size(), originals.size(), copies,
               tree.string());

    // The library path, as the command line runs it for files it found.
    const auto start = std::chrono::steady_clock::now();
    std::vector<flinkmem::ConfigurationResult> results;
    flinkmem::ValidateOptions options;
    std::size_t findings = 0;
    for (const auto& file : files) {
        const std::string text = read(file);
        if (flinkmem::discover(file.filename().string(), text, {}, flinkmem::default_release()) !=
            flinkmem::Discovered::Configuration) {
            continue;
        }
        flinkmem::collect_inline_ignores(text, file.string(), options.suppressions);
        for (const auto& document : flinkmem::read_documents(text, file.string())) {
            results.push_back(flinkmem::validate_document(document, options));
            findings += results.back().findings.size();
        }
    }
    std::ostringstream sarif;
    flinkmem::report::write_sarif(sarif, results, {});
    const double library_seconds = seconds_since(start);
    fmt::print("library: {} configurations, {} findings, {:.3f} s, {:.0f} files/s (SARIF {} bytes)\n",
               results.size(), findings, library_seconds, static_cast<double>(files.size()) / library_seconds,
               sarif.str().size());

    if (!cli.empty()) {
        const std::string command =
            fmt::format("'{}' validate -o sarif --fail-on never '{}' >/dev/null", cli, tree.string());
        const auto cli_start = std::chrono::steady_clock::now();
        const int status = std::system(command.c_str());
        const double cli_seconds = seconds_since(cli_start);
        fmt::print("cli: flinkmem validate -o sarif {}: exit {}, {:.3f} s, {:.0f} files/s\n", tree.string(),
                   WEXITSTATUS(status), cli_seconds, static_cast<double>(files.size()) / cli_seconds);
    }
    if (!cli.empty()) arguments_figure(originals, cli, runs, tree);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    fmt::print("peak RSS (library run): {:.1f} MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    if (!keep) fs::remove_all(tree);
    return 0;
}
