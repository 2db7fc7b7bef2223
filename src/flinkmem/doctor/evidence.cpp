#include "flinkmem/doctor/evidence.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "../readers/yaml_values.hpp"

namespace flinkmem::doctor {

std::string_view to_string(EventKind kind) {
    switch (kind) {
        case EventKind::HeapOutOfMemory:
            return "heap";
        case EventKind::DirectOutOfMemory:
            return "direct";
        case EventKind::MetaspaceOutOfMemory:
            return "metaspace";
        case EventKind::InsufficientNetworkBuffers:
            return "network";
        case EventKind::ManagedAllocation:
            return "managed";
        case EventKind::BatchShuffleReadTimeout:
            return "batch-shuffle";
        case EventKind::IllegalConfiguration:
            return "illegal-configuration";
        case EventKind::ContainerMemoryExceeded:
            return "container-memory-exceeded";
        case EventKind::PodOomKilled:
            return "oom-killed";
        case EventKind::PodKilled:
            return "killed";
    }
    return "unknown";
}

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// The decimal integer right after `prefix` in `text` (first occurrence at or after `from`).
std::optional<std::int64_t> number_after(std::string_view text, std::string_view prefix,
                                         std::size_t from = 0) {
    const auto at = text.find(prefix, from);
    if (at == std::string_view::npos) return std::nullopt;
    const char* begin = text.data() + at + prefix.size();
    const char* end = text.data() + text.size();
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    // Counts and byte sizes: anything negative or beyond a petabyte is not Flink's.
    if (ec != std::errc{} || ptr == begin || value < 0 || value > (std::int64_t{1} << 50))
        return std::nullopt;
    return value;
}

// The text between `prefix` and the next `until` (or the end).
std::optional<std::string_view> between(std::string_view text, std::string_view prefix,
                                        std::string_view until) {
    const auto at = text.find(prefix);
    if (at == std::string_view::npos) return std::nullopt;
    auto rest = text.substr(at + prefix.size());
    const auto stop = rest.find(until);
    return stop == std::string_view::npos ? rest : rest.substr(0, stop);
}

// Which process an enriched OutOfMemoryError text is about.
Component process_of_enriched(std::string_view line) {
    if (contains(line, "The task executor has to be shutdown") ||
        contains(line, "either job(s) require(s)") || contains(line, "either the job requires"))
        return Component::TaskManager;
    if (contains(line, "Flink Master")) return Component::JobManager;
    return Component::Configuration;
}

// " Starting TaskManager (Version: 1.20.0, Scala: 2.12, Rev:..., Date:...)"; the component names of
// EnvironmentInformation.logEnvironmentInfo's callers.
void read_banner(std::string_view line, EvidenceFile& file, int number) {
    const auto at = line.find(" Starting ");
    if (at == std::string_view::npos) return;
    const auto version_at = line.find(" (Version: ", at);
    if (version_at == std::string_view::npos) return;
    const std::string component(line.substr(at + 10, version_at - at - 10));
    auto version_text = line.substr(version_at + 11);
    version_text = version_text.substr(0, version_text.find_first_of(",)"));
    const bool task_manager = contains(component, "TaskManager") || contains(component, "TaskExecutor");
    const bool job_manager = contains(component, "Entrypoint") || contains(component, "EntryPoint");
    if (!task_manager && !job_manager) return;
    file.process = task_manager ? Component::TaskManager : Component::JobManager;
    file.started_as = component;
    if (const auto version = FlinkVersion::parse(std::string(version_text))) {
        file.flink_version = version;
        file.flink_version_source = Source::in_file(file.name, number);
    }
}

// "Loading configuration property: key, value" (GlobalConfiguration.logConfiguration).
void read_config_line(std::string_view line, EvidenceFile& file, int number) {
    static constexpr std::string_view kPrefix = "Loading configuration property: ";
    const auto at = line.find(kPrefix);
    if (at == std::string_view::npos) return;
    const auto rest = line.substr(at + kPrefix.size());
    const auto comma = rest.find(", ");
    if (comma == std::string_view::npos || comma == 0) return;
    file.logged_config.set(std::string(rest.substr(0, comma)), std::string(trim(rest.substr(comma + 2))),
                           Source::in_file(file.name, number));
    ++file.logged_config_lines;
}

// "... is running 219152384B beyond the 'PHYSICAL' memory limit. Current usage: 1.9 GB of 1.7 GB
// physical memory used; ..." (Hadoop's ContainersMonitorImpl).
std::optional<Event> read_yarn(std::string_view line) {
    const auto beyond = line.find("B beyond the 'PHYSICAL' memory limit.");
    if (beyond == std::string_view::npos) return std::nullopt;
    Event event;
    event.kind = EventKind::ContainerMemoryExceeded;
    const auto running = line.rfind("is running ", beyond);
    if (running != std::string_view::npos) {
        const auto digits = line.substr(running + 11, beyond - running - 11);
        std::int64_t value = 0;
        if (std::from_chars(digits.data(), digits.data() + digits.size(), value).ec == std::errc{} &&
            value >= 0 && value <= (std::int64_t{1} << 50))
            event.beyond_bytes = value;
    }
    if (const auto usage = between(line, "Current usage: ", " physical memory used")) {
        const auto of = usage->find(" of ");
        if (of != std::string_view::npos) {
            auto used = usage->substr(0, of);
            auto limit = usage->substr(of + 4);
            if (used.ends_with('B')) used.remove_suffix(1);
            if (limit.ends_with('B')) limit.remove_suffix(1);
            event.usage_bytes = parse_yarn_size(trim(used)).value_or(0);
            event.limit_bytes = parse_yarn_size(trim(limit)).value_or(0);
        }
    }
    // The ApplicationMaster (the JobManager) is the application attempt's first container.
    if (const auto id = between(line, "containerID=", "]")) {
        event.container = std::string(*id);
        event.process = id->ends_with("_000001") ? Component::JobManager : Component::TaskManager;
    } else {
        event.process = Component::TaskManager;
    }
    return event;
}

std::optional<Event> read_event(std::string_view line) {
    Event event;
    if (contains(line, "OutOfMemoryError: Java heap space")) {
        event.kind = EventKind::HeapOutOfMemory;
        event.enriched = contains(line, "A heap space-related out-of-memory error has occurred");
        event.process = process_of_enriched(line);
        return event;
    }
    if (contains(line, "OutOfMemoryError: Direct buffer memory")) {
        event.kind = EventKind::DirectOutOfMemory;
        event.enriched = contains(line, "The direct out-of-memory error has occurred");
        event.process = process_of_enriched(line);
        return event;
    }
    if (contains(line, "OutOfMemoryError: Metaspace")) {
        event.kind = EventKind::MetaspaceOutOfMemory;
        event.enriched = contains(line, "The metaspace out-of-memory error has occurred");
        event.process = process_of_enriched(line);
        return event;
    }
    if (contains(line, "Insufficient number of network buffers: required ")) {
        event.kind = EventKind::InsufficientNetworkBuffers;
        event.process = Component::TaskManager;
        event.required_buffers = number_after(line, "required ").value_or(0);
        event.available_buffers = number_after(line, "but only ").value_or(0);
        event.total_buffers = number_after(line, "currently set to ").value_or(0);
        const auto set_to = line.find("currently set to ");
        if (set_to != std::string_view::npos)
            event.segment_size = number_after(line, " of ", set_to).value_or(0);
        // NetworkBufferPool prints ints; a segment is at most a GiB.
        for (std::int64_t* count :
             {&event.required_buffers, &event.available_buffers, &event.total_buffers}) {
            if (*count > 0x7fffffff) *count = 0;
        }
        if (event.segment_size > (std::int64_t{1} << 30)) event.segment_size = 0;
        return event;
    }
    if (contains(line, "MemoryAllocationException") &&
        (contains(line, "Could not allocate ") ||
         contains(line, "Could not created the shared memory resource"))) {
        event.kind = EventKind::ManagedAllocation;
        event.process = Component::TaskManager;
        return event;
    }
    if (contains(line,
                 "Buffer request timeout, this means there is a fierce contention of the batch shuffle read "
                 "memory")) {
        event.kind = EventKind::BatchShuffleReadTimeout;
        event.process = Component::TaskManager;
        return event;
    }
    if (const auto message = between(line, "IllegalConfigurationException: ", "\n")) {
        event.kind = EventKind::IllegalConfiguration;
        event.message = std::string(trim(*message));
        return event;
    }
    return read_yarn(line);
}

}  // namespace

std::optional<std::int64_t> parse_yarn_size(std::string_view text) {
    text = trim(text);
    if (text.empty()) return std::nullopt;
    static constexpr std::string_view kPrefixes = "kmgtpe";
    std::int64_t multiplier = 1;
    char last = static_cast<char>(std::tolower(static_cast<unsigned char>(text.back())));
    if (const auto at = kPrefixes.find(last); at != std::string_view::npos) {
        for (std::size_t i = 0; i <= at; ++i) multiplier *= 1024;
        text.remove_suffix(1);
        text = trim(text);
    }
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || value < 0 || !std::isfinite(value))
        return std::nullopt;
    const double bytes = value * static_cast<double>(multiplier);
    if (bytes >= 1.1e15) return std::nullopt;  // beyond a petabyte: not a container's memory
    return static_cast<std::int64_t>(bytes);
}

EvidenceFile read_log(std::string_view text, const std::string& name) {
    EvidenceFile file;
    file.name = name;
    file.format = EvidenceFile::Format::Log;
    int number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        const auto line =
            trim(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        ++number;
        read_banner(line, file, number);
        read_config_line(line, file, number);
        if (contains(line, "Received JobGraph submission") || contains(line, "for job leader monitoring.")) {
            ++file.job_submissions;
        }
        if (auto event = read_event(line)) {
            event->where = Source::in_file(name, number);
            event->text = std::string(line);
            file.events.push_back(std::move(*event));
        } else if (contains(line, "MemoryReservationException: Could not allocate ")) {
            // The cause of the MemoryAllocationException(s) just read: how much was asked and left.
            for (auto it = file.events.rbegin(); it != file.events.rend(); ++it) {
                if (it->kind != EventKind::ManagedAllocation || it->requested_bytes != 0) break;
                it->requested_bytes = number_after(line, "Could not allocate ").value_or(0);
                it->remaining_bytes = number_after(line, "bytes, only ").value_or(0);
            }
        }
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    // Events without a process of their own happened in the process the banner names.
    for (auto& event : file.events) {
        if (event.process == Component::Configuration) event.process = file.process;
    }
    file.recognised = !file.events.empty();
    return file;
}

namespace {

using yaml::child;
using yaml::line_of;
using yaml::scalar_or;

std::string label(const YAML::Node& metadata, const char* key) {
    return scalar_or(child(child(metadata, "labels"), key), "");
}

void read_one_pod(const YAML::Node& pod, EvidenceFile& file) {
    const YAML::Node metadata = child(pod, "metadata");
    const std::string pod_name = scalar_or(child(metadata, "name"), "");
    const std::string component = label(metadata, "component");
    Component process = Component::Configuration;
    if (component == "taskmanager") process = Component::TaskManager;
    if (component == "jobmanager") process = Component::JobManager;
    if (process == Component::Configuration) {
        if (contains(pod_name, "taskmanager")) process = Component::TaskManager;
        if (contains(pod_name, "jobmanager")) process = Component::JobManager;
    }
    PodFacts facts;
    facts.name = pod_name;
    const YAML::Node containers = child(child(pod, "spec"), "containers");
    if (containers.IsSequence()) {
        for (const auto& container : containers) {
            const std::string container_name = scalar_or(child(container, "name"), "");
            // Flink's native Kubernetes integration (and the operator) name it flink-main-container.
            if (!facts.container.empty() && container_name != "flink-main-container") continue;
            facts.container = container_name;
            facts.image = scalar_or(child(container, "image"), "");
            facts.env.clear();
            const YAML::Node env = child(container, "env");
            if (env.IsSequence()) {
                for (const auto& variable : env) {
                    facts.env[scalar_or(child(variable, "name"), "")] =
                        scalar_or(child(variable, "value"), "");
                }
            }
            const YAML::Node limit = child(child(child(container, "resources"), "limits"), "memory");
            if (limit.IsScalar()) facts.memory_limit = yaml::as_text(limit);
            if (process == Component::Configuration) {
                if (container_name == "taskmanager") process = Component::TaskManager;
                if (container_name == "jobmanager") process = Component::JobManager;
            }
        }
    }
    file.pod = facts;
    const YAML::Node statuses = child(child(pod, "status"), "containerStatuses");
    if (!statuses.IsSequence()) return;
    for (const auto& status : statuses) {
        const std::string container_name = scalar_or(child(status, "name"), "");
        for (const char* state : {"lastState", "state"}) {
            const YAML::Node terminated = child(child(status, state), "terminated");
            if (!terminated.IsMap()) continue;
            Event event;
            event.reason = scalar_or(child(terminated, "reason"), "");
            const std::string code = scalar_or(child(terminated, "exitCode"), "");
            std::from_chars(code.data(), code.data() + code.size(), event.exit_code);
            if (event.reason == "OOMKilled") {
                event.kind = EventKind::PodOomKilled;
            } else if (event.exit_code == 137) {
                event.kind = EventKind::PodKilled;
            } else {
                continue;
            }
            event.process = process;
            event.container = container_name;
            event.where = Source::in_file(file.name, line_of(terminated));
            event.text =
                fmt::format("pod {} container {} {}.terminated: exitCode {}{}", pod_name, container_name,
                            state, event.exit_code, event.reason.empty() ? "" : ", reason " + event.reason);
            file.events.push_back(std::move(event));
        }
    }
    if (file.process == Component::Configuration) file.process = process;
}

}  // namespace

EvidenceFile read_pod(std::string_view text, const std::string& name) {
    EvidenceFile file;
    file.name = name;
    file.format = EvidenceFile::Format::Pod;
    const auto documents = yaml::load_all(text, name);
    for (const auto& document : documents) {
        const std::string kind = scalar_or(child(document, "kind"), "");
        if (kind == "Pod") read_one_pod(document, file);
        if (kind == "List" || kind == "PodList") {
            const YAML::Node items = child(document, "items");
            if (items.IsSequence()) {
                for (const auto& item : items) {
                    if (scalar_or(child(item, "kind"), "Pod") == "Pod") read_one_pod(item, file);
                }
            }
        }
    }
    file.recognised = !file.events.empty();
    return file;
}

namespace {

// A pod document: JSON or YAML whose top level says kind: Pod or List. Logs never start so.
bool looks_like_pod(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return false;
    const auto head = text.substr(first, 4096);
    if (head.front() == '{')
        return contains(head, "\"kind\"") && (contains(head, "\"Pod\"") || contains(head, "\"List\""));
    return head.starts_with("apiVersion:") || head.starts_with("kind: Pod") ||
           head.starts_with("kind: List") || head.starts_with("---");
}

}  // namespace

EvidenceFile read_evidence(std::string_view text, const std::string& name) {
    if (looks_like_pod(text)) return read_pod(text, name);
    return read_log(text, name);
}

}  // namespace flinkmem::doctor
