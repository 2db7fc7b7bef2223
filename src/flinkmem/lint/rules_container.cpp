// Does the process fit its container: Kubernetes pod sizes (FM114), limit factors (FM115), a
// FlinkDeployment's pod template (FM116), YARN's rounding (FM117).
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/java/numbers.hpp"
#include "flinkmem/java/strings.hpp"
#include "rule_context.hpp"

namespace flinkmem::lint {

using enum OptionId;

namespace {

constexpr std::int64_t kMebibyte = 1 << 20;

struct Process {
    Component component;
    const char* name;
    const OptionSpec* process_option;
    std::optional<MemorySize> total_process;
};

std::vector<Process> resolved_processes(const RuleContext& context) {
    std::vector<Process> processes;
    if (context.task_manager) {
        processes.push_back({Component::TaskManager, "TaskManager", &context.option(TaskManagerProcessSize),
                             context.task_manager->total_process.size});
    }
    if (context.job_manager) {
        processes.push_back({Component::JobManager, "JobManager", &context.option(JobManagerProcessSize),
                             context.job_manager->total_process.size});
    }
    return processes;
}

// The key that decided a process's size: the process size, else whatever the user set for it.
Source sizing_location(const RuleContext& context, const Process& process) {
    if (const auto lookup = context.config.lookup(*process.process_option)) return lookup->entry->source;
    const std::string_view prefix =
        process.component == Component::TaskManager ? "taskmanager." : "jobmanager.";
    for (const auto& [key, entry] : context.config.with_prefix(prefix)) {
        const OptionSpec* option = context.release.options().find(key);
        // A memory option of the table (an OptionId), not any key of the namespace.
        if (option != nullptr && option->id != OptionId::Unnamed && entry.source.kind == Source::Kind::File) {
            return entry.source;
        }
    }
    return context.document_location();
}

}  // namespace

std::optional<std::int64_t> kubernetes_quantity_bytes(std::string_view text) {
    text = java::trim(text);
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    const std::size_t number_start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == number_start) return std::nullopt;
    const std::string number(text.substr(0, i));
    std::string suffix(text.substr(i));
    long double multiplier = 1;
    if (suffix.size() == 2 && suffix[1] == 'i') {
        const std::string_view binary = "KMGTPE";
        const std::size_t power = binary.find(suffix[0]);
        if (power == std::string_view::npos) return std::nullopt;
        multiplier = std::pow(1024.0L, static_cast<long double>(power + 1));
    } else if (suffix.size() <= 1) {
        if (suffix.empty())
            multiplier = 1;
        else if (suffix == "m")
            multiplier = 1e-3L;
        else if (suffix == "k")
            multiplier = 1e3L;
        else if (suffix == "M")
            multiplier = 1e6L;
        else if (suffix == "G")
            multiplier = 1e9L;
        else if (suffix == "T")
            multiplier = 1e12L;
        else if (suffix == "P")
            multiplier = 1e15L;
        else if (suffix == "E")
            multiplier = 1e18L;
        else
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    long double value = 0;
    try {
        value = std::stold(number);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    const long double bytes = value * multiplier;
    if (!(bytes >= 0) || bytes > 9.2e18L) return std::nullopt;
    return static_cast<std::int64_t>(bytes);
}

std::optional<std::int64_t> resource_memory_bytes(std::string_view text) {
    try {
        return MemorySize::parse(text).bytes();
    } catch (const Error&) {
    }
    // FlinkConfigBuilder.parseResourceMemoryString: "2GB" -> "2G", "2GI" -> "2Gi" for Quantity.
    std::string quantity(java::trim(text));
    if (quantity.ends_with("B")) quantity.pop_back();
    if (quantity.ends_with("I")) quantity.back() = 'i';
    return kubernetes_quantity_bytes(quantity);
}

// KubernetesUtils.getResourceRequirements asks for `<getMebiBytes()>Mi`: the process size
// truncated to whole MiB, so the pod is smaller than the budget Flink divides.
void check_pod_whole_mebibytes(const RuleContext& context, Findings& findings) {
    if (!context.on_kubernetes()) return;
    for (const Process& process : resolved_processes(context)) {
        const std::int64_t bytes = process.total_process->bytes();
        if (bytes % kMebibyte == 0) continue;
        const std::int64_t mebibytes = bytes / kMebibyte;
        findings.push_back(context.finding(
            "FM114",
            fmt::format(
                "the {} pod gets {}Mi, {} bytes less than its Total Process Memory ({}): Kubernetes pods "
                "are sized in whole MiB, truncated",
                process.name, mebibytes, bytes - mebibytes * kMebibyte,
                process.total_process->to_human_readable_string()),
            fmt::format("Use a whole number of MiB, e.g. {}: {}m.", process.process_option->key, mebibytes),
            sizing_location(context, process), process.component));
    }
}

// KubernetesTaskManagerParameters / KubernetesJobManagerParameters check each factor >= 1.
void check_kubernetes_limit_factors(const RuleContext& context, Findings& findings) {
    static constexpr std::pair<OptionId, Component> kFactors[] = {
        {OptionId::KubernetesTaskManagerMemoryLimitFactor, Component::TaskManager},
        {OptionId::KubernetesJobManagerMemoryLimitFactor, Component::JobManager},
        {OptionId::KubernetesTaskManagerCpuLimitFactor, Component::TaskManager},
        {OptionId::KubernetesJobManagerCpuLimitFactor, Component::JobManager}};
    for (const auto& [id, component] : kFactors) {
        const OptionSpec* option = context.find_option_by_id(id);
        const auto lookup = option != nullptr ? context.config.lookup(*option) : std::nullopt;
        if (!lookup) continue;
        const std::string_view key = lookup->key;
        const ConfigEntry* entry = lookup->entry;
        double factor = 0;
        try {
            factor = java::parse_double(entry->value);
        } catch (const Error&) {
            continue;  // Flink's "Could not parse value" comes first; FM100 territory
        }
        if (factor >= 1) continue;
        findings.push_back(context.finding(
            "FM115", fmt::format("{} should be greater or equal to 1.", key),
            fmt::format(
                "A limit below the request is impossible for Kubernetes; use 1 (limit = request) or more."),
            entry->source, component));
    }
}

// Flink's decorators write the main container's resources from the process size, so a pod
// template's own memory for that container is not what runs.
void check_pod_template_resources(const RuleContext& context, Findings& findings) {
    if (context.document.format != InputFormat::FlinkDeployment) return;
    struct Side {
        const std::optional<DeploymentProcess>& process;
        Component component;
        const char* spec;
        const OptionSpec* option;
    };
    for (const Side& side : {Side{context.document.task_manager, Component::TaskManager, "taskManager",
                                  &context.option(TaskManagerProcessSize)},
                             Side{context.document.job_manager, Component::JobManager, "jobManager",
                                  &context.option(JobManagerProcessSize)}}) {
        if (!side.process || !side.process->pod_template) continue;
        const ContainerResources& resources = *side.process->pod_template;
        const ConfigEntry* process_size = context.config.find(side.option->key);
        if (process_size == nullptr) continue;
        const auto process_bytes = resource_memory_bytes(process_size->value);
        if (!process_bytes) continue;
        const std::int64_t pod_bytes = *process_bytes / kMebibyte * kMebibyte;
        for (const auto& [what, quantity] :
             {std::pair{"limit", resources.memory_limit}, std::pair{"request", resources.memory_request}}) {
            if (!quantity) continue;
            const auto bytes = kubernetes_quantity_bytes(*quantity);
            if (!bytes || *bytes == pod_bytes) continue;
            findings.push_back(context.finding(
                "FM116",
                fmt::format(
                    "the {} pod template sets memory {} {}, but the process size {} gives the container "
                    "{}Mi: Flink writes the container's memory itself, so the template's {} is not what runs",
                    side.spec, what, *quantity, process_size->value, pod_bytes / kMebibyte, what),
                fmt::format("Drop resources.{}s.memory from the pod template and size the process with "
                            "spec.{}.resource.memory.",
                            what, side.spec),
                resources.where, side.component));
        }
    }
}

// YARN gets `getMebiBytes()` (truncated) and normalises it up to yarn.scheduler.minimum-allocation-mb.
void check_yarn_container_rounding(const RuleContext& context, Findings& findings) {
    if (!context.on_yarn()) return;
    std::int64_t minimum_allocation = 1024;  // YARN's default
    if (const ConfigEntry* entry =
            context.config.find(context.option(OptionId::YarnMinimumAllocationMb).key)) {
        try {
            minimum_allocation = java::parse_long(entry->value);
        } catch (const Error&) {
        }
        // Nonsense values (negative, beyond any cluster) fall back to YARN's default.
        if (minimum_allocation <= 0 || minimum_allocation > (std::int64_t{1} << 30))
            minimum_allocation = 1024;
    }
    for (const Process& process : resolved_processes(context)) {
        const std::int64_t bytes = process.total_process->bytes();
        const std::int64_t mebibytes = bytes / kMebibyte;
        const std::int64_t container =
            (mebibytes + minimum_allocation - 1) / minimum_allocation * minimum_allocation;
        if (bytes % kMebibyte == 0 && container == mebibytes) continue;
        std::string message;
        if (container == mebibytes) {
            message = fmt::format(
                "YARN gives the {} a {} MiB container, less than its Total Process Memory ({}): "
                "container sizes are truncated to whole MiB",
                process.name, mebibytes, process.total_process->to_human_readable_string());
        } else {
            message = fmt::format(
                "YARN rounds the {} container up to {} MiB (a multiple of "
                "yarn.scheduler.minimum-allocation-mb = {}) for {} of Total Process Memory: "
                "{} MiB of it Flink never uses",
                process.name, container, minimum_allocation,
                process.total_process->to_human_readable_string(), container - mebibytes);
        }
        findings.push_back(
            context.finding("FM117", std::move(message),
                            fmt::format("Size {} as a multiple of {} MiB, e.g. {}m.",
                                        process.process_option->key, minimum_allocation, container),
                            sizing_location(context, process), process.component));
    }
}

}  // namespace flinkmem::lint
