// `flinkmem doctor [config] EVIDENCE...`: what a failure left (logs, stack traces, YARN
// diagnostics, pods) to diagnoses and one proven proposal.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "evidence_io.hpp"
#include "flinkmem/doctor/doctor.hpp"
#include "flinkmem/report/doctor.hpp"
#include "flinkmem/report/yaml.hpp"
#include "flinkmem/sim/job.hpp"
#include "inputs.hpp"
#include "release_option.hpp"

namespace flinkmem::cli {

namespace {

struct DoctorArgs {
    InputArgs input;
    std::string flink_version;
    std::string target;
    std::vector<std::string> evidence;
    std::string job_file;
    std::optional<int> parallelism;
    double headroom = 0.25;
    std::string output = "text";
};

sim::JobGraph load_job(const DoctorArgs& args) {
    if (args.parallelism) return sim::keyby_job(*args.parallelism, sim::JobMode::Streaming);
    const std::string text = read_input(args.job_file);
    const auto extension = std::filesystem::path(args.job_file).extension().string();
    try {
        if (extension == ".yaml" || extension == ".yml") return sim::read_job_yaml(text, args.job_file);
        return sim::read_job_json(text, args.job_file, sim::JobMode::Streaming);
    } catch (const sim::JobFormatError& e) {
        throw CliError(e.what());
    }
}

int run_doctor(const DoctorArgs& args) {
    if (args.evidence.empty())
        throw CliError("doctor needs at least one evidence file (a log, a pod, or - for stdin)");
    if (!args.job_file.empty() && args.parallelism)
        throw CliError("--job and --parallelism exclude each other");
    if (args.headroom < 0 || args.headroom > 10) throw CliError("--headroom must be between 0 and 10");
    doctor::DoctorRequest request;
    request.headroom = args.headroom;
    for (const auto& name : args.evidence) {
        const std::string text = read_input(name);
        try {
            request.evidence.push_back(doctor::read_evidence(text, name == "-" ? "stdin" : name));
        } catch (const Error& e) {
            throw CliError(fmt::format("{}: {}", name, e.message()));
        }
    }
    request.flink_version = requested_version(args.flink_version);
    if (!args.target.empty()) request.target = parse_target(args.target);
    const bool given = !args.input.conf_file.empty() || !args.input.conf_dir.empty() ||
                       !args.input.dynamic_properties.empty();
    if (given) {
        const FlinkVersion version = request.flink_version.value_or(kDefaultFlinkVersion);
        auto inputs = load_inputs(args.input, version);
        if (inputs.size() != 1) {
            throw CliError(
                fmt::format("{} holds {} configurations; doctor reads one (pick it with --document)",
                            args.input.conf_file, inputs.size()));
        }
        for (const auto& warning : inputs.front().warnings)
            std::cerr << "flinkmem: warning: " << warning << '\n';
        const Document& document = inputs.front().document;
        request.config = document.config;
        if (!request.flink_version && document.flink_version) request.flink_version = document.flink_version;
        request.operator_deployment = document.format == InputFormat::FlinkDeployment;
        std::vector<std::string> parts;
        if (!args.input.conf_file.empty()) parts.push_back("--conf " + args.input.conf_file);
        if (args.input.conf_file.empty() && !args.input.conf_dir.empty())
            parts.push_back("--conf-dir " + args.input.conf_dir);
        if (!args.input.dynamic_properties.empty()) parts.push_back("-D");
        request.config_name = fmt::format("{}", fmt::join(parts, " and "));
    }
    if (!args.job_file.empty() || args.parallelism) request.job = load_job(args);

    doctor::DoctorReport report;
    try {
        report = doctor::diagnose(request);
    } catch (const Error& e) {
        throw CliError(e.message());
    }

    int exit_code = kOk;
    if (!report.anything_recognised()) {
        exit_code = kBadInput;
    } else if (report.unfixable() || report.blocked() || (report.proposal && !report.proposal->verified) ||
               (!report.proposal &&
                std::any_of(report.diagnoses.begin(), report.diagnoses.end(), [](const doctor::Diagnosis& d) {
                    return d.kind == doctor::EventKind::IllegalConfiguration;
                }))) {
        // No configuration change fixes it, or none could be proven.
        exit_code = kFlinkRejects;
    }

    std::ostringstream out;
    const doctor::Proposal empty;
    const doctor::Proposal& proposal = report.proposal ? *report.proposal : empty;
    if (args.output == "text") {
        report::write_doctor_text(out, report);
    } else if (args.output == "json") {
        report::write_doctor_json(out, report);
    } else if (args.output == "yaml") {
        std::ostringstream json;
        report::write_doctor_json(json, report);
        write_json_as_yaml(out, json.str());
    } else {
        if (!report.anything_recognised()) {
            std::cerr << "flinkmem: error: nothing in the evidence is a failure flinkmem recognises\n";
        } else if (!report.proposal) {
            std::cerr << "flinkmem: no change proposed\n";
        } else if (!report.proposal->verified) {
            std::cerr << "flinkmem: error: the proposal does not verify:\n";
            for (const auto& check : report.proposal->checks) std::cerr << "  " << check << '\n';
        }
        report::write_proposal(out, proposal, args.output);
    }
    std::cout << out.str();
    return exit_code;
}

}  // namespace

Command add_doctor_command(CLI::App& app) {
    auto args = std::make_shared<DoctorArgs>();
    CLI::App* command =
        app.add_subcommand("doctor",
                           "From a failure's evidence (Flink log or stack trace, YARN diagnostics, kubectl "
                           "get pod -o json|yaml) "
                           "to diagnoses and a configuration proposal proven by resolving it");
    add_input_options(*command, args->input);
    add_flink_version_option(*command, args->flink_version);
    command
        ->add_option("--target", args->target,
                     "standalone, kubernetes or yarn (default: what the evidence shows)")
        ->check(CLI::IsMember({"standalone", "kubernetes", "yarn"}));
    command->add_option("--job", args->job_file,
                        "The job (REST /jobs/<id>/plan JSON or the YAML job shape): the "
                        "network need becomes the simulator's exact requirement");
    command
        ->add_option("--parallelism", args->parallelism,
                     "The job is source -> keyBy -> sink at this parallelism")
        ->check(CLI::PositiveNumber);
    command->add_option("--headroom", args->headroom,
                        "How much an exhausted component grows (fraction, default 0.25; at least 64 MiB)");
    add_format_option(
        *command, args->output, {"text", "json", "yaml", "flags", "conf", "patch"},
        "text, json, yaml, flags (-D lines of the changes), conf (flink-conf.yaml/config.yaml lines), "
        "patch (a FlinkDeployment merge patch)");
    command->add_option("evidence", args->evidence, "Evidence files; - reads stdin")->required();
    return {command, [args] { return run_doctor(*args); }};
}

}  // namespace flinkmem::cli
