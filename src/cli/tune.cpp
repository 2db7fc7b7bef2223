// `flinkmem tune [config] (--rest URL | --metrics FILE...)`: a running cluster's REST API (live or
// saved responses, or a Prometheus scrape) to the smallest proven TaskManager configuration.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "evidence_io.hpp"
#include "flinkmem/doctor/tune.hpp"
#include "flinkmem/report/doctor.hpp"
#include "http.hpp"
#include "inputs.hpp"
#include "release_option.hpp"

namespace flinkmem::cli {

namespace {

struct TuneArgs {
    InputArgs input;
    std::string flink_version;
    std::string target = "standalone";
    std::string rest;
    std::vector<std::string> metrics;
    int samples = 1;
    double interval = 10;
    HttpOptions http;
    double headroom = 0.25;
    bool keep_process_size = false;
    std::string output = "text";
};

// GET base + path; anything but a 200 JSON answer is an error that says so.
doctor::Response fetch(const std::string& base, const std::string& path, const HttpOptions& options) {
    const std::string url = base + path;
    const HttpResponse response = http_get(url, options);
    if (response.status == 401 || response.status == 403) {
        throw CliError(fmt::format("GET {}: HTTP {}: the endpoint wants credentials (--token or --user)", url,
                                   response.status));
    }
    if (response.status != 200) {
        throw CliError(
            fmt::format("GET {}: HTTP {}{}", url, response.status,
                        response.status == 404 ? ": not Flink's REST API (or not this version's)" : ""));
    }
    if (response.content_type.find("json") == std::string::npos) {
        throw CliError(
            fmt::format("GET {}: answered '{}', not JSON: not Flink's REST API", url,
                        response.content_type.empty() ? "no content type" : response.content_type));
    }
    return {url, path, response.body};
}

std::vector<doctor::Response> read_live(const TuneArgs& args) {
    std::string base = args.rest;
    while (!base.empty() && base.back() == '/') base.pop_back();
    std::vector<doctor::Response> responses;
    auto config = fetch(base, "/config", args.http);
    try {
        const auto body = nlohmann::json::parse(config.body);
        if (!body.is_object() || !body.contains("flink-version")) throw CliError("");
    } catch (const std::exception&) {
        throw CliError(
            fmt::format("GET {}/config: no \"flink-version\" in the answer: not Flink's REST API", base));
    }
    responses.push_back(std::move(config));
    responses.push_back(fetch(base, "/jobmanager/config", args.http));
    auto list = fetch(base, "/taskmanagers", args.http);
    std::vector<std::string> ids;
    try {
        const auto body = nlohmann::json::parse(list.body);
        for (const auto& tm : body.at("taskmanagers")) ids.push_back(tm.at("id").get<std::string>());
    } catch (const std::exception&) {
        throw CliError(fmt::format("GET {}/taskmanagers: no TaskManager list: not Flink's REST API", base));
    }
    responses.push_back(std::move(list));
    auto overview = fetch(base, "/jobs/overview", args.http);
    std::string running;
    try {
        const auto body = nlohmann::json::parse(overview.body);
        for (const auto& job : body.at("jobs")) {
            if (job.value("state", "") == "RUNNING") {
                running = job.at("jid").get<std::string>();
                break;
            }
        }
    } catch (const std::exception&) {
        throw CliError(fmt::format("GET {}/jobs/overview: no job list: not Flink's REST API", base));
    }
    responses.push_back(std::move(overview));
    if (!running.empty()) responses.push_back(fetch(base, "/jobs/" + running + "/plan", args.http));
    for (int sample = 0; sample < args.samples; ++sample) {
        if (sample > 0) std::this_thread::sleep_for(std::chrono::duration<double>(args.interval));
        for (const auto& id : ids) {
            responses.push_back(fetch(base, "/taskmanagers/" + id, args.http));
            responses.push_back(
                fetch(base, "/taskmanagers/" + id + "/metrics?get=" + doctor::task_manager_metric_ids(),
                      args.http));
        }
    }
    return responses;
}

int run_tune(TuneArgs args) {
    if (args.rest.empty() == args.metrics.empty())
        throw CliError("tune needs exactly one of --rest URL and --metrics FILE...");
    if (args.samples < 1 || args.samples > 1000) throw CliError("--samples must be between 1 and 1000");
    if (args.interval < 0 || args.interval > 3600)
        throw CliError("--interval must be between 0 and 3600 seconds");
    if (args.headroom < 0 || args.headroom > 10) throw CliError("--headroom must be between 0 and 10");
    if (args.http.bearer_token.empty()) {
        if (const char* token = std::getenv("FLINKMEM_REST_TOKEN")) args.http.bearer_token = token;
    }
    std::vector<doctor::Response> responses;
    if (!args.rest.empty()) {
        responses = read_live(args);
    } else {
        for (const auto& file : args.metrics)
            responses.push_back({file == "-" ? "stdin" : file, "", read_input(file)});
    }
    doctor::TuneRequest request;
    try {
        request.observation = doctor::read_observation(responses);
    } catch (const Error& e) {
        throw CliError(e.message());
    }
    request.flink_version = requested_version(args.flink_version);
    request.target = *parse_target(args.target);
    request.headroom = args.headroom;
    request.keep_process_size = args.keep_process_size;
    if (!args.input.conf_file.empty() || !args.input.conf_dir.empty() ||
        !args.input.dynamic_properties.empty()) {
        auto inputs = load_inputs(args.input, request.flink_version.value_or(kDefaultFlinkVersion));
        if (inputs.size() != 1) throw CliError("tune reads one configuration (pick it with --document)");
        for (const auto& warning : inputs.front().warnings)
            std::cerr << "flinkmem: warning: " << warning << '\n';
        // -D alone adds to the cluster's own configuration.
        Configuration config = args.input.conf_file.empty() && args.input.conf_dir.empty()
                                   ? request.observation.config
                                   : Configuration{};
        for (const auto& [key, entry] : inputs.front().document.config.entries())
            config.set(key, entry.value, entry.source);
        request.config = std::move(config);
        std::vector<std::string> parts;
        if (!args.input.conf_file.empty()) parts.push_back("--conf " + args.input.conf_file);
        if (args.input.conf_file.empty() && !args.input.conf_dir.empty())
            parts.push_back("--conf-dir " + args.input.conf_dir);
        if (args.input.conf_file.empty() && args.input.conf_dir.empty() && request.observation.has_config)
            parts.push_back(request.observation.config_origin + " (/jobmanager/config)");
        if (!args.input.dynamic_properties.empty()) parts.push_back("-D");
        request.config_name = fmt::format("{}", fmt::join(parts, " and "));
        if (!request.flink_version && inputs.front().document.flink_version)
            request.flink_version = inputs.front().document.flink_version;
    }
    doctor::TuneReport report;
    try {
        report = doctor::tune(request);
    } catch (const Error& e) {
        throw CliError(e.message());
    }
    int exit_code = kOk;
    if (!report.refused && report.proposal && !report.proposal->verified) exit_code = kFlinkRejects;
    if (report.refused && report.peaks.empty() &&
        report.refusal.find("does not resolve") != std::string::npos)
        exit_code = kFlinkRejects;

    std::ostringstream out;
    const doctor::Proposal empty;
    const doctor::Proposal& proposal = report.proposal && !report.refused ? *report.proposal : empty;
    if (args.output == "text") {
        report::write_tune_text(out, report, request.target);
    } else if (args.output == "json") {
        report::write_tune_json(out, report, request.target);
    } else if (args.output == "yaml") {
        std::ostringstream json;
        report::write_tune_json(json, report, request.target);
        write_json_as_yaml(out, json.str());
    } else {
        if (report.refused) std::cerr << "flinkmem: no change proposed: " << report.refusal << '\n';
        report::write_proposal(out, proposal, args.output);
    }
    std::cout << out.str();
    return exit_code;
}

}  // namespace

Command add_tune_command(CLI::App& app) {
    auto args = std::make_shared<TuneArgs>();
    CLI::App* command = app.add_subcommand(
        "tune",
        "From a running cluster's REST API (or saved responses, or a Prometheus scrape) to the smallest "
        "TaskManager configuration above every observed peak, proven by resolving it");
    add_input_options(*command, args->input);
    add_flink_version_option(*command, args->flink_version);
    command->add_option("--target", args->target, "standalone, kubernetes or yarn")
        ->check(CLI::IsMember({"standalone", "kubernetes", "yarn"}));
    command->add_option("--rest", args->rest,
                        "The REST API's base URL, e.g. http://jobmanager:8081 (https works too)");
    command->add_option(
        "--metrics", args->metrics,
        "Saved REST responses (/jobmanager/config, /config, /taskmanagers, /taskmanagers/<id>, "
        "/taskmanagers/<id>/metrics, /jobs/overview, /jobs/<id>/plan) or a Prometheus scrape; - is stdin");
    command->add_option("--samples", args->samples,
                        "Live: read the TaskManagers N times and take the peak (default 1)");
    command->add_option("--interval", args->interval, "Live: seconds between samples (default 10)");
    command->add_option("--token", args->http.bearer_token,
                        "Bearer token for the REST API (or $FLINKMEM_REST_TOKEN)");
    command->add_option("--user", args->http.basic_auth, "user:password for basic auth");
    command->add_option("--timeout", args->http.timeout_seconds, "Seconds per request (default 10)");
    command->add_option("--cacert", args->http.ca_file, "CA bundle for HTTPS");
    command->add_flag("--insecure", args->http.insecure, "HTTPS without certificate verification");
    command->add_option("--headroom", args->headroom,
                        "Headroom above each observed peak (fraction, default 0.25)");
    command->add_flag("--keep-process-size", args->keep_process_size,
                      "Rebalance inside today's process size instead of shrinking it");
    add_format_option(
        *command, args->output, {"text", "json", "yaml", "flags", "conf", "patch"},
        "text, json, yaml, flags (-D lines of the changes), conf (flink-conf.yaml/config.yaml lines), "
        "patch (a FlinkDeployment merge patch)");
    return {command, [args] { return run_tune(*args); }};
}

}  // namespace flinkmem::cli
