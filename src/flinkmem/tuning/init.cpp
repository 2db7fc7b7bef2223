#include "flinkmem/tuning/init.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/resolve.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::tuning {

namespace {

// Keys only: the same in every release these profiles are written for.

constexpr std::string_view kJobManagerProcess = "1600m";

struct Line {
    std::string key;
    std::string value;
    std::string why;
};

struct Plan {
    std::vector<Line> flink_configuration;
    // FlinkDeployment only: spec.{jobManager,taskManager}.resource.
    Line task_manager_resource;
    Line job_manager_resource;
};

Configuration configuration_of(const Plan& plan, ConfigFormat format, int slots) {
    Configuration config;
    const Source source = Source::generated("flinkmem init");
    for (const auto& line : plan.flink_configuration) config.set(line.key, line.value, source);
    if (format == ConfigFormat::FlinkDeployment) {
        // FlinkConfigBuilder.setResource: resource.memory -> *.memory.process.size, cpu -> cpu.amount.
        config.set(key_of(OptionId::TaskManagerProcessSize), plan.task_manager_resource.value, source);
        config.set(key_of(OptionId::JobManagerProcessSize), plan.job_manager_resource.value, source);
        config.set(key_of(OptionId::KubernetesTaskManagerCpu), std::to_string(slots) + ".0", source);
    }
    return config;
}

std::string header(const InitRequest& request, ConfigFormat format) {
    std::string out =
        fmt::format("# Written by flinkmem init --profile {} --memory {} --slots {} -o {}\n",
                    request.profile->name, size_value(request.memory), request.slots, name_of(format));
    out += fmt::format("# {}; Flink {}.\n", request.profile->summary, request.version.to_string());
    out +=
        "# Every value below was checked with Flink's own memory rules; `flinkmem resolve` shows the "
        "breakdown.\n";
    return out;
}

std::string flat_file(const InitRequest& request, const Plan& plan, ConfigFormat format) {
    std::string out = header(request, format);
    if (format == ConfigFormat::ConfigYaml) {
        out +=
            "# config.yaml is read with a standard YAML parser (Flink 1.19+); flat keys are valid there.\n";
    } else {
        out +=
            "# flink-conf.yaml is Flink's legacy format (read by 1.18 and earlier; 1.19 and 1.20 still "
            "prefer it).\n";
    }
    for (const auto& line : plan.flink_configuration) {
        out += fmt::format("\n# {}\n{}: {}\n", line.why, line.key, line.value);
    }
    return out;
}

std::string deployment_file(const InitRequest& request, const Plan& plan) {
    std::string out = header(request, ConfigFormat::FlinkDeployment);
    out += fmt::format(
        "apiVersion: flink.apache.org/v1beta1\n"
        "kind: FlinkDeployment\n"
        "metadata:\n"
        "  name: flink-{}\n"
        "spec:\n"
        "  image: flink:{}\n"
        "  flinkVersion: v{}_{}\n"
        "  serviceAccount: flink\n"
        "  flinkConfiguration:\n",
        request.profile->name, request.version.to_string(), request.version.major, request.version.minor);
    for (const auto& line : plan.flink_configuration) {
        out += fmt::format("    # {}\n    {}: \"{}\"\n", line.why, line.key, line.value);
    }
    const auto resource = [&out](std::string_view component, const Line& memory, std::string_view cpu) {
        out += fmt::format("  {}:\n    resource:\n      # {}\n      memory: \"{}\"\n      cpu: {}\n",
                           component, memory.why, memory.value, cpu);
    };
    resource("jobManager", plan.job_manager_resource, "1");
    resource("taskManager", plan.task_manager_resource, std::to_string(request.slots));
    return out;
}

Error init_error(std::string message, std::string hint) {
    return std::move(Error::illegal_configuration(std::move(message)).with_hint(std::move(hint)));
}

}  // namespace

std::optional<ConfigFormat> parse_format(std::string_view name) {
    for (const ConfigFormat format :
         {ConfigFormat::ConfigYaml, ConfigFormat::FlinkConfYaml, ConfigFormat::FlinkDeployment}) {
        if (name == name_of(format)) return format;
    }
    return std::nullopt;
}

std::string_view name_of(ConfigFormat format) {
    switch (format) {
        case ConfigFormat::ConfigYaml:
            return "config.yaml";
        case ConfigFormat::FlinkConfYaml:
            return "flink-conf.yaml";
        case ConfigFormat::FlinkDeployment:
            return "flinkdeployment";
    }
    return "config.yaml";
}

GeneratedConfiguration generate_configuration(const InitRequest& request) {
    if (request.slots < 1) {
        throw init_error(fmt::format("--slots must be at least 1, got {}.", request.slots),
                         "A TaskManager runs one or more slots.");
    }
    const Profile& profile = *request.profile;
    const ConfigFormat format = request.format.value_or(profile.deployment == Deployment::KubernetesOperator
                                                            ? ConfigFormat::FlinkDeployment
                                                            : ConfigFormat::ConfigYaml);
    const std::string budget = size_value(request.memory);

    Plan plan;
    plan.flink_configuration.push_back(
        {key_of(OptionId::NumTaskSlots), std::to_string(request.slots),
         "slots share the TaskManager's managed memory (split evenly) and its network buffers"});
    for (const auto& setting : profile_settings(profile)) {
        plan.flink_configuration.push_back(
            {std::string(setting.key), std::string(setting.value), std::string(setting.why)});
    }
    plan.task_manager_resource = {
        "", budget,
        "the TaskManager pod's memory; the operator writes it to taskmanager.memory.process.size "
        "(Flink's units: \"4g\" is 4 GiB)"};
    plan.job_manager_resource = {"", std::string(kJobManagerProcess),
                                 "the JobManager pod's memory (jobmanager.memory.process.size)"};

    // The memory budget: Total Flink Memory for standalone (Flink's advice), else the process size.
    Configuration base = configuration_of(plan, format, request.slots);
    if (format != ConfigFormat::FlinkDeployment) {
        std::optional<Line> budget_line;
        if (profile.deployment == Deployment::Standalone) {
            if (const auto flink = total_flink_for_process(base, request.memory)) {
                budget_line =
                    Line{key_of(OptionId::TaskManagerFlinkSize), size_value(*flink),
                         fmt::format("standalone: Flink's docs size Total Flink Memory; with JVM metaspace "
                                     "and overhead the TaskManager process is {} (--memory)",
                                     budget)};
            }
        }
        if (!budget_line) {
            budget_line =
                Line{key_of(OptionId::TaskManagerProcessSize), budget,
                     profile.deployment == Deployment::Standalone
                         ? "the whole TaskManager process (no Total Flink Memory gives exactly --memory)"
                         : "the container's memory (--memory): Flink fits heap, off-heap, metaspace and JVM "
                           "overhead into it"};
        }
        plan.flink_configuration.insert(plan.flink_configuration.begin(), *budget_line);
        plan.flink_configuration.push_back({key_of(OptionId::JobManagerProcessSize),
                                            std::string(kJobManagerProcess),
                                            "the JobManager process (Flink's default distribution size)"});
        base = configuration_of(plan, format, request.slots);
    }

    // Fail with Flink's own words when the budget cannot hold a TaskManager.
    const Document document = Document::of(base);
    const Resolution resolution = resolve({document, std::nullopt, ComponentChoice::TaskManager});
    if (!resolution.task_manager->ok()) {
        throw init_error(fmt::format("a TaskManager of {} ({}) does not work: {}", budget,
                                     request.memory.to_human_readable_string(),
                                     resolution.task_manager->error().message()),
                         "Give a larger --memory, or fewer --slots.");
    }

    GeneratedConfiguration out;
    out.format = format;
    if (!request.targets.empty()) {
        const Solution solution = solve_targets(base, request.targets);
        if (!solution.solved) {
            throw init_error(
                "the memory targets cannot be reached: " + solution.why_not,
                "Change --memory or the targets; `flinkmem resolve` shows what the profile gives.");
        }
        for (const auto& key : solution.keys) {
            // A solved key replaces the profile's line for it: config.yaml rejects duplicate keys.
            auto& lines = plan.flink_configuration;
            const auto same =
                std::find_if(lines.begin(), lines.end(), [&](const Line& l) { return l.key == key.key; });
            if (same != lines.end()) {
                *same = {key.key, key.value, "solved: " + key.why};
            } else {
                lines.push_back({key.key, key.value, "solved: " + key.why});
            }
        }
        out.solved = solution.keys;
    }
    out.config = configuration_of(plan, format, request.slots);
    out.text = format == ConfigFormat::FlinkDeployment ? deployment_file(request, plan)
                                                       : flat_file(request, plan, format);
    return out;
}

}  // namespace flinkmem::tuning
