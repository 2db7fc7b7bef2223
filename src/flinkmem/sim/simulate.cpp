#include "flinkmem/sim/simulate.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "flinkmem/config/options.hpp"
#include "flinkmem/resolve.hpp"

namespace flinkmem::sim {

namespace {

// The TaskManager's network memory under `config`, through the one resolver; empty when Flink
// rejects it.
std::optional<std::int64_t> network_of(const Configuration& config, const Resolution& base) {
    const Document trial = Document::of(config);
    const Resolution resolution =
        resolve({trial, base.release->version(), ComponentChoice::TaskManager, base.target});
    if (!resolution.task_manager || !resolution.task_manager->ok()) return std::nullopt;
    return resolution.task_manager->value().memory.network.size.bytes();
}

std::string mebibytes_text(std::int64_t bytes) {
    const std::int64_t mib = (bytes + (1 << 20) - 1) >> 20;
    return fmt::format("{}m", mib);
}

// The smallest total size (process or Flink, whichever is configured) whose network share
// reaches `needed` bytes, searched in MiB with the resolver itself.
std::optional<std::pair<std::string, std::string>> total_size_for(const Resolution& base,
                                                                  std::int64_t needed) {
    const Configuration& config = *base.effective;
    const Release& release = *base.release;
    const OptionSpec* option = nullptr;
    const OptionSpec& process = release.option(OptionId::TaskManagerProcessSize);
    const OptionSpec& flink = release.option(OptionId::TaskManagerFlinkSize);
    if (config.contains(process)) option = &process;
    if (config.contains(flink)) option = &flink;
    if (option == nullptr) return std::nullopt;
    auto network_at = [&](std::int64_t mib) -> std::optional<std::int64_t> {
        Configuration trial = config;
        trial.set(std::string(option->key), fmt::format("{}m", mib), Source::generated("flinkmem simulate"));
        return network_of(trial, base);
    };
    std::int64_t high = 1 << 20;  // 1 TiB in MiB
    const auto at_high = network_at(high);
    if (!at_high || *at_high < needed) return std::nullopt;
    std::int64_t low = 1;
    while (low < high) {
        const std::int64_t mid = low + (high - low) / 2;
        const auto network = network_at(mid);
        if (network && *network >= needed) {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    // The network share grows with the total size, but a small total may fail to derive; make
    // sure the answer itself derives.
    const auto network = network_at(low);
    if (!network || *network < needed) return std::nullopt;
    return std::make_pair(std::string(option->key), fmt::format("{}m", low));
}

NetworkAdvice advise(const Resolution& base, const Plan& plan) {
    NetworkAdvice advice;
    advice.min_network_bytes = plan.network.required_buffers * plan.network.segment_size;
    const std::string size = mebibytes_text(advice.min_network_bytes);
    advice.set_network = {{key_of(OptionId::NetworkMin), size}, {key_of(OptionId::NetworkMax), size}};
    advice.set_total = total_size_for(base, advice.min_network_bytes);
    return advice;
}

}  // namespace

SimulationReport simulate(const SimulationRequest& request) {
    SimulationReport report;
    const Resolution& resolution = *request.resolution;
    const auto& task_manager = resolution.task_manager;
    if (!task_manager || !task_manager->ok()) {
        report.ok = false;
        report.configuration_rejected = true;
        if (task_manager) report.error = task_manager->error();
        return report;
    }
    const TaskManagerMemory& memory = task_manager->value().memory;
    report.network_bytes = memory.network.size.bytes();
    report.managed_bytes = memory.managed.size.bytes();
    try {
        report.settings = read_settings(*resolution.effective, resolution.release->version());
    } catch (const Error& e) {
        // Flink reads these settings when the TaskManager starts: one it cannot read is the
        // configuration rejected, like a memory size it cannot derive.
        report.ok = false;
        report.configuration_rejected = true;
        report.error = e;
        return report;
    }
    struct {
        std::int64_t network;
        std::int64_t managed;
    } sizes{report.network_bytes, report.managed_bytes};

    report.job = request.job;
    apply_batch_shuffle_mode(report.job, batch_exchange(report.settings.batch_shuffle_mode));
    report.parallelism = decide_open_parallelism(report.job, report.settings.auto_parallelism,
                                                 report.settings.adaptive_batch_scheduler,
                                                 report.settings.default_parallelism, request.input_bytes);
    report.job.notes.insert(report.job.notes.end(), report.parallelism.notes.begin(),
                            report.parallelism.notes.end());

    PlanInput input;
    input.job = &report.job;
    input.settings = &report.settings;
    input.network_bytes = sizes.network;
    input.managed_bytes = sizes.managed;
    input.task_managers = request.task_managers;
    report.plan = plan(input);
    if (report.parallelism.failure && !report.plan.failure) report.plan.failure = report.parallelism.failure;
    if (request.advise) report.advice = advise(resolution, report.plan);
    if (report.plan.failure) {
        report.ok = false;
        report.error = report.plan.failure;
    }

    // The exercise replays a job that deploys; after the plan has failed there is nothing to run.
    if (request.exercise && !report.ok) {
        report.exercise_skipped = "not run, because the plan already fails";
    } else if (request.exercise) {
        ExerciseInput work;
        work.managed_per_slot_bytes = report.plan.managed.per_slot_bytes;
        work.slots = report.settings.num_slots;
        work.segment_size = report.settings.segment_size;
        work.network_segments = report.plan.network.total_buffers;
        // Records move through the TaskManager and wave that need the most buffers, as placed.
        work.exchange =
            exchange_of(input, report.plan.network.worst_task_manager, report.plan.network.worst_wave);
        work.task_manager_requests = requests_by_task_manager(input);
        work.total_buffers = report.plan.network.total_buffers;
        ExerciseOptions options = request.exercise_options;
        options.max_fan_in = report.settings.sort_max_fan;  // taskmanager.runtime.max-fan
        report.exercise = exercise(work, options);
        if (!report.exercise->passed()) {
            report.ok = false;
            report.error =
                Error(ErrorClass::IllegalStateException, "exercise failed: " + report.exercise->failure());
        }
    }
    return report;
}

}  // namespace flinkmem::sim
