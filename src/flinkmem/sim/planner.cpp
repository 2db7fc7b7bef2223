#include "flinkmem/sim/planner.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "flinkmem/sim/buffer_pool.hpp"
#include "flinkmem/sim/memory_manager.hpp"

namespace flinkmem::sim {

namespace {

// Weight a keyed operator declares for its sorted inputs in batch execution
// (execution.sorted-inputs.memory, 128 MiB, declared in MiB).
constexpr std::int32_t kSortedInputsWeight = 128;

struct Layout {
    std::vector<ManagedDeclaration> managed;  // per vertex, effective
    std::vector<std::int32_t> region;         // per vertex
    std::vector<std::int32_t> wave;           // per vertex
    std::vector<std::int64_t> offset;         // per vertex: first global slot in its wave
    std::vector<std::int32_t> group;          // per vertex: slot-sharing group index
    std::vector<std::vector<std::size_t>> group_vertices;
    std::int32_t waves = 1;
    std::int32_t regions = 0;
    std::int64_t slots_needed = 0;
    std::int32_t slots_per_tm = 1;
    std::int32_t task_managers = 1;
};

Layout lay_out(const PlanInput& input, std::vector<std::string>& notes) {
    const JobGraph& job = *input.job;
    const SimulationSettings& settings = *input.settings;
    const std::size_t n = job.vertices.size();
    Layout layout;
    layout.slots_per_tm = settings.num_slots;

    // Managed memory each vertex declares (or is assumed to declare).
    bool assumed_state = false;
    bool assumed_sort = false;
    for (const JobVertex& v : job.vertices) {
        ManagedDeclaration managed = v.managed;
        if (!v.managed_declared && v.keyed) {
            if (job.mode == JobMode::Batch) {
                managed.operator_scope[ManagedUseCase::Operator] = kSortedInputsWeight;
                assumed_sort = true;
            } else if (settings.rocksdb) {
                managed.slot_scope.push_back(ManagedUseCase::StateBackend);
                assumed_state = true;
            }
        }
        layout.managed.push_back(std::move(managed));
    }
    if (assumed_state) notes.push_back("keyed vertices keep their state in RocksDB (state.backend.type)");
    if (assumed_sort) {
        notes.push_back("batch: keyed vertices sort their inputs in managed memory (OPERATOR weight 128, "
                        "execution.sorted-inputs.memory)");
    }

    // Pipelined regions: connected through non-blocking edges.
    std::vector<std::size_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (const JobEdge& e : job.edges) {
        if (!is_blocking(e.exchange)) parent[find(e.target)] = find(e.source);
    }
    std::map<std::size_t, std::int32_t> region_of_root;
    layout.region.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        auto [it, fresh] = region_of_root.emplace(find(v), static_cast<std::int32_t>(region_of_root.size()));
        layout.region[v] = it->second;
    }
    layout.regions = static_cast<std::int32_t>(region_of_root.size());
    // Waves: a region runs after every region it consumes from through a blocking edge.
    std::vector<std::int32_t> region_wave(static_cast<std::size_t>(layout.regions), 0);
    // Longest path over blocking edges; the region graph is acyclic, so this settles within
    // `regions` rounds.
    for (std::int32_t round = 0; round <= layout.regions; ++round) {
        bool changed = false;
        for (const JobEdge& e : job.edges) {
            if (!is_blocking(e.exchange)) continue;
            const auto from = static_cast<std::size_t>(layout.region[e.source]);
            const auto to = static_cast<std::size_t>(layout.region[e.target]);
            if (from == to) continue;
            if (region_wave[to] < region_wave[from] + 1) {
                region_wave[to] = region_wave[from] + 1;
                changed = true;
            }
        }
        if (!changed) break;
    }
    layout.wave.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        layout.wave[v] = region_wave[static_cast<std::size_t>(layout.region[v])];
        layout.waves = std::max(layout.waves, layout.wave[v] + 1);
    }

    // Slot-sharing groups: by name in streaming; one per pipelined region in batch (Flink's
    // BATCH runtime mode does not share slots across regions).
    std::map<std::string, std::int32_t> group_of_name;
    layout.group.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        const std::string key = job.mode == JobMode::Batch ? fmt::format("region {}", layout.region[v])
                                                           : job.vertices[v].slot_sharing_group;
        auto [it, fresh] = group_of_name.emplace(key, static_cast<std::int32_t>(layout.group_vertices.size()));
        if (fresh) layout.group_vertices.emplace_back();
        layout.group[v] = it->second;
        layout.group_vertices[static_cast<std::size_t>(it->second)].push_back(v);
    }
    // Groups take consecutive slots within their wave, in order of appearance.
    std::vector<std::int64_t> wave_slots(static_cast<std::size_t>(layout.waves), 0);
    std::vector<std::int64_t> group_offset(layout.group_vertices.size(), 0);
    for (std::size_t g = 0; g < layout.group_vertices.size(); ++g) {
        std::int32_t width = 0;
        std::int32_t wave = 0;
        for (std::size_t v : layout.group_vertices[g]) {
            width = std::max(width, job.vertices[v].parallelism);
            wave = std::max(wave, layout.wave[v]);
        }
        group_offset[g] = wave_slots[static_cast<std::size_t>(wave)];
        wave_slots[static_cast<std::size_t>(wave)] += width;
    }
    layout.offset.resize(n);
    for (std::size_t v = 0; v < n; ++v) layout.offset[v] = group_offset[static_cast<std::size_t>(layout.group[v])];
    layout.slots_needed = *std::max_element(wave_slots.begin(), wave_slots.end());
    const std::int64_t needed_tms = (layout.slots_needed + layout.slots_per_tm - 1) / layout.slots_per_tm;
    layout.task_managers = static_cast<std::int32_t>(std::max<std::int64_t>(1, needed_tms));
    if (input.task_managers) layout.task_managers = std::max(layout.task_managers, *input.task_managers);
    return layout;
}

// Producer subtasks of vertex u that run on TaskManager t: [lo, hi).
std::pair<std::int64_t, std::int64_t> on_task_manager(const Layout& layout, const JobGraph& job, std::size_t u,
                                                      std::int32_t t) {
    const std::int64_t s = layout.slots_per_tm;
    const std::int64_t lo = std::max<std::int64_t>(0, t * s - layout.offset[u]);
    const std::int64_t hi = std::min<std::int64_t>(job.vertices[u].parallelism, (t + 1) * s - layout.offset[u]);
    return {lo, std::max(lo, hi)};
}

std::int64_t overlap(std::int64_t a, std::int64_t b, std::pair<std::int64_t, std::int64_t> r) {
    return std::max<std::int64_t>(0, std::min(b, r.second) - std::max(a, r.first));
}

// EdgeManagerBuildUtil#connectPointwise / connectAllToAll: subpartitions of producer `j`.
std::int32_t subpartitions(const JobEdge& e, std::int64_t p, std::int64_t q, std::int64_t j) {
    if (!is_pointwise(e.ship)) return static_cast<std::int32_t>(q);
    if (p >= q) return 1;
    return static_cast<std::int32_t>(((j + 1) * q + p - 1) / p - (j * q + p - 1) / p);
}

struct Counts {
    std::int64_t partition_pools = 0, partition_required = 0;
    std::int64_t gate_pools = 0, gate_required = 0;
    std::int64_t remote_channels = 0, exclusive_required = 0, local_channels = 0;
};

void requests_of(const PlanInput& input, const Layout& layout, std::int32_t t, std::int32_t wave,
                 std::vector<NetworkRequest>& out, Counts& counts, std::map<std::int32_t, std::int64_t>* per_region) {
    const JobGraph& job = *input.job;
    const SimulationSettings& settings = *input.settings;
    const NetworkRuleSet& rules = network_rules(settings.version);
    const std::int64_t s = layout.slots_per_tm;
    for (std::int64_t slot = 0; slot < s; ++slot) {
        const std::int64_t global = t * s + slot;
        for (std::size_t v = 0; v < job.vertices.size(); ++v) {
            if (layout.wave[v] != wave) continue;
            const std::int64_t i = global - layout.offset[v];
            if (i < 0 || i >= job.vertices[v].parallelism) continue;
            std::int64_t task_total = 0;
            std::vector<NetworkRequest> exclusive;
            for (const JobEdge& e : job.edges) {
                if (e.source != v) continue;
                const std::int64_t p = job.vertices[v].parallelism;
                const std::int64_t q = job.vertices[e.target].parallelism;
                const PartitionPool pool = partition_pool(rules, settings.network, e.exchange, subpartitions(e, p, q, i));
                out.push_back({NetworkRequest::Kind::PartitionPool, pool.size.min, pool.size.max, pool.num_subpartitions,
                               pool.max_buffers_per_channel, pool.max_overdraft_buffers_per_gate});
                ++counts.partition_pools;
                counts.partition_required += pool.size.min;
                task_total += pool.size.min;
            }
            for (const JobEdge& e : job.edges) {
                if (e.target != v) continue;
                const std::size_t u = e.source;
                const std::int64_t p = job.vertices[u].parallelism;
                const std::int64_t q = job.vertices[v].parallelism;
                const auto local_range = on_task_manager(layout, job, u, t);
                std::int64_t channels = 0;
                std::int64_t local = 0;
                if (!is_pointwise(e.ship)) {
                    channels = p;
                    local = local_range.second - local_range.first;
                } else if (p >= q) {
                    const std::int64_t start = i * p / q;
                    const std::int64_t end = (i + 1) * p / q;
                    channels = end - start;
                    local = overlap(start, end, local_range);
                } else {
                    const std::int64_t j = i * p / q;
                    channels = 1;
                    local = overlap(j, j + 1, local_range);
                }
                const GateBuffers gate = gate_buffers(rules, settings.network, e.exchange, static_cast<std::int32_t>(channels));
                out.push_back({NetworkRequest::Kind::GatePool, gate.floating_pool.min, gate.floating_pool.max});
                ++counts.gate_pools;
                counts.gate_required += gate.floating_pool.min;
                task_total += gate.floating_pool.min;
                const std::int64_t remote = channels - local;
                counts.remote_channels += remote;
                counts.local_channels += local;
                if (remote > 0 && gate.exclusive_per_remote_channel > 0) {
                    exclusive.push_back({NetworkRequest::Kind::Exclusive, gate.exclusive_per_remote_channel,
                                         static_cast<std::int32_t>(remote)});
                    counts.exclusive_required += remote * gate.exclusive_per_remote_channel;
                    task_total += remote * gate.exclusive_per_remote_channel;
                }
            }
            // Exclusive buffers come when the channels are set up, after every pool of the task.
            out.insert(out.end(), exclusive.begin(), exclusive.end());
            if (per_region != nullptr) (*per_region)[layout.region[v]] += task_total;
        }
    }
}

void plan_managed(const PlanInput& input, const Layout& layout, Plan& result) {
    const JobGraph& job = *input.job;
    const SimulationSettings& settings = *input.settings;
    ManagedPlan& managed = result.managed;
    managed.page_size = settings.segment_size;
    // The default slot profile divides the TaskManager's managed memory evenly (integer division).
    managed.per_slot_bytes = input.managed_bytes / settings.num_slots;
    const MemoryManager sizing(managed.per_slot_bytes, settings.segment_size);
    managed.per_slot_pages = sizing.total_pages();
    bool rocksdb_used = false;
    std::optional<double> state_backend_fraction;
    for (const auto& members : layout.group_vertices) {
        std::vector<ManagedDeclaration> group;
        group.reserve(members.size());
        for (std::size_t v : members) group.push_back(layout.managed[v]);
        MemoryManager slot(managed.per_slot_bytes, settings.segment_size);
        for (std::size_t v : members) {
            const auto fractions = operator_fractions(layout.managed[v], group, settings.consumer_weights,
                                                      settings.state_backend_uses_managed_memory());
            for (const auto& [use_case, fraction] : fractions) {
                const bool requests = use_case == ManagedUseCase::Operator ||
                                      (use_case == ManagedUseCase::Python && settings.python_uses_managed_memory) ||
                                      (use_case == ManagedUseCase::StateBackend &&
                                       settings.state_backend_uses_managed_memory());
                if (use_case == ManagedUseCase::StateBackend && settings.rocksdb) rocksdb_used = true;
                ManagedConsumer consumer{job.vertices[v].id, use_case, fraction, 0, 0};
                if (requests) {
                    try {
                        consumer.bytes = slot.compute_memory_size(fraction);
                        consumer.pages = slot.compute_number_of_pages(fraction);
                        if (use_case == ManagedUseCase::Operator) {
                            slot.reserve_memory(consumer.vertex, std::int64_t{consumer.pages} * settings.segment_size);
                        } else {
                            consumer.bytes = slot.acquire_shared_resource(std::string(enum_name(use_case)), fraction);
                        }
                        if (use_case == ManagedUseCase::StateBackend) state_backend_fraction = fraction;
                    } catch (const Error& e) {
                        if (!result.failure) result.failure = e;
                    }
                }
                managed.consumers.push_back(consumer);
            }
        }
    }
    if (rocksdb_used) {
        std::optional<std::int64_t> managed_for_rocksdb;
        if (state_backend_fraction) managed_for_rocksdb = sizing.compute_memory_size(*state_backend_fraction);
        managed.rocksdb = rocksdb_memory(settings.rocksdb_memory, managed_for_rocksdb);
    }
}

}  // namespace

RequestWalk walk_requests(const std::vector<NetworkRequest>& requests, std::int32_t total, std::int32_t segment_size) {
    RequestWalk walk;
    std::int64_t counted = 0;
    for (const NetworkRequest& r : requests) {
        walk.required += r.total();
        if (walk.failure) continue;
        if (r.kind != NetworkRequest::Kind::Exclusive) {
            if (counted + r.required > total) {
                walk.failure = Error(ErrorClass::IOException, insufficient_buffers_message(
                                                        r.required, static_cast<std::int32_t>(total - counted), total, segment_size));
                walk.required_at_failure = counted;
                continue;
            }
            counted += r.required;
            continue;
        }
        // One requestUnpooledMemorySegments(per channel) per remote channel.
        const std::int64_t fitting = (total - counted) / r.required;
        if (fitting >= r.max) {
            counted += r.total();
            continue;
        }
        counted += fitting * r.required;
        walk.failure = Error(ErrorClass::IOException, insufficient_buffers_message(
                                                r.required, static_cast<std::int32_t>(total - counted), total, segment_size));
        walk.required_at_failure = counted;
    }
    if (!walk.failure) walk.required_at_failure = counted;
    return walk;
}

std::vector<NetworkRequest> task_manager_requests(const PlanInput& input, std::int32_t task_manager, std::int32_t wave) {
    std::vector<std::string> notes;
    const Layout layout = lay_out(input, notes);
    std::vector<NetworkRequest> requests;
    Counts counts;
    requests_of(input, layout, task_manager, wave, requests, counts, nullptr);
    return requests;
}

Plan plan(const PlanInput& input) {
    Plan result;
    const JobGraph& job = *input.job;
    const SimulationSettings& settings = *input.settings;
    result.notes = job.notes;
    const Layout layout = lay_out(input, result.notes);
    result.task_managers = layout.task_managers;
    result.slots_per_task_manager = layout.slots_per_tm;
    result.slots_used = static_cast<std::int32_t>(layout.slots_needed);

    if (input.task_managers && static_cast<std::int64_t>(*input.task_managers) * layout.slots_per_tm < layout.slots_needed) {
        result.failure = Error(ErrorClass::NoResourceAvailableException,
                               "Slot request bulk is not fulfillable! Could not allocate the required slot within "
                               "slot request timeout");
        result.notes.push_back(fmt::format("the job needs {} slots; {} TaskManagers of {} slots have {}",
                                           layout.slots_needed, *input.task_managers, layout.slots_per_tm,
                                           std::int64_t{*input.task_managers} * layout.slots_per_tm));
    }

    NetworkPlan& network = result.network;
    network.segment_size = settings.segment_size;
    const std::int64_t buffers = input.network_bytes / settings.segment_size;
    if (buffers > 2147483647) {
        throw Error::illegal_argument(fmt::format(
            "The given number of memory bytes ({}) corresponds to more than MAX_INT pages.", input.network_bytes));
    }
    network.total_buffers = static_cast<std::int32_t>(buffers);

    std::map<std::int32_t, std::int64_t> region_max;
    std::optional<Error> network_failure;
    for (std::int32_t wave = 0; wave < layout.waves; ++wave) {
        for (std::int32_t t = 0; t < layout.task_managers; ++t) {
            std::vector<NetworkRequest> requests;
            Counts counts;
            std::map<std::int32_t, std::int64_t> per_region;
            requests_of(input, layout, t, wave, requests, counts, &per_region);
            for (const auto& [region, total] : per_region) region_max[region] = std::max(region_max[region], total);
            const RequestWalk walk = walk_requests(requests, network.total_buffers, settings.segment_size);
            if (walk.failure && !network_failure) network_failure = walk.failure;
            if (walk.required > network.required_buffers || (t == 0 && wave == 0)) {
                network.required_buffers = std::max(network.required_buffers, walk.required);
                network.worst_task_manager = t;
                network.worst_wave = wave;
                network.partition_pools = counts.partition_pools;
                network.partition_required = counts.partition_required;
                network.gate_pools = counts.gate_pools;
                network.gate_required = counts.gate_required;
                network.remote_channels = counts.remote_channels;
                network.exclusive_required = counts.exclusive_required;
                network.local_channels = counts.local_channels;
            }
        }
    }
    if (job.mode == JobMode::Batch || layout.regions > 1) {
        std::int64_t peak = -1;
        for (std::int32_t r = 0; r < layout.regions; ++r) {
            RegionSummary summary{r, 0, {}, region_max[r]};
            for (std::size_t v = 0; v < job.vertices.size(); ++v) {
                if (layout.region[v] != r) continue;
                summary.wave = layout.wave[v];
                summary.vertices.push_back(job.vertices[v].id);
            }
            if (summary.max_required_buffers > peak) {
                peak = summary.max_required_buffers;
                network.peak_region = r;
            }
            network.regions.push_back(std::move(summary));
        }
    }
    if (network_failure && !result.failure) result.failure = network_failure;
    plan_managed(input, layout, result);
    return result;
}

}  // namespace flinkmem::sim
