// `flinkmem validate`: finds the configurations under the given paths, runs the lint engine over
// each, and prints one report. Only I/O and flags live here; the rules are in the library.
#include "validate.hpp"
#include "release_option.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "command.hpp"
#include "exit_codes.hpp"
#include "flinkmem/lint/inputs.hpp"
#include "flinkmem/lint/rules.hpp"
#include "flinkmem/readers/input_file.hpp"
#include "flinkmem/report/validate_report.hpp"
#include "flinkmem/suggest.hpp"

namespace flinkmem::cli {

namespace {

namespace fs = std::filesystem;

// A problem with the command itself (flags, .flinkmem.yaml): exit code 2 before any report.
struct UsageError {
    std::string message;
};

// The one reader of bytes (bounded, no devices or pipes, text only); its refusal as a message.
std::optional<std::string> read_file(const fs::path& path, std::string& error, std::istream& in = std::cin) {
    try {
        return read_input(path.string(), in);
    } catch (const Error& e) {
        error = e.hint().empty() ? e.message() : e.message() + ". " + e.hint();
        return std::nullopt;
    }
}

// What decides which files are read: the globs of --include/--exclude and .flinkmem.yaml, and
// the release whose option catalog tells a Flink config.yaml from another tool's.
struct Discovery {
    std::vector<std::string> include;
    std::vector<std::string> exclude;
    const Release* release = &default_release();
    bool skip_unrecognized = false;
};

bool matches_any(const std::vector<std::string>& globs, std::string_view relative_path) {
    return std::any_of(globs.begin(), globs.end(), [relative_path](const std::string& glob) {
        return glob_matches(glob, relative_path);
    });
}

// The repository root above the working directory (the first directory holding .git), where a
// .flinkmem.yaml applies to the whole repository; else the working directory.
fs::path repository_root() {
    std::error_code error;
    fs::path start = fs::current_path(error);
    if (error) return {};
    for (fs::path dir = start; !dir.empty(); dir = dir.parent_path()) {
        if (fs::exists(dir / ".git", error)) return dir;
        if (dir == dir.parent_path()) break;
    }
    return start;
}

// The repository's settings: rules switched off, globs to include and exclude.
void load_flinkmem_yaml(const ValidateArgs& args, Suppressions& suppressions, Discovery& discovery) {
    fs::path path = args.config_file;
    if (path.empty()) {
        path = repository_root() / ".flinkmem.yaml";
        std::error_code error;
        if (!fs::exists(path, error)) return;
    }
    std::string read_error;
    const auto text = read_file(path, read_error);
    if (!text) throw UsageError{read_error};
    try {
        FlinkmemSettings settings = parse_flinkmem_yaml(*text, path.string());
        for (auto& id : settings.disabled) suppressions.disabled.insert(std::move(id));
        for (auto& glob : settings.include) discovery.include.push_back(std::move(glob));
        for (auto& glob : settings.exclude) discovery.exclude.push_back(std::move(glob));
    } catch (const Error& e) {
        std::string message = e.message();
        if (const auto& context = e.context()) message = context->source.describe() + ": " + message;
        if (!e.hint().empty()) message += "\n  hint: " + e.hint();
        throw UsageError{message};
    }
}

// Splits "FM101,FM105" and checks every ID against the rule table.
void add_disabled(const std::vector<std::string>& values, Suppressions& suppressions) {
    for (const auto& value : values) {
        std::size_t start = 0;
        while (start <= value.size()) {
            const std::size_t comma = std::min(value.find(',', start), value.size());
            const std::string id = value.substr(start, comma - start);
            start = comma + 1;
            if (id.empty()) continue;
            const RuleInfo* rule = find_rule(id);
            if (rule == nullptr) {
                std::vector<std::string> ids;
                for (const RuleInfo& known : all_rules()) ids.emplace_back(known.id);
                const auto near = closest(id, ids);
                throw UsageError{
                    fmt::format("--disable {}: unknown rule{} (rules are {} ... {}, see docs/rules/)", id,
                                near ? fmt::format("; did you mean {}?", *near) : std::string(),
                                all_rules().front().id, all_rules().back().id)};
            }
            suppressions.disabled.insert(std::string(rule->id));
        }
    }
}

// Collects the inputs in command-line and path order, then checks them on every core: each
// file is independent (its own inline ignores), and the results keep the input order, so the
// report is the same bytes whatever the number of threads.
class Collector {
public:
    Collector(ValidateOptions options, Discovery discovery)
        : options_(std::move(options)), discovery_(std::move(discovery)) {}

    void add_path(const std::string& argument, std::istream& in) {
        const DiscoveryHints named{.explicitly_named = !discovery_.skip_unrecognized};
        if (argument == "-") {
            std::string read_error;
            const auto text = read_file("-", read_error, in);
            if (!text) {
                add_result(unreadable_input("-", read_error));
                return;
            }
            inputs_.push_back({"-", "-", named, *text, {}});
            return;
        }
        const fs::path path(argument);
        std::error_code error;
        const fs::file_status status = fs::status(path, error);
        if (error || !fs::exists(status)) {
            add_result(unreadable_input(argument,
                                        fmt::format("cannot read {}: {}", argument,
                                                    error ? error.message() : "No such file or directory")));
            return;
        }
        if (fs::is_directory(status)) {
            add_directory(path);
            return;
        }
        inputs_.push_back({argument, path.filename().string(), named, std::nullopt, {}});
    }

    // Checks every input collected; the results in input order.
    std::vector<ConfigurationResult> check() {
        std::atomic<std::size_t> next{0};
        std::exception_ptr failure;
        std::mutex failure_mutex;
        const auto work = [&] {
            for (std::size_t i = next++; i < inputs_.size(); i = next++) {
                try {
                    check(inputs_[i]);
                } catch (...) {
                    const std::lock_guard lock(failure_mutex);
                    if (!failure) failure = std::current_exception();
                }
            }
        };
        // A thread per core, each worth starting only for a few dozen files.
        const std::size_t threads = std::min<std::size_t>(
            {std::max(1U, std::thread::hardware_concurrency()), 8, 1 + inputs_.size() / 32});
        std::vector<std::thread> helpers;
        for (std::size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
        work();
        for (auto& helper : helpers) helper.join();
        if (failure) std::rethrow_exception(failure);
        std::vector<ConfigurationResult> results;
        for (auto& input : inputs_) {
            for (auto& result : input.results) results.push_back(std::move(result));
        }
        return results;
    }

private:
    struct Input {
        std::string path;
        std::string file_name;
        DiscoveryHints hints;
        std::optional<std::string> text;  // stdin; files are read when checked
        std::vector<ConfigurationResult> results;
    };

    void add_result(ConfigurationResult result) {
        inputs_.push_back({result.path, {}, {}, std::nullopt, {}});
        inputs_.back().results.push_back(std::move(result));
    }

    void check(Input& input) const {
        if (!input.results.empty()) return;  // an input that could not be read at all
        std::string read_error;
        const std::optional<std::string> text = input.text ? input.text : read_file(input.path, read_error);
        if (!text) {
            input.results.push_back(unreadable_input(input.path, read_error));
            return;
        }
        const Discovered discovered = discover(input.file_name, *text, input.hints, *discovery_.release);
        if (discovered == Discovered::Skipped) return;
        if (discovered == Discovered::Template) {
            input.results.push_back(template_input(input.path, template_line(*text)));
            return;
        }
        // The file's own `# flinkmem: ignore[...]` comments join the suppressions for its findings.
        ValidateOptions options;
        options.suppressions.disabled = options_.suppressions.disabled;
        options.flink_version = options_.flink_version;
        collect_inline_ignores(*text, input.path, options.suppressions);
        try {
            for (const auto& document : read_documents(*text, input.path)) {
                input.results.push_back(validate_document(document, options));
            }
        } catch (const Error& e) {
            const int line = e.context() ? e.context()->source.line : 0;
            input.results.clear();
            input.results.push_back(unreadable_input(input.path, e.message(), line));
        }
    }

    // Every file below, in path order so reports are stable: YAML files go through discover(),
    // files an --include glob matches are read as if named; hidden directories (.git, .github,
    // .idea ...) and what an --exclude glob matches are not searched.
    void add_directory(const fs::path& root) {
        struct Candidate {
            fs::path path;
            bool included;
        };
        std::vector<Candidate> files;
        std::set<fs::path> flink_conf_dirs;  // directories holding Flink's other conf files
        std::error_code error;
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
        if (error) {
            add_result(unreadable_input(root.string(),
                                        fmt::format("cannot read {}: {}", root.string(), error.message())));
            return;
        }
        for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
            if (error) {
                // The iterator is spent after a failed step; the directory searched is what to name.
                add_result(unreadable_input(
                    root.string(), fmt::format("cannot read below {}: {}", root.string(), error.message())));
                break;
            }
            const fs::path& path = it->path();
            const std::string name = path.filename().string();
            const std::string relative = path.lexically_relative(root).generic_string();
            if (it->is_directory(error)) {
                if ((name.starts_with(".") && name != "." && name != "..") ||
                    matches_any(discovery_.exclude, relative)) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (!it->is_regular_file(error) || matches_any(discovery_.exclude, relative)) continue;
            if (name == "log4j-console.properties" || name == "masters" || name == "workers") {
                flink_conf_dirs.insert(path.parent_path());
            }
            const bool included = matches_any(discovery_.include, relative);
            if (included || name.ends_with(".yaml") || name.ends_with(".yml"))
                files.push_back({path, included});
        }
        std::sort(files.begin(), files.end(),
                  [](const Candidate& a, const Candidate& b) { return a.path < b.path; });
        for (const auto& file : files) {
            inputs_.push_back({file.path.string(),
                               file.path.filename().string(),
                               {.explicitly_named = file.included,
                                .beside_flink_conf_files = flink_conf_dirs.contains(file.path.parent_path())},
                               std::nullopt,
                               {}});
        }
    }

    ValidateOptions options_;
    Discovery discovery_;
    std::vector<Input> inputs_;
};

// JUnit's timestamp: now, or SOURCE_DATE_EPOCH for reproducible reports.
std::string timestamp() {
    std::time_t now = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
        now = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
    }
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    return buffer;
}

bool use_colour(const std::string& choice) {
    if (choice == "always") return true;
    if (choice == "never") return false;
    const char* no_colour = std::getenv("NO_COLOR");  // https://no-color.org: any non-empty value
    return isatty(STDOUT_FILENO) != 0 && (no_colour == nullptr || *no_colour == '\0');
}

}  // namespace

Command add_validate_command(CLI::App& app) {
    auto args = std::make_shared<ValidateArgs>();
    CLI::App* validate = app.add_subcommand(
        "validate",
        "Check Flink configurations (files, directories, - for stdin) for CI: Flink's errors and lint rules");
    validate->add_option("paths", args->paths, "Files, directories (searched recursively) or - for stdin")
        ->default_str(".");
    add_format_option(*validate, args->format, {"text", "json", "sarif", "junit", "github"},
                      "text, json, sarif, junit or github");
    validate->add_option("--format", args->deprecated_format, "Deprecated: -o/--output")
        ->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}));
    validate
        ->add_option("--fail-on", args->fail_on,
                     "Exit 1 on findings at or above: error, warning, note or never")
        ->check(CLI::IsMember({"error", "warning", "note", "never"}));
    validate
        ->add_option("--disable", args->disable, "Rule IDs to switch off (repeatable, or comma-separated)")
        ->allow_extra_args(false);
    validate->add_option(
        "--flink-version", args->flink_version,
        fmt::format("The Flink release to check every configuration for: {} (default: the one "
                    "each configuration names, else {})",
                    supported_versions_text(), kDefaultFlinkVersion.to_string()));
    validate
        ->add_option("--color", args->colour,
                     "Colour the text report: auto (a terminal without NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    validate->add_option("--config", args->config_file,
                         "The .flinkmem.yaml to use (default: the one at the repository root, if any)");
    validate
        ->add_option("--include", args->include,
                     "Also read files this glob matches below a directory, whatever their name (repeatable)")
        ->allow_extra_args(false);
    validate
        ->add_option("--exclude", args->exclude,
                     "Do not search files or directories this glob matches, e.g. 'charts/**' (repeatable)")
        ->allow_extra_args(false);
    validate->add_flag(
        "--skip-unrecognized", args->skip_unrecognized,
        "Skip named files that are not Flink configurations (for pre-commit); finding none is fine");
    return {validate, [args] {
                if (!args->deprecated_format.empty()) {
                    std::cerr << "flinkmem: note: --format is deprecated; use -o/--output "
                              << args->deprecated_format << '\n';
                    args->format = args->deprecated_format;
                }
                return run_validate(*args, std::cin, std::cout, std::cerr);
            }};
}

int run_validate(const ValidateArgs& args, std::istream& in, std::ostream& out, std::ostream& err) {
    try {
        ValidateOptions options;
        Discovery discovery{args.include, args.exclude};
        add_disabled(args.disable, options.suppressions);
        load_flinkmem_yaml(args, options.suppressions, discovery);
        options.flink_version = requested_version(args.flink_version);
        if (const Release* named = options.flink_version ? find_release(*options.flink_version) : nullptr) {
            discovery.release = named;
        }
        discovery.skip_unrecognized = args.skip_unrecognized;
        Collector collector(std::move(options), std::move(discovery));
        const std::vector<std::string> paths =
            args.paths.empty() ? std::vector<std::string>{"."} : args.paths;
        for (const auto& path : paths) collector.add_path(path, in);
        const std::vector<ConfigurationResult> results = collector.check();
        if (results.empty() && !args.skip_unrecognized) {
            std::string list;
            for (const auto& path : paths) list += (list.empty() ? "" : ", ") + path;
            throw UsageError{
                fmt::format("no Flink configuration found in {} (looked for *flink-conf*.yaml, "
                            "*config*.yaml with Flink's keys, FlinkDeployment/FlinkSessionJob manifests, "
                            "ConfigMaps and Compose files; --include GLOB reads other files)",
                            list)};
        }

        report::ValidateReportOptions report_options;
        if (args.fail_on != "never") report_options.fail_on = *parse_severity(args.fail_on);
        if (args.format == "text") {
            report_options.colour = use_colour(args.colour);
            report::write_validate_text(out, results, report_options);
        } else if (args.format == "json") {
            report::write_validate_json(out, results, report_options);
        } else if (args.format == "sarif") {
            std::error_code ignored;
            report_options.working_directory = fs::current_path(ignored).string();
            report_options.source_root = repository_root().string();
            report::write_sarif(out, results, report_options);
        } else if (args.format == "junit") {
            report_options.timestamp = timestamp();
            report::write_junit(out, results, report_options);
        } else {
            report::write_github(out, results, report_options);
        }
        out.flush();

        const ValidateSummary summary = summarize(results);
        if (summary.any_unreadable) return kBadInput;
        if (args.fail_on != "never" && summary.worst && *summary.worst >= report_options.fail_on)
            return kFlinkRejects;
        return kOk;
    } catch (const UsageError& e) {
        err << "flinkmem: error: " << e.message << '\n';
        return kBadInput;
    }
}

}  // namespace flinkmem::cli
