#include "flinkmem/doctor/proposal.hpp"

#include <algorithm>
#include <map>
#include <span>

#include <fmt/format.h>

#include "flinkmem/sim/simulate.hpp"

namespace flinkmem::doctor {

const char* to_string(Requirement::What what) {
    switch (what) {
        case Requirement::What::JvmHeap:
            return "jvm_heap";
        case Requirement::What::TaskOffHeap:
            return "task_off_heap";
        case Requirement::What::FrameworkOffHeap:
            return "framework_off_heap";
        case Requirement::What::OffHeap:
            return "off_heap";
        case Requirement::What::Metaspace:
            return "jvm_metaspace";
        case Requirement::What::Network:
            return "network";
        case Requirement::What::Managed:
            return "managed";
        case Requirement::What::Overhead:
            return "jvm_overhead";
        case Requirement::What::BatchShuffle:
            return "batch_shuffle_read";
    }
    return "unknown";
}

MemorySize round_up_mib(MemorySize size) {
    constexpr std::int64_t kMib = 1 << 20;
    const std::int64_t bytes = size.bytes();
    return MemorySize((bytes + kMib - 1) / kMib * kMib);
}

std::string mib_value(MemorySize size) {
    const std::int64_t mib = round_up_mib(size).mebibytes();
    if (mib > 0 && mib % 1024 == 0) return fmt::format("{}g", mib / 1024);
    return fmt::format("{}m", mib);
}

namespace {

using What = Requirement::What;

// The one path: every breakdown here comes from resolve(), on the deployment the evidence shows.
Outcome<TaskManagerResult> resolve_task_manager_of(const Configuration& config, const Release& release,
                                                   Target target) {
    const Document document = Document::of(config);
    Resolution resolution =
        resolve(ResolveRequest{document, release.version(), ComponentChoice::TaskManager, target});
    if (resolution.error) return *resolution.error;
    return std::move(*resolution.task_manager);
}

std::optional<Outcome<JobManagerResult>> resolve_job_manager_of(const Configuration& config,
                                                                const Release& release, Target target) {
    if (!release.traits().job_manager_model) return std::nullopt;
    const Document document = Document::of(config);
    Resolution resolution =
        resolve(ResolveRequest{document, release.version(), ComponentChoice::JobManager, target});
    if (resolution.error) return Outcome<JobManagerResult>(*resolution.error);
    return std::move(resolution.job_manager);
}

MemorySize size_of(const TaskManagerMemory& m, What what, const Configuration& config,
                   const Release& release) {
    switch (what) {
        case What::JvmHeap:
            return m.jvm_heap();
        case What::TaskOffHeap:
            return m.task_off_heap.size;
        case What::FrameworkOffHeap:
        case What::OffHeap:
            return m.framework_off_heap.size;
        case What::Metaspace:
            return m.jvm_metaspace.size;
        case What::Network:
            return m.network.size;
        case What::Managed:
            return m.managed.size;
        case What::Overhead:
            return m.jvm_overhead.size;
        case What::BatchShuffle:
            if (const OptionSpec* option = release.options().find(OptionId::BatchShuffleSize)) {
                return config.get_memory_size(*option).value_or(MemorySize::zero());
            }
            return MemorySize::zero();
    }
    return MemorySize::zero();
}

MemorySize size_of(const JobManagerMemory& m, What what) {
    switch (what) {
        case What::JvmHeap:
            return m.jvm_heap.size;
        case What::OffHeap:
        case What::TaskOffHeap:
        case What::FrameworkOffHeap:
            return m.off_heap.size;
        case What::Metaspace:
            return m.jvm_metaspace.size;
        case What::Overhead:
            return m.jvm_overhead.size;
        default:
            return MemorySize::zero();
    }
}

// An ordered key -> value list where a later value for a key replaces the earlier.
class Changes {
public:
    void set(std::string key, std::string value) {
        for (auto& [k, v] : entries_) {
            if (k == key) {
                v = std::move(value);
                return;
            }
        }
        entries_.emplace_back(std::move(key), std::move(value));
    }
    bool has(std::string_view key) const {
        return std::any_of(entries_.begin(), entries_.end(), [&](const auto& e) { return e.first == key; });
    }
    const std::vector<KeyValue>& entries() const { return entries_; }

private:
    std::vector<KeyValue> entries_;
};

// A pinned size is written exactly, so pinning moves nothing: "512m", or "536870920b".
std::string exact_value(MemorySize size) {
    if (size.bytes() % (1 << 20) == 0) return mib_value(size);
    return fmt::format("{}b", size.bytes());
}

std::string key(const Release& release, OptionId id) {
    const OptionSpec* option = option_in_or_after(release, id);
    return option ? std::string(option->key) : std::string();
}

bool configured(const Configuration& config, const Release& release, OptionId id) {
    const OptionSpec* option = release.options().find(id);
    return option != nullptr && config.contains(*option);
}

Configuration apply(const Configuration& base, const std::vector<KeyValue>& changes,
                    const std::vector<std::string>& removals) {
    Configuration out;
    for (const auto& [k, entry] : base.entries()) {
        if (std::find(removals.begin(), removals.end(), k) == removals.end())
            out.set(k, entry.value, entry.source);
    }
    for (const auto& [k, v] : changes) out.set(k, v, Source::generated("flinkmem proposal"));
    return out;
}

std::string bytes(MemorySize size) {
    return fmt::format("{} bytes", size.bytes());
}

// A range's minimum set to `at_least`, and its maximum too when the configured one is lower (Flink
// rejects min > max).
void raise_range(Changes& changes, const Configuration& base, const Release& release, OptionId min_id,
                 OptionId max_id, MemorySize at_least) {
    const std::string value = mib_value(at_least);
    changes.set(key(release, min_id), value);
    const OptionSpec* max = release.options().find(max_id);
    if (max != nullptr &&
        base.get_memory_size(*max).value_or(MemorySize::max_value()) < round_up_mib(at_least)) {
        changes.set(std::string(max->key), value);
    }
}

// The TaskManager components a growth must not shrink.
constexpr What kTaskManagerParts[] = {What::JvmHeap, What::TaskOffHeap, What::FrameworkOffHeap, What::Network,
                                      What::Managed, What::Metaspace,   What::Overhead};
constexpr What kJobManagerParts[] = {What::JvmHeap, What::OffHeap, What::Metaspace, What::Overhead};

struct Attempt {
    std::vector<KeyValue> changes;
    std::optional<Error> error;
    std::vector<std::string> unmet;   // requirements not reached
    std::vector<std::string> shrunk;  // components that got smaller
};

// What the growth loop needs to know of one process: the keys of its two totals, their sizes
// before, the parts that must not shrink, and how to resolve and measure it.
struct ProcessShape {
    OptionId process_size;
    OptionId flink_size;
    MemorySize process_before;
    MemorySize flink_before;
};

// Writes the configured total (process or Flink size) grown by what the requirements add, resolves,
// and grows it again by any shortfall or shrunk part, a few rounds at most. `resolve_memory`
// gives the breakdown of a configuration (nullopt: the release has no model of the process);
// `measure(memory, what, config)` one part of it. With `retry` false, the first unmet round ends
// the search (the caller retries with pins).
template <typename ResolveMemory, typename Measure, typename Before>
Attempt grow_until_met(const GrowthRequest& request, Changes& changes, const ProcessShape& shape,
                       const Before& before, std::span<const What> parts, std::int64_t extra_flink,
                       std::int64_t extra_process, const std::vector<Requirement>& requirements, bool retry,
                       ResolveMemory resolve_memory, Measure measure) {
    const Configuration& base = request.base;
    const Release& release = request.release;
    const bool process_total = configured(base, release, shape.process_size);
    const bool flink_total = !process_total && configured(base, release, shape.flink_size);
    Attempt attempt;
    for (int round = 0; round < 8; ++round) {
        if (process_total) {
            changes.set(key(release, shape.process_size),
                        mib_value(shape.process_before.add(MemorySize(extra_flink + extra_process))));
        } else if (flink_total) {
            changes.set(key(release, shape.flink_size),
                        mib_value(shape.flink_before.add(MemorySize(extra_flink))));
        }
        attempt = Attempt{changes.entries(), std::nullopt, {}, {}};
        const Configuration after = apply(base, changes.entries(), {});
        const auto outcome = resolve_memory(after);
        if (!outcome) return attempt;
        if (!outcome->ok()) {
            attempt.error = outcome->error();
            return attempt;
        }
        const auto& m = outcome->value().memory;
        std::int64_t shortfall = 0;
        for (const auto& requirement : requirements) {
            const MemorySize got = measure(m, requirement.what, after);
            if (got < requirement.at_least) {
                shortfall = std::max(shortfall, requirement.at_least.bytes() - got.bytes());
                attempt.unmet.push_back(fmt::format("{} {} < {}", to_string(requirement.what), bytes(got),
                                                    bytes(requirement.at_least)));
            }
        }
        for (const What part : parts) {
            const MemorySize was = measure(before, part, base);
            const MemorySize now = measure(m, part, after);
            if (now < was) {
                attempt.shrunk.push_back(fmt::format("{} {} -> {}", to_string(part), bytes(was), bytes(now)));
                shortfall = std::max(shortfall, was.bytes() - now.bytes());
            }
        }
        if (attempt.unmet.empty() && attempt.shrunk.empty()) return attempt;
        if (!retry || (!process_total && !flink_total)) return attempt;  // nothing (more) to grow
        extra_flink += round_up_mib(MemorySize(shortfall)).bytes();
    }
    return attempt;
}

// One process's growth: the keys for each requirement, the total grown by what they add, pins
// when asked; then resolve and grow the total by any shortfall, a few rounds at most.
Attempt grow_task_manager(const GrowthRequest& request, const TaskManagerMemory& before,
                          const std::vector<Requirement>& requirements, const std::vector<KeyValue>& fixed,
                          bool pin) {
    const Configuration& base = request.base;
    const Release& release = request.release;
    Changes changes;
    for (const auto& [k, v] : fixed) changes.set(k, v);
    std::int64_t extra_flink = 0;
    std::int64_t extra_process = 0;
    bool pinned_managed = false;
    bool pinned_network = false;
    for (const auto& requirement : requirements) {
        const MemorySize current = size_of(before, requirement.what, base, release);
        if (current >= requirement.at_least) continue;
        // The values are written in whole MiB, so the growth is measured from the rounded target.
        const MemorySize delta = round_up_mib(round_up_mib(requirement.at_least).subtract(current));
        switch (requirement.what) {
            case What::JvmHeap:
                if (configured(base, release, OptionId::TaskHeap)) {
                    changes.set(key(release, OptionId::TaskHeap),
                                mib_value(before.task_heap.size.add(delta)));
                }
                extra_flink += delta.bytes();
                break;
            case What::TaskOffHeap:
                changes.set(key(release, OptionId::TaskOffHeap),
                            mib_value(before.task_off_heap.size.add(delta)));
                extra_flink += delta.bytes();
                break;
            case What::FrameworkOffHeap:
            case What::OffHeap:
                changes.set(key(release, OptionId::FrameworkOffHeap),
                            mib_value(before.framework_off_heap.size.add(delta)));
                extra_flink += delta.bytes();
                break;
            case What::Metaspace:
                changes.set(key(release, OptionId::TaskManagerMetaspace), mib_value(requirement.at_least));
                extra_process += delta.bytes();
                break;
            case What::Network: {
                raise_range(changes, base, release, OptionId::NetworkMin, OptionId::NetworkMax,
                            requirement.at_least);
                pinned_network = true;
                extra_flink += delta.bytes();
                break;
            }
            case What::Managed:
                changes.set(key(release, OptionId::ManagedSize), mib_value(requirement.at_least));
                pinned_managed = true;
                extra_flink += delta.bytes();
                break;
            case What::Overhead: {
                raise_range(changes, base, release, OptionId::TaskManagerOverheadMin,
                            OptionId::TaskManagerOverheadMax, requirement.at_least);
                extra_process += delta.bytes();
                break;
            }
            case What::BatchShuffle:
                changes.set(key(release, OptionId::BatchShuffleSize), mib_value(requirement.at_least));
                changes.set(key(release, OptionId::FrameworkOffHeap),
                            mib_value(before.framework_off_heap.size.add(delta)));
                extra_flink += delta.bytes();
                break;
        }
    }
    if (pin) {
        if (!pinned_managed && !configured(base, release, OptionId::ManagedSize)) {
            changes.set(key(release, OptionId::ManagedSize), exact_value(before.managed.size));
        }
        if (!pinned_network && before.network.how.rule != Derivation::Rule::LegacyNetworkBuffers) {
            changes.set(key(release, OptionId::NetworkMin), exact_value(before.network.size));
            changes.set(key(release, OptionId::NetworkMax), exact_value(before.network.size));
        }
    }
    return grow_until_met(
        request, changes,
        {OptionId::TaskManagerProcessSize, OptionId::TaskManagerFlinkSize, before.total_process.size,
         before.total_flink.size},
        before, kTaskManagerParts, extra_flink, extra_process, requirements, pin,
        [&](const Configuration& after) {
            return std::optional(resolve_task_manager_of(after, release, request.target));
        },
        [&](const TaskManagerMemory& m, What what, const Configuration& config) {
            return size_of(m, what, config, release);
        });
}

Attempt grow_job_manager(const GrowthRequest& request, const JobManagerMemory& before,
                         const std::vector<Requirement>& requirements, const std::vector<KeyValue>& fixed) {
    const Configuration& base = request.base;
    const Release& release = request.release;
    Changes changes;
    for (const auto& [k, v] : fixed) changes.set(k, v);
    std::int64_t extra_flink = 0;
    std::int64_t extra_process = 0;
    for (const auto& requirement : requirements) {
        const MemorySize current = size_of(before, requirement.what);
        if (current >= requirement.at_least) continue;
        // The values are written in whole MiB, so the growth is measured from the rounded target.
        const MemorySize delta = round_up_mib(round_up_mib(requirement.at_least).subtract(current));
        switch (requirement.what) {
            case What::JvmHeap:
                if (configured(base, release, OptionId::JobManagerHeap)) {
                    changes.set(key(release, OptionId::JobManagerHeap),
                                mib_value(before.jvm_heap.size.add(delta)));
                }
                extra_flink += delta.bytes();
                break;
            case What::Metaspace:
                changes.set(key(release, OptionId::JobManagerMetaspace), mib_value(requirement.at_least));
                extra_process += delta.bytes();
                break;
            case What::Overhead: {
                raise_range(changes, base, release, OptionId::JobManagerOverheadMin,
                            OptionId::JobManagerOverheadMax, requirement.at_least);
                extra_process += delta.bytes();
                break;
            }
            default:
                changes.set(key(release, OptionId::JobManagerOffHeap),
                            mib_value(before.off_heap.size.add(delta)));
                extra_flink += delta.bytes();
                break;
        }
    }
    return grow_until_met(
        request, changes,
        {OptionId::JobManagerProcessSize, OptionId::JobManagerFlinkSize, before.total_process.size,
         before.total_flink.size},
        before, kJobManagerParts, extra_flink, extra_process, requirements, true,
        [&](const Configuration& after) { return resolve_job_manager_of(after, release, request.target); },
        [](const JobManagerMemory& m, What what, const Configuration&) { return size_of(m, what); });
}

std::string process_name(Component process) {
    return to_string(process);
}

}  // namespace

sim::SimulationReport simulate_job(const Configuration& config, const Release& release, Target target,
                                   const sim::JobGraph& job) {
    const Document document = Document::of(config);
    const Resolution resolution =
        resolve(ResolveRequest{document, release.version(), ComponentChoice::TaskManager, target});
    if (resolution.error) {
        sim::SimulationReport rejected;
        rejected.ok = false;
        rejected.configuration_rejected = true;
        rejected.error = resolution.error;
        return rejected;
    }
    sim::SimulationRequest simulation;
    simulation.resolution = &resolution;
    simulation.job = job;
    simulation.exercise = false;
    return sim::simulate(simulation);
}

void resolve_both(Proposal& proposal, const Configuration& base, const Release& release, Target target,
                  bool task_manager, bool job_manager) {
    proposal.before_config = base;
    proposal.after_config = apply(base, proposal.changes, proposal.removals);
    if (task_manager) {
        proposal.task_manager_before = resolve_task_manager_of(base, release, target);
        proposal.task_manager_after = resolve_task_manager_of(proposal.after_config, release, target);
    }
    if (job_manager) {
        proposal.job_manager_before = resolve_job_manager_of(base, release, target);
        proposal.job_manager_after = resolve_job_manager_of(proposal.after_config, release, target);
    }
}

Proposal propose_growth(const GrowthRequest& request) {
    Proposal proposal;
    proposal.environment = request.environment;
    const Release& release = request.release;
    const std::string release_name = release.version().to_string();
    std::vector<Requirement> task_manager;
    std::vector<Requirement> job_manager;
    for (const auto& requirement : request.requirements) {
        (requirement.process == Component::JobManager ? job_manager : task_manager).push_back(requirement);
    }
    // Settings go with the process their key configures.
    std::vector<KeyValue> task_manager_settings;
    std::vector<KeyValue> job_manager_settings;
    for (const auto& setting : request.settings) {
        (setting.first.starts_with("jobmanager.") || setting.first.starts_with("containerized.master.")
             ? job_manager_settings
             : task_manager_settings)
            .push_back(setting);
    }
    const bool want_task_manager = !task_manager.empty() || !task_manager_settings.empty();
    const bool want_job_manager =
        (!job_manager.empty() || !job_manager_settings.empty()) && release.traits().job_manager_model;
    bool ok = true;
    std::vector<KeyValue> changes;

    if (want_task_manager) {
        const auto before = resolve_task_manager_of(request.base, release, request.target);
        if (!before.ok()) {
            proposal.checks.push_back(
                fmt::format("the TaskManager configuration itself does not resolve under Flink {}: {}: {}",
                            release_name, before.error().class_name(), before.error().message()));
            ok = false;
        } else {
            Attempt attempt =
                grow_task_manager(request, before.value().memory, task_manager, task_manager_settings, false);
            if (!attempt.error && (!attempt.shrunk.empty() || !attempt.unmet.empty())) {
                attempt = grow_task_manager(request, before.value().memory, task_manager,
                                            task_manager_settings, true);
            }
            changes.insert(changes.end(), attempt.changes.begin(), attempt.changes.end());
            if (attempt.error) {
                proposal.checks.push_back(
                    fmt::format("FAILED: the TaskManager does not resolve under Flink {}: {}: {}",
                                release_name, attempt.error->class_name(), attempt.error->message()));
                ok = false;
            } else {
                proposal.checks.push_back(
                    fmt::format("the TaskManager resolves under Flink {}", release_name));
                for (const auto& unmet : attempt.unmet) {
                    proposal.checks.push_back("FAILED: not reached: " + unmet);
                    ok = false;
                }
                for (const auto& shrunk : attempt.shrunk) {
                    proposal.checks.push_back("FAILED: shrinks: " + shrunk);
                    ok = false;
                }
            }
        }
    }
    if (want_job_manager) {
        const auto before = resolve_job_manager_of(request.base, release, request.target);
        if (before && !before->ok()) {
            proposal.checks.push_back(
                fmt::format("the JobManager configuration itself does not resolve under Flink {}: {}: {}",
                            release_name, before->error().class_name(), before->error().message()));
            ok = false;
        } else if (before) {
            const Attempt attempt =
                grow_job_manager(request, before->value().memory, job_manager, job_manager_settings);
            changes.insert(changes.end(), attempt.changes.begin(), attempt.changes.end());
            if (attempt.error) {
                proposal.checks.push_back(
                    fmt::format("FAILED: the JobManager does not resolve under Flink {}: {}: {}",
                                release_name, attempt.error->class_name(), attempt.error->message()));
                ok = false;
            } else {
                proposal.checks.push_back(
                    fmt::format("the JobManager resolves under Flink {}", release_name));
                for (const auto& unmet : attempt.unmet) {
                    proposal.checks.push_back("FAILED: not reached: " + unmet);
                    ok = false;
                }
                for (const auto& shrunk : attempt.shrunk) {
                    proposal.checks.push_back("FAILED: shrinks: " + shrunk);
                    ok = false;
                }
            }
        }
    }
    proposal.changes = std::move(changes);
    resolve_both(proposal, request.base, release, request.target, want_task_manager, want_job_manager);

    // Each requirement, as the resolved breakdown shows it.
    if (ok) {
        for (const auto& requirement : request.requirements) {
            std::optional<MemorySize> was;
            std::optional<MemorySize> now;
            if (requirement.process == Component::TaskManager && proposal.task_manager_after &&
                proposal.task_manager_after->ok() && proposal.task_manager_before->ok()) {
                was = size_of(proposal.task_manager_before->value().memory, requirement.what,
                              proposal.before_config, release);
                now = size_of(proposal.task_manager_after->value().memory, requirement.what,
                              proposal.after_config, release);
            }
            if (requirement.process == Component::JobManager && proposal.job_manager_after &&
                proposal.job_manager_after->ok() && proposal.job_manager_before->ok()) {
                was = size_of(proposal.job_manager_before->value().memory, requirement.what);
                now = size_of(proposal.job_manager_after->value().memory, requirement.what);
            }
            if (!was || !now) continue;
            proposal.checks.push_back(fmt::format(
                "{} {}: {} -> {} (needs at least {})", process_name(requirement.process),
                to_string(requirement.what), bytes(*was), bytes(*now), bytes(requirement.at_least)));
        }
        if (!request.requirements.empty()) proposal.checks.push_back("no other component shrinks");
    }

    // The job, when known: the simulator deploys it on the proposed TaskManagers.
    if (ok && request.job != nullptr && want_task_manager) {
        const auto report = simulate_job(proposal.after_config, release, request.target, *request.job);
        if (report.ok && !report.plan.failure) {
            proposal.checks.push_back(fmt::format(
                "the simulator deploys job '{}': {} network buffers required at most, {} available",
                request.job->name, report.plan.network.required_buffers, report.plan.network.total_buffers));
        } else {
            const Error& error = report.error ? *report.error : *report.plan.failure;
            proposal.checks.push_back(fmt::format("FAILED: the simulator does not deploy job '{}': {}: {}",
                                                  request.job->name, error.class_name(), error.message()));
            ok = false;
        }
    }
    proposal.verified = ok;
    return proposal;
}

}  // namespace flinkmem::doctor
