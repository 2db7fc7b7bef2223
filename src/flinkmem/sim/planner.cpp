#include "flinkmem/sim/planner.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "flinkmem/sim/buffer_pool.hpp"
#include "flinkmem/sim/memory_manager.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::sim {

namespace {

// Weight a keyed operator declares for its sorted inputs in batch execution
// (execution.sorted-inputs.memory, 128 MiB, declared in MiB).
constexpr std::int32_t kSortedInputsWeight = 128;

constexpr std::int64_t kUnlimited = std::numeric_limits<std::int64_t>::max();

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t find(std::size_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    }
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

// Producer subtasks [lo, hi) that consumer subtask i of a point-wise edge reads
// (EdgeManagerBuildUtil#connectPointwise).
std::pair<std::int64_t, std::int64_t> pointwise_producers(std::int64_t p, std::int64_t q, std::int64_t i) {
    if (p >= q) return {i * p / q, (i + 1) * p / q};
    const std::int64_t j = i * p / q;
    return {j, j + 1};
}

struct Layout {
    std::vector<ManagedDeclaration> managed;   // per vertex, effective
    std::vector<std::int32_t> logical_region;  // per vertex
    std::int32_t logical_regions = 0;
    std::vector<std::int32_t> group;  // per vertex: slot-sharing group index
    std::vector<std::vector<std::size_t>> group_vertices;
    std::vector<std::int64_t> base;         // per vertex: index of its subtask 0 among all tasks
    std::vector<std::size_t> task_vertex;   // per task
    std::vector<std::int32_t> task_region;  // per task: execution region
    std::vector<std::int32_t> task_wave;    // per task
    std::vector<std::int64_t> task_slot;    // per task: global slot index in its wave
    std::int32_t regions = 0;
    std::int32_t waves = 1;
    std::vector<std::int64_t> wave_slots;
    std::int64_t slots_used = 0;    // the most slots of one wave
    std::int64_t slots_needed = 0;  // streaming: all at once; batch: the largest region
    std::int64_t largest_region_slots = 0;
    std::int32_t slots_per_tm = 1;
    std::int32_t task_managers = 1;                // what the placement spans
    std::vector<std::vector<std::int32_t>> on_tm;  // per vertex, per TaskManager: its subtasks there
    std::int32_t task_manager(std::int64_t task) const {
        return static_cast<std::int32_t>(task_slot[static_cast<std::size_t>(task)] / slots_per_tm);
    }
};

void declare_managed(const PlanInput& input, Layout& layout, std::vector<std::string>& notes) {
    const JobGraph& job = *input.job;
    const SimulationSettings& settings = *input.settings;
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
        notes.push_back(
            "batch: keyed vertices sort their inputs in managed memory (OPERATOR weight 128, "
            "execution.sorted-inputs.memory)");
    }
}

// Logical regions (LogicalPipelinedRegionComputeUtil) merged where they form a cycle through
// non-pipelined results, and the slot-sharing groups StreamingJobGraphGenerator#setSlotSharing
// derives from them.
void logical_regions_and_groups(const JobGraph& job, Layout& layout) {
    const std::size_t n = job.vertices.size();
    UnionFind regions(n);
    for (const JobEdge& e : job.edges) {
        if (must_be_pipelined_consumed(e.exchange)) regions.unite(e.source, e.target);
    }
    // Cycles between regions: vertices are topologically sorted, so a region reaching back to a
    // region it depends on shows as reachability both ways; merge until stable (few vertices).
    for (bool changed = true; changed;) {
        changed = false;
        std::vector<std::vector<bool>> reach(n, std::vector<bool>(n, false));
        for (std::size_t a = 0; a < n; ++a) reach[regions.find(a)][regions.find(a)] = true;
        for (bool grew = true; grew;) {
            grew = false;
            for (const JobEdge& e : job.edges) {
                const std::size_t from = regions.find(e.source);
                const std::size_t to = regions.find(e.target);
                for (std::size_t r = 0; r < n; ++r) {
                    if (reach[r][from] && !reach[r][to]) {
                        reach[r][to] = true;
                        grew = true;
                    }
                }
            }
        }
        for (std::size_t a = 0; a < n && !changed; ++a) {
            for (std::size_t b = 0; b < n; ++b) {
                const std::size_t ra = regions.find(a);
                const std::size_t rb = regions.find(b);
                if (ra != rb && reach[ra][rb] && reach[rb][ra]) {
                    regions.unite(ra, rb);
                    changed = true;
                    break;
                }
            }
        }
    }
    std::map<std::size_t, std::int32_t> id_of_root;
    layout.logical_region.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        auto [it, fresh] = id_of_root.emplace(regions.find(v), static_cast<std::int32_t>(id_of_root.size()));
        layout.logical_region[v] = it->second;
    }
    layout.logical_regions = static_cast<std::int32_t>(id_of_root.size());

    std::map<std::string, std::int32_t> group_of_key;
    layout.group.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
        const std::string& name = job.vertices[v].slot_sharing_group;
        std::string key = "named " + name;
        if (name == "default") {
            key = job.mode == JobMode::Batch ? fmt::format("region {}", layout.logical_region[v]) : "default";
        }
        auto [it, fresh] = group_of_key.emplace(key, static_cast<std::int32_t>(layout.group_vertices.size()));
        if (fresh) layout.group_vertices.emplace_back();
        layout.group[v] = it->second;
        layout.group_vertices[static_cast<std::size_t>(it->second)].push_back(v);
    }
}

// Execution regions: subtasks joined by must-be-pipelined results, merged within a logical
// region when that region was merged on a cycle.
void execution_regions(const JobGraph& job, Layout& layout) {
    const std::size_t n = job.vertices.size();
    layout.base.resize(n);
    std::int64_t tasks = 0;
    for (std::size_t v = 0; v < n; ++v) {
        layout.base[v] = tasks;
        tasks += job.vertices[v].parallelism;
    }
    layout.task_vertex.resize(static_cast<std::size_t>(tasks));
    for (std::size_t v = 0; v < n; ++v) {
        for (std::int64_t i = 0; i < job.vertices[v].parallelism; ++i) {
            layout.task_vertex[static_cast<std::size_t>(layout.base[v] + i)] = v;
        }
    }
    UnionFind uf(static_cast<std::size_t>(tasks));
    auto task = [&](std::size_t v, std::int64_t i) { return static_cast<std::size_t>(layout.base[v] + i); };
    for (const JobEdge& e : job.edges) {
        const bool cyclic_merge = layout.logical_region[e.source] == layout.logical_region[e.target] &&
                                  !must_be_pipelined_consumed(e.exchange);
        if (!must_be_pipelined_consumed(e.exchange) && !cyclic_merge) continue;
        const std::int64_t p = job.vertices[e.source].parallelism;
        const std::int64_t q = job.vertices[e.target].parallelism;
        if (!is_pointwise(e.ship) || cyclic_merge) {
            for (std::int64_t j = 0; j < p; ++j) uf.unite(task(e.source, 0), task(e.source, j));
            for (std::int64_t i = 0; i < q; ++i) uf.unite(task(e.source, 0), task(e.target, i));
            continue;
        }
        for (std::int64_t i = 0; i < q; ++i) {
            const auto [lo, hi] = pointwise_producers(p, q, i);
            for (std::int64_t j = lo; j < hi; ++j) uf.unite(task(e.source, j), task(e.target, i));
        }
    }
    std::vector<std::int32_t> id_of_root(static_cast<std::size_t>(tasks), -1);
    layout.task_region.resize(static_cast<std::size_t>(tasks));
    for (std::size_t t = 0; t < static_cast<std::size_t>(tasks); ++t) {
        std::int32_t& id = id_of_root[uf.find(t)];
        if (id < 0) id = layout.regions++;
        layout.task_region[t] = id;
    }
}

// Runs the regions in waves on `capacity` slots (kUnlimited: as many as a wave wants).
void schedule(const JobGraph& job, Layout& layout, std::int64_t capacity) {
    const std::size_t n = job.vertices.size();
    const std::size_t tasks = layout.task_vertex.size();
    std::vector<std::vector<std::size_t>> region_tasks(static_cast<std::size_t>(layout.regions));
    for (std::size_t t = 0; t < tasks; ++t)
        region_tasks[static_cast<std::size_t>(layout.task_region[t])].push_back(t);
    // Execution slot sharing groups: (group, subtask index) -> a dense id.
    std::vector<std::int64_t> group_base(layout.group_vertices.size() + 1, 0);
    for (std::size_t g = 0; g < layout.group_vertices.size(); ++g) {
        std::int64_t width = 0;
        for (std::size_t v : layout.group_vertices[g])
            width = std::max<std::int64_t>(width, job.vertices[v].parallelism);
        group_base[g + 1] = group_base[g] + width;
    }
    auto essg = [&](std::size_t t) {
        const std::size_t v = layout.task_vertex[t];
        return group_base[static_cast<std::size_t>(layout.group[v])] + static_cast<std::int64_t>(t) -
               layout.base[v];
    };
    const auto essgs = static_cast<std::size_t>(group_base.back());
    // A region's bulk: its distinct execution slot sharing groups.
    std::vector<std::int64_t> region_slots(region_tasks.size(), 0);
    {
        std::vector<std::int32_t> seen(essgs, -1);
        for (std::size_t r = 0; r < region_tasks.size(); ++r) {
            for (std::size_t t : region_tasks[r]) {
                const auto e = static_cast<std::size_t>(essg(t));
                if (seen[e] != static_cast<std::int32_t>(r)) {
                    seen[e] = static_cast<std::int32_t>(r);
                    ++region_slots[r];
                }
            }
        }
    }
    layout.largest_region_slots =
        region_tasks.empty() ? 0 : *std::max_element(region_slots.begin(), region_slots.end());
    layout.task_wave.assign(tasks, -1);
    layout.task_slot.assign(tasks, 0);
    std::vector<std::int32_t> slot_round(essgs, -1);
    std::vector<std::int64_t> slot_of(essgs, 0);

    if (job.mode == JobMode::Streaming) {
        // Streaming tasks never finish: every region is deployed at once.
        std::int64_t used = 0;
        for (const auto& members : region_tasks) {
            for (std::size_t t : members) {
                const auto e = static_cast<std::size_t>(essg(t));
                if (slot_round[e] != 0) {
                    slot_round[e] = 0;
                    slot_of[e] = used++;
                }
                layout.task_wave[t] = 0;
                layout.task_slot[t] = slot_of[e];
            }
        }
        layout.wave_slots = {used};
        layout.waves = 1;
        layout.slots_needed = used;
        layout.slots_used = used;
        return;
    }

    layout.slots_needed = layout.largest_region_slots;
    std::vector<char> finished(tasks, 0);
    std::vector<std::int64_t> finished_count(n, 0);
    std::vector<std::size_t> pending(region_tasks.size());
    std::iota(pending.begin(), pending.end(), 0);  // regions are numbered in topological task order
    // Inputs of each vertex that make a consumer wait (not joined into its region).
    std::vector<std::vector<const JobEdge*>> waits(n);
    for (const JobEdge& e : job.edges) {
        if (!must_be_pipelined_consumed(e.exchange)) waits[e.target].push_back(&e);
    }
    auto ready = [&](std::size_t r, std::int32_t round) {
        for (std::size_t t : region_tasks[r]) {
            const std::size_t v = layout.task_vertex[t];
            const std::int64_t i = static_cast<std::int64_t>(t) - layout.base[v];
            for (const JobEdge* e : waits[v]) {
                const std::size_t u = e->source;
                const std::int64_t p = job.vertices[u].parallelism;
                const bool hybrid = is_hybrid(e->exchange);
                auto producer_done = [&](std::int64_t j) {
                    const auto pt = static_cast<std::size_t>(layout.base[u] + j);
                    if (layout.task_region[pt] == static_cast<std::int32_t>(r)) return true;
                    // A hybrid result is consumable once its producer runs.
                    return finished[pt] != 0 || (hybrid && layout.task_wave[pt] == round);
                };
                if (!is_pointwise(e->ship) && !hybrid) {
                    if (finished_count[u] < p) {
                        // Unless every unfinished producer is in this very region (unfinished
                        // ones come last: producers are scheduled in subtask order).
                        for (std::int64_t j = p - 1; j >= 0; --j) {
                            if (!producer_done(j)) return false;
                        }
                    }
                    continue;
                }
                const auto [lo, hi] = is_pointwise(e->ship)
                                          ? pointwise_producers(p, job.vertices[v].parallelism, i)
                                          : std::pair<std::int64_t, std::int64_t>{0, p};
                for (std::int64_t j = lo; j < hi; ++j) {
                    if (!producer_done(j)) return false;
                }
            }
        }
        return true;
    };
    std::int32_t round = 0;
    std::size_t first_pending = 0;
    std::vector<char> scheduled(region_tasks.size(), 0);
    while (first_pending < pending.size()) {
        std::int64_t used = 0;
        std::vector<std::size_t> started;
        for (std::size_t k = first_pending; k < pending.size() && used < capacity; ++k) {
            const std::size_t r = pending[k];
            if (scheduled[r] != 0 || !ready(r, round)) continue;
            std::int64_t fresh = 0;
            for (std::size_t t : region_tasks[r]) {
                const auto e = static_cast<std::size_t>(essg(t));
                if (slot_round[e] != round) {
                    slot_round[e] = round;
                    slot_of[e] = -1;  // counted, slot given below
                    ++fresh;
                }
            }
            if (used + fresh > capacity) {
                // Does not fit this wave: give back what was counted.
                for (std::size_t t : region_tasks[r]) {
                    const auto e = static_cast<std::size_t>(essg(t));
                    if (slot_of[e] == -1) slot_round[e] = -1;
                }
                continue;
            }
            for (std::size_t t : region_tasks[r]) {
                const auto e = static_cast<std::size_t>(essg(t));
                if (slot_of[e] == -1) slot_of[e] = used++;
                layout.task_wave[t] = round;
                layout.task_slot[t] = slot_of[e];
            }
            scheduled[r] = 1;
            started.push_back(r);
        }
        if (started.empty()) break;  // nothing can run (a region larger than the cluster)
        for (std::size_t r : started) {
            for (std::size_t t : region_tasks[r]) {
                finished[t] = 1;
                ++finished_count[layout.task_vertex[t]];
            }
        }
        layout.wave_slots.push_back(used);
        layout.slots_used = std::max(layout.slots_used, used);
        while (first_pending < pending.size() && scheduled[pending[first_pending]] != 0) ++first_pending;
        ++round;
    }
    layout.waves = std::max(1, round);
    if (layout.wave_slots.empty()) layout.wave_slots = {0};
}

Layout lay_out(const PlanInput& input, std::vector<std::string>& notes) {
    const JobGraph& job = *input.job;
    Layout layout;
    layout.slots_per_tm = input.settings->num_slots;
    declare_managed(input, layout, notes);
    logical_regions_and_groups(job, layout);
    execution_regions(job, layout);
    const std::int64_t capacity =
        input.task_managers ? std::int64_t{*input.task_managers} * layout.slots_per_tm : kUnlimited;
    schedule(job, layout, capacity);
    if (std::find(layout.task_wave.begin(), layout.task_wave.end(), -1) != layout.task_wave.end()) {
        // A region larger than the cluster: Flink fails (plan() says so). The placement is shown
        // as if the cluster had grown, so the network needs stay visible.
        const std::int64_t needed = layout.slots_needed;
        layout.task_wave.clear();
        layout.task_slot.clear();
        layout.wave_slots.clear();
        layout.slots_used = 0;
        schedule(job, layout, kUnlimited);
        layout.slots_needed = std::max(layout.slots_needed, needed);
    }
    const std::int64_t spanned = (layout.slots_used + layout.slots_per_tm - 1) / layout.slots_per_tm;
    layout.task_managers = static_cast<std::int32_t>(std::max<std::int64_t>(1, spanned));
    if (input.task_managers) layout.task_managers = std::max(layout.task_managers, *input.task_managers);
    layout.on_tm.assign(job.vertices.size(),
                        std::vector<std::int32_t>(static_cast<std::size_t>(layout.task_managers), 0));
    for (std::size_t t = 0; t < layout.task_vertex.size(); ++t) {
        ++layout.on_tm[layout.task_vertex[t]]
                      [static_cast<std::size_t>(layout.task_manager(static_cast<std::int64_t>(t)))];
    }
    return layout;
}

// Subpartitions of producer `j`. A static graph: EdgeManagerBuildUtil#connectPointwise /
// connectAllToAll. A dynamic graph (the AdaptiveBatchScheduler's):
// IntermediateResultPartition#computeNumberOfSubpartitionsForDynamicGraph: 1 for a broadcast,
// the consumer's parallelism (its max parallelism while undecided) all-to-all, and
// ceil(consumers / producers) point-wise.
std::int32_t subpartitions(const JobEdge& e, std::int64_t p, std::int64_t q, std::int64_t j, bool dynamic) {
    if (dynamic) {
        if (e.ship == ShipStrategy::Broadcast) return 1;
        // A consumer the scheduler decided later: its max parallelism at the producer's deployment.
        if (e.undecided_subpartitions > 0) return e.undecided_subpartitions;
        if (!is_pointwise(e.ship)) return static_cast<std::int32_t>(q);
        return static_cast<std::int32_t>((q + p - 1) / p);
    }
    if (!is_pointwise(e.ship)) return static_cast<std::int32_t>(q);
    if (p >= q) return 1;
    return static_cast<std::int32_t>(((j + 1) * q + p - 1) / p - (j * q + p - 1) / p);
}

struct Counts {
    std::int64_t partition_pools = 0, partition_required = 0;
    std::int64_t gate_pools = 0, gate_required = 0;
    std::int64_t remote_channels = 0, exclusive_required = 0, local_channels = 0;
};

// The tasks of every wave in deployment order (slot by slot, vertices in topological order),
// so a TaskManager's tasks are contiguous.
std::vector<std::vector<std::size_t>> tasks_by_wave(const Layout& layout) {
    std::vector<std::vector<std::size_t>> waves(static_cast<std::size_t>(layout.waves));
    for (std::size_t t = 0; t < layout.task_vertex.size(); ++t) {
        if (layout.task_wave[t] >= 0) waves[static_cast<std::size_t>(layout.task_wave[t])].push_back(t);
    }
    for (auto& tasks : waves) {
        std::stable_sort(tasks.begin(), tasks.end(), [&](std::size_t a, std::size_t b) {
            return layout.task_slot[a] < layout.task_slot[b];
        });
    }
    return waves;
}

// The tasks of `wave_tasks` that run on TaskManager t.
std::pair<std::size_t, std::size_t> on_task_manager(const Layout& layout,
                                                    const std::vector<std::size_t>& wave_tasks,
                                                    std::int32_t t) {
    const auto tm_of = [&](std::size_t task) { return layout.task_manager(static_cast<std::int64_t>(task)); };
    const auto lo = std::partition_point(wave_tasks.begin(), wave_tasks.end(),
                                         [&](std::size_t x) { return tm_of(x) < t; });
    const auto hi = std::partition_point(lo, wave_tasks.end(), [&](std::size_t x) { return tm_of(x) <= t; });
    return {static_cast<std::size_t>(lo - wave_tasks.begin()),
            static_cast<std::size_t>(hi - wave_tasks.begin())};
}

void requests_of(const PlanInput& input, const Layout& layout, std::int32_t t,
                 const std::vector<std::size_t>& wave, std::vector<NetworkRequest>& out, Counts& counts,
                 std::map<std::int32_t, std::int64_t>* per_region) {
    const JobGraph& job = *input.job;
    const SimulationSettings& settings = *input.settings;
    const NetworkRuleSet& rules = network_rules(settings.version);
    const bool dynamic = job.mode == JobMode::Batch && settings.adaptive_batch_scheduler;
    const auto [from, to] = on_task_manager(layout, wave, t);
    for (std::size_t k = from; k < to; ++k) {
        const std::size_t task = wave[k];
        const std::size_t v = layout.task_vertex[task];
        const std::int64_t i = static_cast<std::int64_t>(task) - layout.base[v];
        std::int64_t task_total = 0;
        std::vector<NetworkRequest> exclusive;
        for (const JobEdge& e : job.edges) {
            if (e.source != v) continue;
            const std::int64_t p = job.vertices[v].parallelism;
            const std::int64_t q = job.vertices[e.target].parallelism;
            const PartitionPool pool =
                partition_pool(rules, settings.network, e.exchange, subpartitions(e, p, q, i, dynamic));
            out.push_back({NetworkRequest::Kind::PartitionPool, pool.size.min, pool.size.max,
                           pool.num_subpartitions, pool.max_buffers_per_channel,
                           pool.max_overdraft_buffers_per_gate});
            ++counts.partition_pools;
            counts.partition_required += pool.size.min;
            task_total += pool.size.min;
        }
        for (const JobEdge& e : job.edges) {
            if (e.target != v) continue;
            const std::size_t u = e.source;
            const std::int64_t p = job.vertices[u].parallelism;
            const std::int64_t q = job.vertices[v].parallelism;
            std::int64_t channels = 0;
            std::int64_t local = 0;
            if (!is_pointwise(e.ship)) {
                // One channel per partition and consumed subpartition (SingleInputGateFactory
                // #calculateNumChannels): more than one when the scheduler decided fewer consumers.
                const std::int64_t read = static_cast<std::size_t>(i) < e.subpartitions_read.size()
                                              ? e.subpartitions_read[static_cast<std::size_t>(i)]
                                              : 1;
                channels = p * read;
                local = layout.on_tm[u][static_cast<std::size_t>(t)] * read;
            } else {
                const auto [lo, hi] = pointwise_producers(p, q, i);
                channels = hi - lo;
                for (std::int64_t j = lo; j < hi; ++j) {
                    if (layout.task_manager(layout.base[u] + j) == t) ++local;
                }
            }
            const GateBuffers gate =
                gate_buffers(rules, settings.network, e.exchange, static_cast<std::int32_t>(channels));
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
        if (per_region != nullptr) (*per_region)[layout.logical_region[v]] += task_total;
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
                const bool requests =
                    use_case == ManagedUseCase::Operator ||
                    (use_case == ManagedUseCase::Python && settings.python_uses_managed_memory) ||
                    (use_case == ManagedUseCase::StateBackend &&
                     settings.state_backend_acquires_managed_memory());
                if (use_case == ManagedUseCase::StateBackend && settings.rocksdb) rocksdb_used = true;
                ManagedConsumer consumer{job.vertices[v].id, use_case, fraction, 0, 0};
                if (requests) {
                    try {
                        consumer.bytes = slot.compute_memory_size(fraction);
                        consumer.pages = slot.compute_number_of_pages(fraction);
                        if (use_case == ManagedUseCase::Operator) {
                            slot.reserve_memory(consumer.vertex,
                                                std::int64_t{consumer.pages} * settings.segment_size);
                        } else {
                            consumer.bytes =
                                slot.acquire_shared_resource(std::string(enum_name(use_case)), fraction);
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

// BatchShuffleReadBufferPool's static check (at TaskManager start) and how many partitions read
// through it each TaskManager serves at once.
void plan_batch_shuffle_read(const PlanInput& input, const Layout& layout,
                             const std::vector<std::vector<std::size_t>>& by_wave, Plan& result) {
    const JobGraph& job = *input.job;
    const SimulationSettings& settings = *input.settings;
    BatchShuffleRead& read = result.network.batch_shuffle_read;
    read.bytes = settings.batch_shuffle_read_bytes;
    if (read.bytes < settings.segment_size && !result.failure) {
        result.failure = Error::illegal_argument(fmt::format(
            "Illegal configuration, config value for '{0}' must be no smaller than '{1}', please increase "
            "'{0}' to "
            "at least {2} bytes.",
            key_of(OptionId::BatchShuffleSize), key_of(OptionId::SegmentSize), settings.segment_size));
        return;
    }
    constexpr std::int64_t kBytesPerRequest = 4 << 20;  // BatchShuffleReadBufferPool.NUM_BYTES_PER_REQUEST
    read.buffers =
        static_cast<std::int32_t>(std::min<std::int64_t>(read.bytes / settings.segment_size, kIntMax));
    read.buffers_per_request = static_cast<std::int32_t>(std::min<std::int64_t>(
        read.buffers, std::max<std::int64_t>(1, kBytesPerRequest / settings.segment_size)));
    const bool dynamic = job.mode == JobMode::Batch && settings.adaptive_batch_scheduler;
    // Partitions served through the read pool: sort-merge BLOCKING ones and hybrid ones.
    auto read_through_pool = [&](const JobEdge& e, std::int64_t j) {
        if (is_hybrid(e.exchange)) return true;
        if (!is_blocking(e.exchange)) return false;
        const std::int64_t p = job.vertices[e.source].parallelism;
        const std::int64_t q = job.vertices[e.target].parallelism;
        return subpartitions(e, p, q, j, dynamic) >= settings.network.sort_shuffle_min_parallelism;
    };
    for (std::size_t w = 0; w < by_wave.size(); ++w) {
        std::vector<std::int64_t> served(static_cast<std::size_t>(layout.task_managers), 0);
        for (const JobEdge& e : job.edges) {
            if (!is_blocking(e.exchange) && !is_hybrid(e.exchange)) continue;
            std::vector<char> read_now(static_cast<std::size_t>(job.vertices[e.source].parallelism), 0);
            bool any = false;
            for (std::size_t task : by_wave[w]) {
                if (layout.task_vertex[task] != e.target) continue;
                const std::int64_t i = static_cast<std::int64_t>(task) - layout.base[e.target];
                const std::int64_t p = job.vertices[e.source].parallelism;
                const auto [lo, hi] = is_pointwise(e.ship)
                                          ? pointwise_producers(p, job.vertices[e.target].parallelism, i)
                                          : std::pair<std::int64_t, std::int64_t>{0, p};
                for (std::int64_t j = lo; j < hi; ++j) {
                    if (read_now[static_cast<std::size_t>(j)] != 0) continue;
                    read_now[static_cast<std::size_t>(j)] = 1;
                    any = true;
                }
                if (!is_pointwise(e.ship)) break;  // every producer is read already
            }
            if (!any) continue;
            for (std::size_t j = 0; j < read_now.size(); ++j) {
                if (read_now[j] == 0 || !read_through_pool(e, static_cast<std::int64_t>(j))) continue;
                ++served[static_cast<std::size_t>(
                    layout.task_manager(layout.base[e.source] + static_cast<std::int64_t>(j)))];
            }
        }
        for (std::size_t t = 0; t < served.size(); ++t) {
            if (served[t] > read.concurrent_partitions) {
                read.concurrent_partitions = served[t];
                read.task_manager = static_cast<std::int32_t>(t);
                read.wave = static_cast<std::int32_t>(w);
            }
        }
    }
    read.timeout_risk =
        read.buffers_per_request > 0 && read.concurrent_partitions * read.buffers_per_request > read.buffers;
    if (read.timeout_risk) {
        result.notes.push_back(fmt::format(
            "risk: TaskManager {} serves {} sort-merge/hybrid partitions at once (wave {}) from a "
            "batch-shuffle read "
            "pool of {} buffers, {} per request: readers queue for read buffers, and when none is recycled "
            "for 5 "
            "minutes (a consumer that reads its inputs in order can hold them) Flink fails the reads with "
            "\"Buffer request timeout\" (raise taskmanager.memory.framework.off-heap.batch-shuffle.size, and "
            "framework.off-heap.size with it)",
            read.task_manager, read.concurrent_partitions, read.wave, read.buffers,
            read.buffers_per_request));
    }
}

}  // namespace

RequestWalk walk_requests(const std::vector<NetworkRequest>& requests, std::int32_t total,
                          std::int32_t segment_size) {
    RequestWalk walk;
    std::int64_t counted = 0;
    for (const NetworkRequest& r : requests) {
        walk.required += r.total();
        if (walk.failure) continue;
        if (r.kind != NetworkRequest::Kind::Exclusive) {
            if (counted + r.required > total) {
                walk.failure =
                    Error(ErrorClass::IOException,
                          insufficient_buffers_message(r.required, static_cast<std::int32_t>(total - counted),
                                                       total, segment_size));
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
        walk.failure =
            Error(ErrorClass::IOException,
                  insufficient_buffers_message(r.required, static_cast<std::int32_t>(total - counted), total,
                                               segment_size));
        walk.required_at_failure = counted;
    }
    if (!walk.failure) walk.required_at_failure = counted;
    return walk;
}

std::vector<NetworkRequest> task_manager_requests(const PlanInput& input, std::int32_t task_manager,
                                                  std::int32_t wave) {
    std::vector<std::string> notes;
    const Layout layout = lay_out(input, notes);
    std::vector<NetworkRequest> requests;
    Counts counts;
    const auto waves = tasks_by_wave(layout);
    if (wave < 0 || wave >= layout.waves) return requests;
    requests_of(input, layout, task_manager, waves[static_cast<std::size_t>(wave)], requests, counts,
                nullptr);
    return requests;
}

std::vector<TaskManagerRequests> requests_by_task_manager(const PlanInput& input) {
    std::vector<std::string> notes;
    const Layout layout = lay_out(input, notes);
    std::vector<TaskManagerRequests> result;
    const auto waves = tasks_by_wave(layout);
    for (std::int32_t wave = 0; wave < layout.waves; ++wave) {
        const auto& tasks = waves[static_cast<std::size_t>(wave)];
        for (std::int32_t t = 0; t < layout.task_managers; ++t) {
            const auto [from, to] = on_task_manager(layout, tasks, t);
            if (from == to) continue;
            TaskManagerRequests entry{t, wave, {}};
            Counts counts;
            requests_of(input, layout, t, tasks, entry.requests, counts, nullptr);
            result.push_back(std::move(entry));
        }
    }
    return result;
}

TaskManagerExchange exchange_of(const PlanInput& input, std::int32_t task_manager, std::int32_t wave) {
    std::vector<std::string> notes;
    const Layout layout = lay_out(input, notes);
    const JobGraph& job = *input.job;
    const SimulationSettings& settings = *input.settings;
    const NetworkRuleSet& rules = network_rules(settings.version);
    const bool dynamic = job.mode == JobMode::Batch && settings.adaptive_batch_scheduler;
    TaskManagerExchange exchange;
    exchange.task_manager = task_manager;
    exchange.wave = wave;
    if (wave < 0 || wave >= layout.waves) return exchange;
    const auto waves = tasks_by_wave(layout);
    const auto& tasks = waves[static_cast<std::size_t>(wave)];
    {
        std::vector<NetworkRequest> requests;
        Counts counts;
        requests_of(input, layout, task_manager, tasks, requests, counts, nullptr);
        exchange.planned_local_channels = counts.local_channels;
        exchange.planned_remote_channels = counts.remote_channels;
        exchange.planned_exclusive = counts.exclusive_required;
    }
    const auto [from, to] = on_task_manager(layout, tasks, task_manager);
    std::vector<char> live(layout.task_vertex.size(), 0);
    for (std::size_t k = from; k < to; ++k) live[tasks[k]] = 1;
    const auto task_of = [&](std::size_t v, std::int64_t i) {
        return static_cast<std::size_t>(layout.base[v] + i);
    };
    for (std::size_t ei = 0; ei < job.edges.size(); ++ei) {
        const JobEdge& e = job.edges[ei];
        const std::int64_t p = job.vertices[e.source].parallelism;
        const std::int64_t q = job.vertices[e.target].parallelism;
        const auto edge = static_cast<std::int32_t>(ei);
        // Channels consumer i has from each producer, and where its subpartitions start.
        const auto read_of = [&](std::int64_t i) -> std::int64_t {
            if (is_pointwise(e.ship)) return 1;
            return static_cast<std::size_t>(i) < e.subpartitions_read.size()
                       ? e.subpartitions_read[static_cast<std::size_t>(i)]
                       : 1;
        };
        std::vector<std::int64_t> first_read(static_cast<std::size_t>(q) + 1, 0);
        for (std::int64_t i = 0; i < q; ++i)
            first_read[static_cast<std::size_t>(i) + 1] =
                first_read[static_cast<std::size_t>(i)] + read_of(i);
        const auto producers_of = [&](std::int64_t i) {
            return is_pointwise(e.ship) ? pointwise_producers(p, q, i)
                                        : std::pair<std::int64_t, std::int64_t>{0, p};
        };
        const auto channels_of = [&](std::int64_t i) {
            const auto [lo, hi] = producers_of(i);
            return (hi - lo) * read_of(i);
        };
        std::map<std::int64_t, std::int32_t> partition_index;  // producer subtask -> partitions index
        std::vector<std::int64_t> live_producers;
        for (std::int64_t j = 0; j < p; ++j) {
            if (live[task_of(e.source, j)] == 0) continue;
            live_producers.push_back(j);
            partition_index[j] = static_cast<std::int32_t>(exchange.partitions.size());
            exchange.partitions.push_back(
                {edge, job.vertices[e.source].id, static_cast<std::int32_t>(j),
                 partition_pool(rules, settings.network, e.exchange, subpartitions(e, p, q, j, dynamic))});
        }
        for (std::int64_t i = 0; i < q; ++i) {
            const bool consumer_live = live[task_of(e.target, i)] != 0;
            const auto [lo, hi] = producers_of(i);
            std::int32_t gate = -1;
            const GateBuffers buffers =
                gate_buffers(rules, settings.network, e.exchange, static_cast<std::int32_t>(channels_of(i)));
            if (consumer_live) {
                gate = static_cast<std::int32_t>(exchange.gates.size());
                exchange.gates.push_back({edge, job.vertices[e.target].id, static_cast<std::int32_t>(i),
                                          static_cast<std::int32_t>(channels_of(i)), buffers});
            }
            const auto add = [&](std::int64_t j) {
                const auto producer = partition_index.find(j);
                const std::int32_t partition = producer == partition_index.end() ? -1 : producer->second;
                const std::int32_t subpartitions_of_j =
                    partition >= 0
                        ? exchange.partitions[static_cast<std::size_t>(partition)].pool.num_subpartitions
                        : subpartitions(e, p, q, j, dynamic);
                // The subpartitions consumer i reads of producer j.
                std::int64_t first = first_read[static_cast<std::size_t>(i)];
                if (is_pointwise(e.ship)) first = p >= q ? 0 : i - (j * q + p - 1) / p;
                // Producer and consumer on one TaskManager (the consumer's, in whatever wave).
                const bool local = layout.task_manager(static_cast<std::int64_t>(task_of(e.source, j))) ==
                                   layout.task_manager(static_cast<std::int64_t>(task_of(e.target, i)));
                for (std::int64_t r = 0; r < read_of(i); ++r) {
                    const auto sub = static_cast<std::int32_t>(
                        std::clamp<std::int64_t>(first + r, 0, std::max(1, subpartitions_of_j) - 1));
                    exchange.channels.push_back(
                        {edge, partition, gate, sub, local,
                         gate < 0 && !local ? buffers.exclusive_per_remote_channel : 0});
                }
            };
            if (consumer_live) {
                for (std::int64_t j = lo; j < hi; ++j) add(j);
            } else if (is_pointwise(e.ship)) {
                for (std::int64_t j = lo; j < hi; ++j) {
                    if (partition_index.count(j) != 0) add(j);
                }
            } else {
                for (std::int64_t j : live_producers) add(j);
            }
        }
    }
    return exchange;
}

Plan plan(const PlanInput& input) {
    Plan result;
    const JobGraph& job = *input.job;
    const SimulationSettings& settings = *input.settings;
    result.notes = job.notes;
    const Layout layout = lay_out(input, result.notes);
    result.task_managers = input.task_managers ? *input.task_managers : layout.task_managers;
    result.task_managers_given = input.task_managers.has_value();
    result.slots_per_task_manager = layout.slots_per_tm;
    result.slots_used = static_cast<std::int32_t>(layout.slots_used);
    result.slots_needed = layout.slots_needed;

    if (input.task_managers) {
        const std::int64_t available = std::int64_t{*input.task_managers} * layout.slots_per_tm;
        if (available < layout.slots_needed) {
            // PhysicalSlotRequestBulkCheckerImpl: a bulk that all slots of the cluster cannot hold.
            const std::string needs =
                job.mode == JobMode::Batch
                    ? fmt::format("the job's largest pipelined region needs {} at once", layout.slots_needed)
                    : fmt::format("the job needs {}", layout.slots_needed);
            const std::string shortage = fmt::format("{} \u00d7 {} = {} slots, {}", *input.task_managers,
                                                     layout.slots_per_tm, available, needs);
            result.failure =
                Error(ErrorClass::NoResourceAvailableException,
                      "Slot request bulk is not fulfillable! Could not allocate the required slot within "
                      "slot request timeout")
                    .with_hint(shortage + fmt::format(": {} TaskManagers of {} slots would hold it",
                                                      (layout.slots_needed + layout.slots_per_tm - 1) /
                                                          layout.slots_per_tm,
                                                      layout.slots_per_tm));
            result.notes.push_back(shortage +
                                   "; the network below is counted for the TaskManagers it would need");
        }
    }
    // StreamingJobGraphGenerator's checks on hybrid edges.
    const bool hybrid = std::any_of(job.edges.begin(), job.edges.end(),
                                    [](const JobEdge& e) { return is_hybrid(e.exchange); });
    if (hybrid && !result.failure) {
        if (job.mode != JobMode::Batch) {
            result.failure = Error(
                ErrorClass::IllegalStateException,
                "hybrid shuffle mode only supports batch job, please set execution.runtime-mode to BATCH");
        } else if (std::any_of(job.vertices.begin(), job.vertices.end(),
                               [](const JobVertex& v) { return v.slot_sharing_group != "default"; })) {
            result.failure = Error(
                ErrorClass::IllegalStateException,
                "hybrid shuffle mode currently does not support setting non-default slot sharing group.");
        }
    }
    if (settings.network.tiered_storage) {
        const NetworkRuleSet& rules = network_rules(settings.version);
        result.notes.push_back(fmt::format(
            "tiered storage is on (a hybrid execution.batch-shuffle-mode): a hybrid partition requires "
            "min({}, "
            "subpartitions + 1) buffers, a hybrid gate at most 1000{}",
            settings.network.tiered_exclusive_buffers,
            rules.tiered_replaces_blocking
                ? "; BLOCKING partitions are created as HYBRID_FULL, their pools sized as BLOCKING"
                : ""));
    }
    if (job.mode == JobMode::Batch && layout.waves > 1) {
        result.notes.push_back(
            fmt::format("batch: {} pipelined regions (per subtask) run in {} waves on at most {} slots",
                        layout.regions, layout.waves, layout.slots_used));
    }

    NetworkPlan& network = result.network;
    network.segment_size = settings.segment_size;
    network.execution_regions = layout.regions;
    network.largest_region_slots = layout.largest_region_slots;
    const std::int64_t buffers = input.network_bytes / settings.segment_size;
    if (buffers > 2147483647) {
        throw Error::illegal_argument(
            fmt::format("The given number of memory bytes ({}) corresponds to more than MAX_INT pages.",
                        input.network_bytes));
    }
    network.total_buffers = static_cast<std::int32_t>(buffers);

    std::map<std::int32_t, std::int64_t> region_max;
    std::optional<Error> network_failure;
    bool first = true;
    const auto by_wave = tasks_by_wave(layout);
    for (std::int32_t wave = 0; wave < layout.waves; ++wave) {
        const std::vector<std::size_t>& tasks = by_wave[static_cast<std::size_t>(wave)];
        WaveSummary summary{wave, static_cast<std::int64_t>(tasks.size()),
                            layout.wave_slots[static_cast<std::size_t>(wave)], 0, 0};
        std::vector<char> present(static_cast<std::size_t>(layout.task_managers), 0);
        for (std::size_t task : tasks)
            present[static_cast<std::size_t>(layout.task_manager(static_cast<std::int64_t>(task)))] = 1;
        for (std::int32_t t = 0; t < layout.task_managers; ++t) {
            if (present[static_cast<std::size_t>(t)] == 0 && !first) continue;
            std::vector<NetworkRequest> requests;
            Counts counts;
            std::map<std::int32_t, std::int64_t> per_region;
            requests_of(input, layout, t, tasks, requests, counts, &per_region);
            for (const auto& [region, total] : per_region)
                region_max[region] = std::max(region_max[region], total);
            const RequestWalk walk = walk_requests(requests, network.total_buffers, settings.segment_size);
            if (walk.failure && !network_failure) network_failure = walk.failure;
            if (walk.required > summary.required_buffers) {
                summary.required_buffers = walk.required;
                summary.worst_task_manager = t;
            }
            if (walk.required > network.required_buffers || first) {
                first = false;
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
        network.waves.push_back(summary);
    }
    plan_batch_shuffle_read(input, layout, by_wave, result);
    if (job.mode == JobMode::Batch || layout.logical_regions > 1) {
        std::int64_t peak = -1;
        std::vector<std::set<std::int32_t>> execution(static_cast<std::size_t>(layout.logical_regions));
        std::vector<std::int32_t> first_wave(static_cast<std::size_t>(layout.logical_regions), -1);
        for (std::size_t t = 0; t < layout.task_vertex.size(); ++t) {
            const auto r = static_cast<std::size_t>(layout.logical_region[layout.task_vertex[t]]);
            execution[r].insert(layout.task_region[t]);
            if (first_wave[r] < 0 || layout.task_wave[t] < first_wave[r]) first_wave[r] = layout.task_wave[t];
        }
        for (std::int32_t r = 0; r < layout.logical_regions; ++r) {
            const auto ri = static_cast<std::size_t>(r);
            RegionSummary summary{
                r, first_wave[ri], {}, region_max[r], static_cast<std::int32_t>(execution[ri].size())};
            for (std::size_t v = 0; v < job.vertices.size(); ++v) {
                if (layout.logical_region[v] == r) summary.vertices.push_back(job.vertices[v].id);
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
