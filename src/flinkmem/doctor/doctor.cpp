#include "flinkmem/doctor/doctor.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "../readers/readers_internal.hpp"
#include "flinkmem/model/derivation.hpp"
#include "flinkmem/sim/simulate.hpp"

namespace flinkmem::doctor {

bool DoctorReport::blocked() const {
    return std::any_of(diagnoses.begin(), diagnoses.end(),
                       [](const Diagnosis& d) { return !d.blocked.empty(); });
}

bool DoctorReport::unfixable() const {
    return std::any_of(diagnoses.begin(), diagnoses.end(), [](const Diagnosis& d) { return !d.fixable; });
}

namespace {

constexpr std::int64_t kMib = 1 << 20;

std::string human(MemorySize size) {
    return size.to_human_readable_string();
}

// The growth of an exhausted component: the headroom share of its size, at least 64 MiB.
MemorySize step(MemorySize size, double headroom) {
    return round_up_mib(std::max(size.multiply(headroom), MemorySize(64 * kMib)));
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::string key(const Release& release, OptionId id) {
    const OptionSpec* option = option_in_or_after(release, id);
    return option ? std::string(option->key) : std::string();
}

bool uses_rocksdb(const Configuration& config, const Release& release) {
    const OptionSpec* option = release.options().find(OptionId::StateBackend);
    if (option == nullptr) return false;
    const auto found = config.lookup(*option);
    return found && lower(found->entry->value).find("rocksdb") != std::string::npos;
}

// The process the evidence's events of one kind happened in, and every occurrence.
struct Group {
    EventKind kind;
    Component process;
    std::vector<const Event*> events;
    const EvidenceFile* file;  // of the first event
};

std::string sum_derivation(const std::vector<std::pair<std::string_view, const Explained*>>& parts) {
    std::string out;
    for (const auto& [name, part] : parts) {
        if (!out.empty()) out += " + ";
        out += fmt::format("{} {} ({})", name, human(part->size), describe(part->how));
    }
    return out;
}

struct Context {
    const DoctorRequest& request;
    const Release& release;
    const Configuration& config;
    Target target;
    std::optional<TaskManagerMemory> task_manager;
    std::optional<JobManagerMemory> job_manager;
    std::string task_manager_error;
    std::string job_manager_error;
    std::vector<Requirement> requirements;
    std::vector<KeyValue> settings;
    std::vector<KeyValue> environment;
};

// The process the diagnosis is about does not resolve under this configuration: say why.
void need_task_manager(const Context& context, Diagnosis& diagnosis) {
    const bool job_manager = diagnosis.process == Component::JobManager;
    std::string error = job_manager ? context.job_manager_error : context.task_manager_error;
    if (job_manager && error.empty() && !context.job_manager) {
        error = fmt::format("Flink {} has no JobManager memory model", context.release.version().to_string());
    }
    diagnosis.blocked =
        fmt::format("the {} configuration does not resolve: {}", to_string(diagnosis.process), error);
    diagnosis.explanation +=
        fmt::format(" The {} configuration does not resolve ({}), so no size can be proposed.",
                    to_string(diagnosis.process), error);
}

// Where an environment variable for the process goes on this deployment.
void set_environment(Context& context, Component process, const std::string& name, const std::string& value,
                     std::string& remedy) {
    const bool job_manager = process == Component::JobManager;
    if (context.request.operator_deployment) {
        context.environment.emplace_back(name, value);
        remedy += fmt::format(
            " Set {}={} in the {} pod template's flink-main-container env (the FlinkDeployment patch).", name,
            value, job_manager ? "jobManager" : "taskManager");
    } else if (context.target == Target::Standalone) {
        context.environment.emplace_back(name, value);
        remedy += fmt::format(" Set {}={} in the environment bin/{}.sh (or the container) starts with.", name,
                              value, job_manager ? "jobmanager" : "taskmanager");
    } else {
        const std::string prefix = key(context.release, job_manager ? OptionId::ContainerizedJobManagerEnv
                                                                    : OptionId::ContainerizedTaskManagerEnv);
        context.settings.emplace_back(prefix + "." + name, value);
        remedy += fmt::format(" Set {}.{}: {} (the resource manager passes it to the container).", prefix,
                              name, value);
    }
}

// The native-memory remedies of a container killed for its memory.
void native_remedies(Context& context, Diagnosis& diagnosis, std::optional<std::int64_t> beyond) {
    const Release& release = context.release;
    const bool job_manager = diagnosis.process == Component::JobManager;
    diagnosis.component = "native";
    std::string remedy;
    if (job_manager) {
        if (!context.job_manager) {
            need_task_manager(context, diagnosis);
            return;
        }
        const auto& m = *context.job_manager;
        diagnosis.configured = m.jvm_overhead.size;
        diagnosis.derivation = "JVM Overhead: " + describe(m.jvm_overhead.how);
        MemorySize grow = step(m.jvm_overhead.size, context.request.headroom);
        if (beyond) grow = std::max(grow, round_up_mib(MemorySize(*beyond)));
        diagnosis.need = m.jvm_overhead.size.add(grow);
        diagnosis.need_basis = beyond ? "the larger of the overshoot YARN measured and the headroom share"
                                      : fmt::format("{:.0f}% more JVM Overhead, at least 64 MiB",
                                                    context.request.headroom * 100);
        context.requirements.push_back({Component::JobManager, Requirement::What::Overhead, *diagnosis.need});
        remedy = fmt::format("Raise JVM Overhead to {} (jobmanager.memory.jvm-overhead.min/max).",
                             human(*diagnosis.need));
        if (!m.direct_memory_limit) {
            const std::string k = key(release, OptionId::JobManagerDirectMemoryLimit);
            context.settings.emplace_back(k, "true");
            remedy += fmt::format(
                " Set {}: true so a direct memory leak fails inside the JVM's limit instead of "
                "growing the container.",
                k);
        }
        diagnosis.remedy = remedy;
        return;
    }
    if (!context.task_manager) {
        need_task_manager(context, diagnosis);
        return;
    }
    const auto& m = *context.task_manager;
    diagnosis.configured = m.jvm_overhead.size;
    diagnosis.derivation =
        "JVM Overhead (the native reserve outside every JVM limit): " + describe(m.jvm_overhead.how);
    MemorySize grow = step(m.jvm_overhead.size, context.request.headroom);
    if (beyond) grow = std::max(grow, round_up_mib(MemorySize(*beyond)));
    diagnosis.need = m.jvm_overhead.size.add(grow);
    diagnosis.need_basis =
        beyond ? fmt::format(
                     "the larger of the overshoot YARN measured ({}) and {:.0f}% of the overhead, at least "
                     "64 MiB",
                     human(MemorySize(*beyond)), context.request.headroom * 100)
               : fmt::format("{:.0f}% more JVM Overhead, at least 64 MiB", context.request.headroom * 100);
    context.requirements.push_back({Component::TaskManager, Requirement::What::Overhead, *diagnosis.need});
    remedy = fmt::format(
        "Raise JVM Overhead to {} (taskmanager.memory.jvm-overhead.min/max; the process grows by the same).",
        human(*diagnosis.need));
    if (uses_rocksdb(context.config, release)) {
        const OptionSpec& managed_option = release.option(OptionId::RocksDbMemoryManaged);
        const OptionSpec& per_slot = release.option(OptionId::RocksDbFixedPerSlot);
        const bool managed = context.config.get_bool(managed_option);
        const bool fixed = context.config.contains(per_slot);
        if (!managed && !fixed) {
            context.settings.emplace_back(std::string(managed_option.key), "true");
            remedy += fmt::format(
                " RocksDB's memory is unbounded ({}: false and no {}): set {}: true so its block cache "
                "and write buffers stay inside managed memory ({} for this TaskManager).",
                managed_option.key, per_slot.key, managed_option.key, human(m.managed.size));
        } else {
            remedy += fmt::format(
                " RocksDB's memory is bounded ({}); what grows beyond it is native memory of the "
                "allocator, e.g. during savepoints and full checkpoints.",
                fixed ? std::string(per_slot.key) : std::string(managed_option.key) + ": true");
        }
    }
    // The allocator: the official images preload jemalloc unless DISABLE_JEMALLOC=true; only glibc
    // malloc's per-thread arenas are bounded by MALLOC_ARENA_MAX.
    std::string allocator;
    bool glibc = false;
    if (const auto* pod = [&]() -> const PodFacts* {
            for (const auto& file : context.request.evidence)
                if (file.pod) return &*file.pod;
            return nullptr;
        }()) {
        const auto disabled = pod->env.find("DISABLE_JEMALLOC");
        const bool jemalloc_off = disabled != pod->env.end() && lower(disabled->second) == "true";
        if (jemalloc_off) {
            glibc = true;
            allocator = "the pod sets DISABLE_JEMALLOC=true, so the JVM runs on glibc malloc";
        } else if (readers_detail::is_flink_image(pod->image)) {
            allocator = fmt::format(
                "the official image {} preloads jemalloc (DISABLE_JEMALLOC is not true), so "
                "MALLOC_ARENA_MAX would change nothing",
                pod->image);
        } else {
            allocator = fmt::format(
                "image {} is not the official one; if it runs glibc malloc, MALLOC_ARENA_MAX=1 "
                "bounds its arenas",
                pod->image);
        }
    } else if (context.target == Target::Yarn) {
        glibc = true;
        allocator = "on YARN the JVM runs on the node's glibc malloc";
    } else if (context.target == Target::Standalone) {
        glibc = true;
        allocator =
            "the start scripts run the JVM on glibc malloc unless the official image's jemalloc is preloaded";
    } else {
        allocator =
            "the official images preload jemalloc unless DISABLE_JEMALLOC=true; MALLOC_ARENA_MAX=1 only "
            "helps glibc malloc";
    }
    remedy += " Allocator: " + allocator + ".";
    if (glibc) set_environment(context, Component::TaskManager, "MALLOC_ARENA_MAX", "1", remedy);
    diagnosis.remedy = remedy;
}

Diagnosis diagnose_group(Context& context, const Group& group) {
    const Release& release = context.release;
    const double headroom = context.request.headroom;
    Diagnosis d;
    d.kind = group.kind;
    d.kind_name = std::string(to_string(group.kind));
    d.process = group.process;
    for (const Event* event : group.events) d.evidence.push_back(event->where);
    d.evidence_text = group.events.front()->text;
    const Event& first = *group.events.front();
    const std::string occurrences =
        group.events.size() > 1 ? fmt::format(" ({} occurrences)", group.events.size()) : std::string();
    const bool job_manager = group.process == Component::JobManager;
    const std::string percent = fmt::format("{:.0f}%", headroom * 100);

    switch (group.kind) {
        case EventKind::HeapOutOfMemory:
            d.component = "jvm_heap";
            d.explanation =
                fmt::format("The {} ran out of JVM heap{}{}.", to_string(group.process), occurrences,
                            first.enriched || job_manager
                                ? ""
                                : " (a TaskManager's heap error comes bare, without Flink's enrichment)");
            if (job_manager && context.job_manager) {
                const auto& m = *context.job_manager;
                d.configured = m.jvm_heap.size;
                d.derivation = "JVM Heap: " + describe(m.jvm_heap.how);
                d.need = m.jvm_heap.size.add(step(m.jvm_heap.size, headroom));
                d.remedy = fmt::format(
                    "Raise the JobManager's JVM heap (jobmanager.memory.heap.size, or its total) to {}.",
                    human(*d.need));
                context.requirements.push_back({Component::JobManager, Requirement::What::JvmHeap, *d.need});
            } else if (!job_manager && context.task_manager) {
                const auto& m = *context.task_manager;
                d.configured = m.jvm_heap();
                d.derivation =
                    sum_derivation({{"Framework Heap", &m.framework_heap}, {"Task Heap", &m.task_heap}});
                d.need = d.configured->add(step(*d.configured, headroom));
                d.remedy = fmt::format(
                    "Raise task heap so the JVM heap (-Xmx) is {}: the troubleshooting guide's remedy "
                    "(framework heap only if Flink itself needs it).",
                    human(*d.need));
                context.requirements.push_back({Component::TaskManager, Requirement::What::JvmHeap, *d.need});
            } else {
                need_task_manager(context, d);
            }
            if (d.need)
                d.need_basis =
                    percent + " more, at least 64 MiB (headroom; the log does not say how much was missing)";
            d.explanation += " If it persists after growing, it is a heap leak in user code.";
            break;
        case EventKind::DirectOutOfMemory:
            d.component = "jvm_direct";
            d.explanation = fmt::format("The {} hit the JVM direct memory limit (-XX:MaxDirectMemorySize){}.",
                                        to_string(group.process), occurrences);
            if (job_manager && context.job_manager) {
                const auto& m = *context.job_manager;
                d.configured = m.off_heap.size;
                d.derivation = "Off-heap Memory: " + describe(m.off_heap.how) +
                               (m.direct_memory_limit ? " (the direct limit is on)" : "");
                d.need = m.off_heap.size.add(step(m.off_heap.size, headroom));
                d.remedy = fmt::format(
                    "Raise jobmanager.memory.off-heap.size to {} (ClusterEntryPointExceptionUtils' advice).",
                    human(*d.need));
                context.requirements.push_back({Component::JobManager, Requirement::What::OffHeap, *d.need});
            } else if (!job_manager && context.task_manager) {
                const auto& m = *context.task_manager;
                d.configured = m.jvm_direct();
                d.derivation = sum_derivation({{"Framework Off-Heap", &m.framework_off_heap},
                                               {"Task Off-Heap", &m.task_off_heap},
                                               {"Network", &m.network}});
                const MemorySize grow = step(m.jvm_direct(), headroom);
                d.need = m.jvm_direct().add(grow);
                std::int32_t parallelism = 0;
                if (context.request.job) {
                    for (const auto& vertex : context.request.job->vertices)
                        parallelism = std::max(parallelism, vertex.parallelism);
                }
                // Netty's own direct memory grows with the number of connections: framework off-heap.
                const bool framework = parallelism >= 256;
                const auto what =
                    framework ? Requirement::What::FrameworkOffHeap : Requirement::What::TaskOffHeap;
                const auto& part = framework ? m.framework_off_heap : m.task_off_heap;
                context.requirements.push_back({Component::TaskManager, what, part.size.add(grow)});
                d.remedy =
                    framework
                        ? fmt::format(
                              "The job runs at parallelism {} (high): raise framework off-heap "
                              "(taskmanager.memory.framework.off-heap.size) to {}, so the direct limit is "
                              "{}.",
                              parallelism, human(part.size.add(grow)), human(*d.need))
                        : fmt::format(
                              "Raise task off-heap (taskmanager.memory.task.off-heap.size), the direct "
                              "memory of "
                              "user code, to {}, so the direct limit is {}. For jobs of high parallelism the "
                              "framework's own share (taskmanager.memory.framework.off-heap.size) is the one "
                              "to raise.",
                              human(part.size.add(grow)), human(*d.need));
            } else {
                need_task_manager(context, d);
            }
            if (d.need) d.need_basis = percent + " more direct memory, at least 64 MiB (headroom)";
            d.explanation += " If it persists after growing, it is a direct memory leak.";
            break;
        case EventKind::MetaspaceOutOfMemory: {
            d.component = "jvm_metaspace";
            std::int32_t submissions = 0;
            for (const auto& file : context.request.evidence) {
                if (std::any_of(file.events.begin(), file.events.end(),
                                [](const Event& e) { return e.kind == EventKind::MetaspaceOutOfMemory; }))
                    submissions = std::max(submissions, file.job_submissions);
            }
            if (submissions >= 2) {
                d.kind_name = "class-loading-leak";
                d.fixable = false;
                d.explanation = fmt::format(
                    "The {} ran out of metaspace after {} job submissions in the same process{}: Flink's own "
                    "message says "
                    "an error that persists after (re-)submissions is a class loading leak in user code or "
                    "its "
                    "dependencies. More metaspace only postpones it; no configuration change fixes it.",
                    to_string(group.process), submissions, occurrences);
                d.remedy =
                    "Find what keeps the user class loader alive (threads, static caches, JDBC drivers, "
                    "shutdown "
                    "hooks) and release it when the job finishes; restart the process meanwhile.";
                const auto* m = job_manager
                                    ? (context.job_manager ? &context.job_manager->jvm_metaspace : nullptr)
                                    : (context.task_manager ? &context.task_manager->jvm_metaspace : nullptr);
                if (m) {
                    d.configured = m->size;
                    d.derivation = "JVM Metaspace: " + describe(m->how);
                }
                break;
            }
            d.explanation = fmt::format(
                "The {} ran out of JVM metaspace (-XX:MaxMetaspaceSize){}: the job loads more "
                "classes than the limit holds.",
                to_string(group.process), occurrences);
            const auto* m = job_manager
                                ? (context.job_manager ? &context.job_manager->jvm_metaspace : nullptr)
                                : (context.task_manager ? &context.task_manager->jvm_metaspace : nullptr);
            if (m) {
                d.configured = m->size;
                d.derivation = "JVM Metaspace: " + describe(m->how);
                d.need = m->size.add(step(m->size, headroom));
                d.need_basis = percent + " more, at least 64 MiB (headroom)";
                d.remedy = fmt::format("Raise {} to {}.",
                                       job_manager ? "jobmanager.memory.jvm-metaspace.size"
                                                   : "taskmanager.memory.jvm-metaspace.size",
                                       human(*d.need));
                context.requirements.push_back({group.process, Requirement::What::Metaspace, *d.need});
            } else {
                need_task_manager(context, d);
            }
            break;
        }
        case EventKind::InsufficientNetworkBuffers: {
            d.component = "network";
            const std::int64_t lower_bound =
                first.total_buffers - first.available_buffers + first.required_buffers;
            const std::int64_t segment = first.segment_size;
            d.explanation = fmt::format(
                "A task could not get its network buffers{}: one pool required {}, only {} of the {} buffers "
                "of {} bytes "
                "were left, so the TaskManager needs at least {} - {} + {} = {} buffers ({} bytes). That is "
                "a lower "
                "bound: requests made after the failing one are not counted.",
                occurrences, first.required_buffers, first.available_buffers, first.total_buffers, segment,
                first.total_buffers, first.available_buffers, first.required_buffers, lower_bound,
                lower_bound * segment);
            if (!context.task_manager) {
                need_task_manager(context, d);
                break;
            }
            const auto& m = *context.task_manager;
            d.configured = m.network.size;
            d.derivation = "Network: " + describe(m.network.how);
            MemorySize need(std::max<std::int64_t>(0, lower_bound) * std::max<std::int64_t>(0, segment));
            d.need_basis = fmt::format(
                "at least {} buffers of {} bytes (a lower bound from the message), rounded up to a MiB",
                lower_bound, segment);
            if (context.request.job) {
                const auto report =
                    simulate_job(context.config, release, context.target, *context.request.job);
                if (report.configuration_rejected) {
                    d.explanation += fmt::format(" The simulator could not plan the job: {}.",
                                                 report.error ? report.error->message() : "no TaskManager");
                } else {
                    const MemorySize exact(report.advice.min_network_bytes);
                    if (exact > need) need = exact;
                    d.need_basis = fmt::format(
                        "the simulator's exact requirement for job '{}' ({} buffers at once, {} bytes), "
                        "not below the message's lower bound of {} buffers; rounded up to a MiB",
                        context.request.job->name, report.plan.network.required_buffers,
                        report.advice.min_network_bytes, lower_bound);
                }
            }
            d.need = round_up_mib(need);
            d.remedy = fmt::format(
                "Give the TaskManager at least {} of network memory (taskmanager.memory.network.min, and "
                ".max if it is lower; the fraction alone would move with every other size).",
                human(*d.need));
            context.requirements.push_back({Component::TaskManager, Requirement::What::Network, *d.need});
            break;
        }
        case EventKind::ManagedAllocation: {
            d.component = "managed";
            d.explanation = fmt::format(
                "An operator could not allocate managed memory from its slot's budget{}.", occurrences);
            if (!context.task_manager) {
                need_task_manager(context, d);
                break;
            }
            const auto& m = *context.task_manager;
            d.configured = m.managed.size;
            d.derivation = "Managed: " + describe(m.managed.how);
            const std::int64_t slots = std::max<std::int32_t>(1, m.num_slots);
            if (first.requested_bytes > 0) {
                const std::int64_t per_slot = m.managed.size.bytes() / slots;
                const std::int64_t need_slot = per_slot - first.remaining_bytes + first.requested_bytes;
                d.need = round_up_mib(MemorySize(std::max<std::int64_t>(need_slot, 0) * slots));
                d.need_basis =
                    fmt::format("per slot {} - {} remaining + {} requested, times {} slots (a lower bound)",
                                per_slot, first.remaining_bytes, first.requested_bytes, slots);
            } else {
                d.need = m.managed.size.add(step(m.managed.size, headroom));
                d.need_basis = percent +
                               " more, at least 64 MiB (headroom; the cause with the byte counts was not in "
                               "the evidence)";
            }
            d.remedy =
                fmt::format("Raise managed memory (taskmanager.memory.managed.size) to {}.", human(*d.need));
            context.requirements.push_back({Component::TaskManager, Requirement::What::Managed, *d.need});
            break;
        }
        case EventKind::BatchShuffleReadTimeout: {
            d.component = "batch_shuffle_read";
            d.explanation = fmt::format(
                "Batch shuffle readers waited too long for buffers{}: the batch shuffle read "
                "memory is contended.",
                occurrences);
            const OptionSpec* option = release.options().find(OptionId::BatchShuffleSize);
            if (option == nullptr || !context.task_manager) {
                need_task_manager(context, d);
                break;
            }
            const MemorySize current =
                context.config.get_memory_size(*option).value_or(MemorySize(64 * kMib));
            d.configured = current;
            d.derivation = fmt::format("{} = {} (inside framework off-heap, {})", option->key, human(current),
                                       human(context.task_manager->framework_off_heap.size));
            d.need = current.add(current);
            d.need_basis = "twice the current size (a stated step)";
            d.remedy = fmt::format(
                "Raise {} to {} and framework off-heap by the same amount (the read memory is taken "
                "from it).",
                option->key, human(*d.need));
            context.requirements.push_back(
                {Component::TaskManager, Requirement::What::BatchShuffle, *d.need});
            break;
        }
        case EventKind::IllegalConfiguration: {
            d.component = "";
            d.explanation = fmt::format("Flink rejected the memory configuration at start-up{}: {}",
                                        occurrences, first.message);
            const std::string& error = job_manager ? context.job_manager_error : context.task_manager_error;
            if (!error.empty()) {
                d.explanation +=
                    fmt::format(" flinkmem reproduces the rejection with this configuration: {}", error);
            } else {
                d.explanation += " This configuration resolves, so the process started with another one.";
            }
            d.remedy =
                "Correct the keys the message names (`flinkmem validate` lists every finding with its fix); "
                "no "
                "size is proposed for a configuration Flink rejects.";
            d.fixable = true;
            break;
        }
        case EventKind::ContainerMemoryExceeded:
            d.explanation = fmt::format(
                "YARN killed the {} container{} for using more physical memory than its limit ({} of {}, {} "
                "beyond): "
                "native memory outside the JVM's limits (JVM Overhead) was not enough{}.",
                to_string(group.process), first.container.empty() ? "" : " " + first.container,
                human(MemorySize(first.usage_bytes)), human(MemorySize(first.limit_bytes)),
                human(MemorySize(first.beyond_bytes)), occurrences);
            native_remedies(
                context, d,
                first.beyond_bytes > 0 ? std::optional<std::int64_t>(first.beyond_bytes) : std::nullopt);
            break;
        case EventKind::PodOomKilled:
            d.explanation = fmt::format(
                "Kubernetes OOM-killed the {} container {} (exit code {}){}: the process used more "
                "than the pod's memory limit, so native memory outside the JVM's limits was not enough.",
                to_string(group.process), first.container, first.exit_code, occurrences);
            native_remedies(context, d, std::nullopt);
            break;
        case EventKind::PodKilled:
            d.kind_name = "undetermined";
            d.determined = false;
            d.explanation = fmt::format(
                "The container {} ended with exit code 137 (SIGKILL) and no OOMKilled reason{}: "
                "a failed liveness probe, an eviction or a node-level OOM kill all look like this. "
                "The cause cannot be told from this evidence, so nothing is proposed.",
                first.container, occurrences);
            d.remedy = "Look at `kubectl describe pod` events and the node's kernel log for the cause.";
            break;
    }
    return d;
}

}  // namespace

DoctorReport diagnose(const DoctorRequest& request) {
    DoctorReport report;
    // The release: --flink-version, else the log's banner, else the default.
    std::optional<FlinkVersion> version = request.flink_version;
    std::string release_reason = "--flink-version";
    if (!version) {
        for (const auto& file : request.evidence) {
            if (file.flink_version) {
                version = file.flink_version;
                release_reason = "the start-up banner at " + file.flink_version_source.describe();
                break;
            }
        }
    }
    const Release* release = version ? find_release(*version) : &default_release();
    if (release == nullptr) {
        throw Error(ErrorClass::UnsupportedInput,
                    fmt::format("Flink {} is not a release flinkmem knows ({})", version->to_string(),
                                supported_versions_text()));
    }
    if (!version) release_reason = "the default";
    report.release = release;
    report.release_line = fmt::format("Flink {} rules ({})", release->version().to_string(), release_reason);

    // The configuration: given, else the log's, else the distribution's.
    if (request.config) {
        report.origin = ConfigOrigin::Given;
        report.config = *request.config;
        report.origin_text = request.config_name.empty() ? "the given configuration" : request.config_name;
    } else {
        const EvidenceFile* logged = nullptr;
        for (const auto& file : request.evidence) {
            if (file.logged_config_lines > 0) {
                logged = &file;
                break;
            }
        }
        if (logged != nullptr) {
            report.origin = ConfigOrigin::Log;
            report.config = logged->logged_config;
            report.origin_text = fmt::format("{} \"Loading configuration property\" lines of {}",
                                             logged->logged_config_lines, logged->name);
        } else {
            report.origin = ConfigOrigin::Defaults;
            for (const auto& [k, v] : readers_detail::image_default_configuration(release->version())) {
                report.config.set(k, v, Source::default_value());
            }
            report.origin_text = fmt::format(
                "the configuration Flink {}'s distribution ships (no --conf, -D or logged "
                "configuration)",
                release->version().to_string());
        }
    }

    // The deployment: --target, else what the evidence shows.
    Target target = Target::Standalone;
    for (const auto& file : request.evidence) {
        if (file.pod || file.started_as.find("Kubernetes") != std::string::npos) target = Target::Kubernetes;
        if (file.started_as.find("YARN") != std::string::npos ||
            file.started_as.find("Yarn") != std::string::npos)
            target = Target::Yarn;
        for (const auto& event : file.events)
            if (event.kind == EventKind::ContainerMemoryExceeded) target = Target::Yarn;
    }
    if (request.operator_deployment) target = Target::Kubernetes;
    if (request.target) target = *request.target;
    report.target = target;

    Context context{request, *release, report.config, target, {}, {}, {}, {}, {}, {}, {}};
    {
        Proposal probe;
        resolve_both(probe, report.config, *release, target, true, release->traits().job_manager_model);
        if (probe.task_manager_before->ok()) {
            context.task_manager = probe.task_manager_before->value().memory;
        } else {
            context.task_manager_error =
                fmt::format("{}: {}", probe.task_manager_before->error().class_name(),
                            probe.task_manager_before->error().message());
        }
        if (probe.job_manager_before) {
            if (probe.job_manager_before->ok()) {
                context.job_manager = probe.job_manager_before->value().memory;
            } else {
                context.job_manager_error =
                    fmt::format("{}: {}", probe.job_manager_before->error().class_name(),
                                probe.job_manager_before->error().message());
            }
        }
    }

    // Group the events by kind and process, in the order they were first seen.
    std::vector<Group> groups;
    for (const auto& file : request.evidence) {
        if (!file.recognised) report.unrecognised.push_back(file.name);
        for (const auto& event : file.events) {
            // A TaskManager's heap error comes bare; with no banner it is a TaskManager's.
            Component process =
                event.process == Component::Configuration ? Component::TaskManager : event.process;
            auto found = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
                return g.kind == event.kind && g.process == process;
            });
            if (found == groups.end()) {
                groups.push_back({event.kind, process, {&event}, &file});
            } else {
                found->events.push_back(&event);
            }
        }
    }
    for (const auto& group : groups) {
        try {
            report.diagnoses.push_back(diagnose_group(context, group));
        } catch (const Error& e) {
            // Sizes at the edge of Flink's arithmetic (an overflow growing them) are not sized.
            Diagnosis d;
            d.kind = group.kind;
            d.kind_name = std::string(to_string(group.kind));
            d.process = group.process;
            for (const Event* event : group.events) d.evidence.push_back(event->where);
            d.evidence_text = group.events.front()->text;
            d.blocked = fmt::format("{}: {}", e.class_name(), e.message());
            d.explanation = "No size can be computed for this configuration: " + d.blocked;
            report.diagnoses.push_back(std::move(d));
        }
    }
    if (report.origin == ConfigOrigin::Defaults) {
        report.notes.push_back(
            "No configuration was given or logged: sizes are those of the distribution's default "
            "configuration; pass --conf or -D for the one that ran.");
    }

    if (!context.requirements.empty() || !context.settings.empty() || !context.environment.empty()) {
        GrowthRequest growth{report.config,
                             *release,
                             target,
                             context.requirements,
                             context.settings,
                             context.environment,
                             request.job ? &*request.job : nullptr};
        try {
            report.proposal = propose_growth(growth);
        } catch (const Error& e) {
            Proposal failed;
            failed.checks.push_back(fmt::format("FAILED: {}: {}", e.class_name(), e.message()));
            report.proposal = std::move(failed);
        }
    }
    return report;
}

}  // namespace flinkmem::doctor
