#include "simulate.hpp"

#include <memory>

#include "command.hpp"
#include "flinkmem/sim/network_rules.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exit_codes.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/lint/unknown_keys.hpp"
#include "flinkmem/readers/flink_conf.hpp"
#include "flinkmem/readers/input_file.hpp"
#include "flinkmem/sim/simulate.hpp"
#include "flinkmem/report/resolution.hpp"
#include "inputs.hpp"
#include "release_option.hpp"

namespace flinkmem::cli {

namespace {

using json = nlohmann::ordered_json;
using namespace flinkmem::sim;

std::string read_file(const std::string& path) {
    try {
        return read_input(path);
    } catch (const Error& e) {
        throw CliError(e.hint().empty() ? e.message() : e.message() + "\n  hint: " + e.hint());
    }
}

// The configuration (any format the readers know, then -D), and warnings about how it was read.
LoadedInput load_configuration(const SimulateArgs& args, const Release& release) {
    InputArgs input;
    input.conf_file = args.conf_file;
    input.dynamic_properties = args.dynamic_properties;
    input.document = args.document;
    auto inputs = load_inputs(input, release.version());
    if (inputs.size() != 1) {
        throw CliError(fmt::format("{} holds {} configurations; simulate takes one (pick one with --document)",
                                   args.conf_file, inputs.size()));
    }
    LoadedInput loaded = std::move(inputs.front());
    for (const auto& unknown : unknown_memory_keys(loaded.document.config, release.options())) {
        std::string message = fmt::format("{}: unknown key '{}' (= '{}') is ignored by Flink {}",
                                          unknown.entry.source.describe(), unknown.key, unknown.entry.value,
                                          release.version().to_string());
        if (unknown.suggestion) message += fmt::format("; did you mean '{}'?", *unknown.suggestion);
        loaded.warnings.push_back(std::move(message));
    }
    return loaded;
}

JobGraph load_job(const SimulateArgs& args, const Configuration& config) {
    const JobMode mode = args.mode == "batch" ? JobMode::Batch : JobMode::Streaming;
    if (!args.job_file.empty()) {
        const std::string text = read_file(args.job_file);
        const auto extension = std::filesystem::path(args.job_file).extension().string();
        if (extension == ".yaml" || extension == ".yml") return read_job_yaml(text, args.job_file);
        return read_job_json(text, args.job_file, mode);
    }
    // Without a job: the keyBy job, as wide as one TaskManager's slots.
    int parallelism = args.parallelism.value_or(0);
    if (!args.parallelism) {
        parallelism = 1;
        try {
            parallelism = std::max(1, config.get_int(default_release().option(OptionId::NumTaskSlots)).value_or(1));
        } catch (const Error&) {
            parallelism = 1;  // read_settings reports the bad value with Flink's message
        }
    }
    return keyby_job(parallelism, mode);
}

std::optional<std::int64_t> parse_budget(const std::string& text) {
    if (text.empty()) return std::nullopt;
    try {
        const MemorySize size = MemorySize::parse(text);
        if (size.bytes() <= 0) throw CliError(fmt::format("--memory-budget {}: must be positive", text));
        return size.bytes();
    } catch (const Error& e) {
        throw CliError(fmt::format("--memory-budget {}: {}", text, e.message()));
    }
}

json job_json(const JobGraph& job) {
    json vertices = json::array();
    for (const auto& v : job.vertices) {
        vertices.push_back({{"id", v.id}, {"name", v.name}, {"parallelism", v.parallelism},
                            {"slot_sharing_group", v.slot_sharing_group}});
    }
    json edges = json::array();
    for (const auto& e : job.edges) {
        edges.push_back({{"from", job.vertices[e.source].id}, {"to", job.vertices[e.target].id},
                         {"ship", enum_name(e.ship)}, {"exchange", enum_name(e.exchange)}});
    }
    return {{"name", job.name}, {"mode", job.mode == JobMode::Batch ? "batch" : "streaming"},
            {"vertices", vertices}, {"edges", edges}};
}

// Flink's error with the same fields as every other report (report::write_error_fields).
json error_json(const Error& error) {
    std::string text;
    report::JsonWriter writer(text);
    writer.begin_object();
    report::write_error_fields(writer, error);
    writer.end_object();
    return json::parse(text);
}

json report_json(const SimulationReport& r, const JobGraph& job, const std::vector<std::string>& warnings) {
    json out;
    out["ok"] = r.ok;
    if (r.error) {
        out.update(error_json(*r.error));
    } else {
        out["error_class"] = nullptr;
        out["error_message"] = nullptr;
    }
    out["flink_version"] = r.settings.version.to_string();
    out["job"] = job_json(job);
    const Plan& p = r.plan;
    out["placement"] = {{"task_managers", p.task_managers}, {"slots_per_task_manager", p.slots_per_task_manager},
                        {"slots_used", p.slots_used}};
    const NetworkPlan& n = p.network;
    json regions = json::array();
    for (const auto& region : n.regions) {
        regions.push_back({{"id", region.id}, {"wave", region.wave}, {"vertices", region.vertices},
                           {"required_buffers", region.max_required_buffers}});
    }
    json network_config = json::object();
    for (const auto& [key, value] : r.advice.set_network) network_config[key] = value;
    json total_config = nullptr;
    if (r.advice.set_total) total_config = json{{r.advice.set_total->first, r.advice.set_total->second}};
    out["network"] = {
        {"segment_size", n.segment_size},
        {"network_bytes", r.network_bytes},
        {"total_buffers", n.total_buffers},
        {"required_buffers", n.required_buffers},
        {"fits", n.required_buffers <= n.total_buffers},
        {"worst_task_manager", n.worst_task_manager},
        {"worst_wave", n.worst_wave},
        {"pools",
         {{"result_partition", {{"count", n.partition_pools}, {"required_buffers", n.partition_required}}},
          {"input_gate", {{"count", n.gate_pools}, {"required_buffers", n.gate_required}}},
          {"exclusive", {{"remote_channels", n.remote_channels}, {"required_buffers", n.exclusive_required}}},
          {"local_channels", n.local_channels}}},
        {"min_network_bytes", r.advice.min_network_bytes},
        {"min_network_config", network_config},
        {"min_total_config", total_config},
        {"regions", regions},
        {"peak_region", n.peak_region ? json(*n.peak_region) : json(nullptr)}};
    const ManagedPlan& m = p.managed;
    json consumers = json::array();
    for (const auto& c : m.consumers) {
        consumers.push_back({{"vertex", c.vertex}, {"use_case", enum_name(c.use_case)}, {"fraction", c.fraction},
                             {"bytes", c.bytes}, {"pages", c.pages}});
    }
    json rocksdb = nullptr;
    if (m.rocksdb) {
        rocksdb = {{"kind", describe(m.rocksdb->kind)}, {"shared_bytes", m.rocksdb->shared_bytes},
                   {"block_cache_bytes", m.rocksdb->block_cache_bytes},
                   {"write_buffer_manager_bytes", m.rocksdb->write_buffer_bytes}};
    }
    out["managed"] = {{"managed_bytes", r.managed_bytes}, {"per_slot_bytes", m.per_slot_bytes},
                      {"per_slot_pages", m.per_slot_pages}, {"page_size", m.page_size},
                      {"consumers", consumers}, {"rocksdb", rocksdb}};
    if (r.exercise) {
        const ExerciseReport& e = *r.exercise;
        out["exercise"] = {
            {"budget_bytes", e.budget_bytes},
            {"scale", e.scale},
            {"managed_pages", e.managed_pages},
            {"network_segments", e.network_segments},
            {"bytes_allocated", e.bytes_allocated},
            {"bytes_touched", e.bytes_touched},
            {"peak_rss_bytes", e.peak_rss_bytes},
            {"allocation_bytes_per_second", e.allocation_bytes_per_second},
            {"memset_bytes_per_second", e.memset_bytes_per_second},
            {"sort",
             {{"records", e.sort.records}, {"bytes", e.sort.bytes}, {"runs", e.sort.runs},
              {"spilled_bytes", e.sort.spilled_bytes}, {"records_per_second", e.sort.records_per_second},
              {"verified", e.sort.verified}}},
            {"shuffle",
             {{"records", e.shuffle.records}, {"bytes", e.shuffle.bytes}, {"bytes_per_second", e.shuffle.bytes_per_second},
              {"producers", e.shuffle.producers}, {"consumers", e.shuffle.consumers},
              {"credits_announced", e.shuffle.credits_announced}, {"verified", e.shuffle.verified}}}};
    } else {
        out["exercise"] = nullptr;
    }
    json notes = p.notes;
    out["notes"] = notes;
    out["warnings"] = warnings;
    return out;
}

std::string mib(std::int64_t bytes) { return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20)); }

std::string report_text(const SimulationReport& r, const JobGraph& job) {
    std::string out;
    const Plan& p = r.plan;
    const NetworkPlan& n = p.network;
    out += fmt::format("Job: {} ({}, {} vertices, {} edges)\n", job.name.empty() ? "(unnamed)" : job.name,
                       job.mode == JobMode::Batch ? "batch" : "streaming", job.vertices.size(), job.edges.size());
    out += fmt::format("Placement: {} TaskManager(s) x {} slots, {} slots used\n", p.task_managers,
                       p.slots_per_task_manager, p.slots_used);
    out += fmt::format("Verdict: {}\n", r.ok ? "the job deploys" : "Flink would fail");
    if (r.error) out += fmt::format("  {}: {}\n", r.error->class_name(), r.error->message());
    out += fmt::format("\nNetwork (Flink {}):\n", r.settings.version.to_string());
    out += fmt::format("  buffers per TaskManager: {} of {} bytes ({})\n", n.total_buffers, n.segment_size, mib(r.network_bytes));
    out += fmt::format("  required at once:        {} (TaskManager {}{})\n", n.required_buffers, n.worst_task_manager,
                       job.mode == JobMode::Batch ? fmt::format(", wave {}", n.worst_wave) : std::string());
    out += fmt::format("    result partitions:     {} pools, {} required\n", n.partition_pools, n.partition_required);
    out += fmt::format("    input gates:           {} pools, {} required\n", n.gate_pools, n.gate_required);
    out += fmt::format("    exclusive buffers:     {} remote channels, {} required ({} local channels take none)\n",
                       n.remote_channels, n.exclusive_required, n.local_channels);
    for (const auto& region : n.regions) {
        std::string names;
        for (const auto& v : region.vertices) names += (names.empty() ? "" : ", ") + v;
        out += fmt::format("  region {} (wave {}: {}): {} buffers{}\n", region.id, region.wave, names,
                           region.max_required_buffers, n.peak_region == region.id ? "  <- needs the most" : "");
    }
    out += fmt::format("  smallest network memory that deploys: {} bytes ({})\n", r.advice.min_network_bytes,
                       mib(r.advice.min_network_bytes));
    std::string settings;
    for (const auto& [key, value] : r.advice.set_network) settings += fmt::format(" -D {}={}", key, value);
    out += fmt::format("    e.g.{}\n", settings);
    if (r.advice.set_total) {
        out += fmt::format("    or   -D {}={} (same network fraction)\n", r.advice.set_total->first, r.advice.set_total->second);
    }
    const ManagedPlan& m = p.managed;
    out += fmt::format("\nManaged memory: {} per slot ({} pages of {} bytes)\n", mib(m.per_slot_bytes), m.per_slot_pages,
                       m.page_size);
    for (const auto& c : m.consumers) {
        out += fmt::format("  {} {}: fraction {} = {} bytes, {} pages\n", c.vertex, enum_name(c.use_case),
                           java::to_string(c.fraction), c.bytes, c.pages);
    }
    if (m.rocksdb) {
        out += fmt::format("  RocksDB ({}): shared {} bytes, block cache {} bytes, write buffer manager {} bytes\n",
                           describe(m.rocksdb->kind), m.rocksdb->shared_bytes, m.rocksdb->block_cache_bytes,
                           m.rocksdb->write_buffer_bytes);
    }
    if (r.exercise) {
        const ExerciseReport& e = *r.exercise;
        out += "\nExercise (real memory):\n";
        out += fmt::format("  allocated and touched {} ({} managed pages, {} network segments), scale {:.3f} of the "
                           "TaskManager (budget {})\n",
                           mib(e.bytes_allocated), e.managed_pages, e.network_segments, e.scale, mib(e.budget_bytes));
        out += fmt::format("  peak RSS {}; allocate+touch {:.2f} GB/s, memset {:.2f} GB/s\n", mib(e.peak_rss_bytes),
                           e.allocation_bytes_per_second / 1e9, e.memset_bytes_per_second / 1e9);
        out += fmt::format("  sort: {} records, {} runs, {} spilled, {:.0f} records/s, verified: {}\n", e.sort.records,
                           e.sort.runs, mib(e.sort.spilled_bytes), e.sort.records_per_second, e.sort.verified);
        out += fmt::format("  shuffle: {} records, {} x {} channels, {:.1f} MB/s, verified: {}\n", e.shuffle.records,
                           e.shuffle.producers, e.shuffle.consumers, e.shuffle.bytes_per_second / 1e6, e.shuffle.verified);
    }
    for (const auto& note : p.notes) out += fmt::format("note: {}\n", note);
    return out;
}

extern "C" void on_interrupt(int) { request_interrupt(); }

}  // namespace

namespace {

CLI::App* add_simulate_options(CLI::App& app, SimulateArgs& args) {
    CLI::App* cmd = app.add_subcommand(
        "simulate", "Deploy a job into the resolved TaskManagers: network buffers, managed memory, real pools");
    cmd->add_option("-D", args.dynamic_properties, "A configuration entry key=value (repeatable)")->allow_extra_args(false);
    cmd->add_option("--conf", args.conf_file,
                    "The configuration: any format resolve reads (flink-conf.yaml, config.yaml, FlinkDeployment, "
                    "ConfigMap, Compose); - reads stdin");
    cmd->add_option("--document", args.document, "One configuration of a file holding several (number or name)");
    cmd->add_option("--job", args.job_file,
                    "The job: REST plan JSON, execution plan JSON, or a YAML job shape (.yaml/.yml)");
    cmd->add_option("--parallelism", args.parallelism, "Simulate source -> keyBy -> sink with this parallelism")
        ->check(CLI::Range(1, 32768));
    cmd->add_option("--mode", args.mode, "streaming or batch (the shortcut's and execution plan's exchanges)")
        ->check(CLI::IsMember({"streaming", "batch"}));
    cmd->add_option("--taskmanagers", args.task_managers, "TaskManagers (default: as many as the job's slots need)")
        ->check(CLI::Range(1, 1000000));
    add_flink_version_option(*cmd, args.flink_version);
    add_format_option(*cmd, args.format, {"text", "json"}, "text or json");
    cmd->add_flag("--json", args.json_output, "Deprecated: -o json");
    cmd->add_flag("--no-exercise", args.no_exercise, "Plan only; allocate nothing");
    cmd->add_option("--spill-dir", args.spill_dir, "Where the sort spills (default: the system temp dir)");
    cmd->add_option("--memory-budget", args.memory_budget,
                    "Memory the exercise may allocate, e.g. 2g (default: half of what is available)");
    return cmd;
}

}  // namespace

Command add_simulate_command(CLI::App& app) {
    auto args = std::make_shared<SimulateArgs>();
    CLI::App* command = add_simulate_options(app, *args);
    return {command, [args] {
                if (args->json_output) std::cerr << "flinkmem: note: --json is deprecated; use -o json\n";
                args->json_output = args->json_output || args->format == "json";
                return run_simulate(*args);
            }};
}

int run_simulate(const SimulateArgs& args) {
    try {
        if (!args.job_file.empty() && args.parallelism) throw CliError("--job and --parallelism exclude each other");
        const Release& release = release_for(args.flink_version);
        LoadedInput input = load_configuration(args, release);
        std::vector<std::string> warnings = std::move(input.warnings);
        const Resolution resolution = resolve({input.document, requested_version(args.flink_version),
                                               ComponentChoice::TaskManager});
        if (resolution.error) throw CliError(resolution.error->message());
        if (!has_network_rules(resolution.release->version())) {
            throw CliError(fmt::format("Flink {}: the simulator knows the network rules of Flink {} and later "
                                       "(pick one with --flink-version)",
                                       resolution.release->version().to_string(),
                                       oldest_network_rules().to_string()));
        }
        SimulationRequest request;
        request.resolution = &resolution;
        request.job = load_job(args, *resolution.effective);
        request.task_managers = args.task_managers;
        request.exercise = !args.no_exercise;
        request.exercise_options.spill_dir = args.spill_dir;
        request.exercise_options.memory_budget = parse_budget(args.memory_budget);
        if (!args.json_output) {
            for (const auto& warning : warnings) std::cerr << "flinkmem: warning: " << warning << '\n';
        }
        std::signal(SIGINT, on_interrupt);
        std::signal(SIGTERM, on_interrupt);
        // The configuration itself is what Flink rejects.
        const auto rejected = [&](const Error& e) {
            if (args.json_output) {
                std::string text;
                report::JsonWriter out(text, 2);
                out.begin_object().field("ok", false);
                report::write_error_fields(out, e);
                out.key("warnings").begin_array();
                for (const auto& warning : warnings) out.value(warning);
                out.end_array().end_object();
                std::cout << text << '\n';
            } else {
                report::write_error_text(std::cerr, Component::TaskManager, e);
            }
            return kFlinkRejects;
        };
        SimulationReport report;
        try {
            report = simulate(request);
        } catch (const Error& e) {
            if (e.is(ErrorClass::SpillDirectoryException)) throw CliError(e.message());
            if (e.is(ErrorClass::InterruptedException)) {
                std::cerr << "flinkmem: interrupted; spill files removed\n";
                return 130;
            }
            return rejected(e);  // a simulator setting Flink cannot read
        }
        if (report.configuration_rejected && report.error) return rejected(*report.error);
        if (args.json_output) {
            std::cout << report_json(report, request.job, warnings).dump(2) << '\n';
        } else {
            std::cout << report_text(report, request.job);
        }
        return report.ok ? kOk : kFlinkRejects;
    } catch (const JobFormatError& e) {
        std::cerr << "flinkmem: error: " << e.what() << '\n';
        return kBadInput;
    }
}

}  // namespace flinkmem::cli
