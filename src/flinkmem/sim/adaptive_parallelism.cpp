#include "flinkmem/sim/adaptive_parallelism.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "flinkmem/memory_size.hpp"

namespace flinkmem::sim {

namespace {

// DefaultVertexParallelismAndInputInfosDecider.MAX_NUM_SUBPARTITIONS_PER_TASK_CONSUME.
constexpr std::int64_t kMaxSubpartitionsPerTask = 32768;

// Java's (int) Math.ceil((double) a / b): the double's ceiling, saturated to int.
std::int32_t ceil_div_as_java(std::int64_t a, std::int64_t b) {
    const double value = std::ceil(static_cast<double>(a) / static_cast<double>(b));
    if (value >= static_cast<double>(std::numeric_limits<std::int32_t>::max()))
        return std::numeric_limits<std::int32_t>::max();
    return static_cast<std::int32_t>(value);
}

using Ranges = std::vector<std::pair<std::int32_t, std::int32_t>>;

// #computeSubpartitionRanges and #computeParallelism: consecutive subpartitions fill a range
// while their bytes stay within `limit` and the range within `max_range_size`.
Ranges subpartition_ranges(const std::vector<std::int64_t>& bytes, std::int64_t limit,
                           std::int64_t max_range_size) {
    Ranges ranges;
    std::int64_t sum = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == start ||
            (sum + bytes[i] <= limit && static_cast<std::int64_t>(i - start + 1) <= max_range_size)) {
            sum += bytes[i];
        } else {
            ranges.emplace_back(static_cast<std::int32_t>(start), static_cast<std::int32_t>(i - 1));
            start = i;
            sum = bytes[i];
        }
    }
    ranges.emplace_back(static_cast<std::int32_t>(start), static_cast<std::int32_t>(bytes.size() - 1));
    return ranges;
}

std::int32_t parallelism_at(const std::vector<std::int64_t>& bytes, std::int64_t limit,
                            std::int64_t max_range_size) {
    return static_cast<std::int32_t>(subpartition_ranges(bytes, limit, max_range_size).size());
}

// BisectionSearchUtils#findMinLegalValue / #findMaxLegalValue (-1 when none is legal).
std::int64_t find_min_legal(const std::function<bool(std::int64_t)>& legal, std::int64_t low,
                            std::int64_t high) {
    if (!legal(high)) return -1;
    while (low <= high) {
        const std::int64_t mid = (low + high) / 2;
        if (legal(mid)) {
            high = mid - 1;
        } else {
            low = mid + 1;
        }
    }
    return high + 1;
}

std::int64_t find_max_legal(const std::function<bool(std::int64_t)>& legal, std::int64_t low,
                            std::int64_t high) {
    if (!legal(low)) return -1;
    while (low <= high) {
        const std::int64_t mid = (low + high) / 2;
        if (legal(mid)) {
            low = mid + 1;
        } else {
            high = mid - 1;
        }
    }
    return low - 1;
}

// #decideParallelism: from the total bytes of the non-broadcast inputs, clamped to [min, max].
std::int32_t decide_by_bytes(const AutoParallelismSettings& settings,
                             const std::vector<ConsumedResult>& consumed, std::int32_t min_parallelism,
                             std::int32_t max_parallelism) {
    std::int64_t total = 0;
    std::int64_t max_subpartitions = 0;
    bool any = false;
    for (const ConsumedResult& r : consumed) {
        if (r.broadcast) continue;
        any = true;
        total += r.bytes;
        max_subpartitions = std::max(max_subpartitions, r.subpartitions_total);
    }
    if (!any) return min_parallelism;
    std::int32_t parallelism = ceil_div_as_java(total, settings.data_volume_per_task);
    parallelism = std::max(parallelism, ceil_div_as_java(max_subpartitions, kMaxSubpartitionsPerTask));
    return std::clamp(parallelism, min_parallelism, max_parallelism);
}

}  // namespace

VertexParallelismDecision decide_vertex_parallelism(const AutoParallelismSettings& settings,
                                                    const std::vector<ConsumedResult>& consumed,
                                                    std::int32_t vertex_max_parallelism) {
    // The decider's constructor (DefaultVertexParallelismAndInputInfosDecider, 1.20 lines 89-95).
    if (settings.min_parallelism <= 0)
        throw Error::illegal_argument("The minimum parallelism must be larger than 0.");
    if (settings.max_parallelism < settings.min_parallelism) {
        throw Error::illegal_argument(
            "Maximum parallelism should be greater than or equal to the minimum parallelism.");
    }
    if (settings.default_source_parallelism && *settings.default_source_parallelism <= 0)
        throw Error::illegal_argument("The default source parallelism must be larger than 0.");

    VertexParallelismDecision decision;
    if (consumed.empty()) {
        // #computeSourceParallelismUpperBound (lines 178-191); #from defaults the option to the
        // maximum parallelism (lines 553-563).
        const std::int32_t source = settings.default_source_parallelism.value_or(settings.max_parallelism);
        decision.parallelism = std::min(source, vertex_max_parallelism);
        return decision;
    }
    // Lines 130-155: the vertex's own maximum narrows the bounds.
    std::int32_t min_parallelism = settings.min_parallelism;
    std::int32_t max_parallelism = settings.max_parallelism;
    if (vertex_max_parallelism < min_parallelism) min_parallelism = vertex_max_parallelism;
    if (vertex_max_parallelism < max_parallelism) max_parallelism = vertex_max_parallelism;

    const bool all_to_all =
        std::none_of(consumed.begin(), consumed.end(), [](const ConsumedResult& r) { return r.pointwise; });
    const bool all_broadcast =
        std::all_of(consumed.begin(), consumed.end(), [](const ConsumedResult& r) { return r.broadcast; });
    if (!all_to_all || all_broadcast) {
        // #decideParallelismAndEvenlyDistributeSubpartitions (lines 218-234).
        decision.parallelism = decide_by_bytes(settings, consumed, min_parallelism, max_parallelism);
        return decision;
    }
    // #decideParallelismAndEvenlyDistributeData (lines 304-368).
    std::vector<std::int64_t> bytes;
    std::int32_t max_partitions = 0;
    for (const ConsumedResult& r : consumed) {
        if (r.broadcast) continue;
        if (bytes.empty()) bytes.assign(r.bytes_by_subpartition.size(), 0);
        for (std::size_t i = 0; i < bytes.size() && i < r.bytes_by_subpartition.size(); ++i)
            bytes[i] += r.bytes_by_subpartition[i];
        max_partitions = std::max(max_partitions, r.partitions);
    }
    const std::int64_t max_range_size = kMaxSubpartitionsPerTask / std::max(1, max_partitions);
    const std::int64_t limit = settings.data_volume_per_task;
    Ranges ranges = subpartition_ranges(bytes, limit, max_range_size);
    const auto legal = [&](std::int64_t p) { return p >= min_parallelism && p <= max_parallelism; };
    if (!legal(static_cast<std::int64_t>(ranges.size()))) {
        // #adjustToClosestLegalParallelism (lines 406-456).
        const auto current = static_cast<std::int32_t>(ranges.size());
        const std::int64_t min_limit = *std::min_element(bytes.begin(), bytes.end());
        const std::int64_t max_limit = std::accumulate(bytes.begin(), bytes.end(), std::int64_t{0});
        const auto parallelism = [&](std::int64_t l) { return parallelism_at(bytes, l, max_range_size); };
        std::int64_t adjusted = limit;
        if (current < min_parallelism) {
            adjusted = find_max_legal([&](std::int64_t l) { return parallelism(l) >= min_parallelism; },
                                      min_limit, limit);
            const std::int32_t fewest = parallelism(adjusted);
            adjusted =
                find_min_legal([&](std::int64_t l) { return parallelism(l) == fewest; }, min_limit, adjusted);
        } else if (current > max_parallelism) {
            adjusted = find_min_legal([&](std::int64_t l) { return parallelism(l) <= max_parallelism; },
                                      limit, max_limit);
        }
        if (!legal(parallelism(adjusted))) {
            // No legal parallelism distributes the data evenly: fall back (lines 350-362).
            decision.parallelism = decide_by_bytes(settings, consumed, min_parallelism, max_parallelism);
            return decision;
        }
        ranges = subpartition_ranges(bytes, adjusted, max_range_size);
    }
    decision.parallelism = static_cast<std::int32_t>(ranges.size());
    decision.subpartition_ranges = std::move(ranges);
    decision.evenly_distributed_data = true;
    return decision;
}

std::optional<std::string> check_input_bytes(const JobGraph& job, const InputBytes& bytes) {
    std::vector<std::string> sources;
    for (std::size_t v = 0; v < job.vertices.size(); ++v) {
        const bool consumes =
            std::any_of(job.edges.begin(), job.edges.end(), [&](const JobEdge& e) { return e.target == v; });
        if (!consumes) sources.push_back(job.vertices[v].id);
    }
    const std::string listed = fmt::format("{}", fmt::join(sources, ", "));
    if (bytes.only_source && sources.size() != 1) {
        return fmt::format(
            "--input-bytes without a name: the job has {} sources ({}); give one --input-bytes NAME=SIZE per "
            "source, e.g. --input-bytes {}=10g",
            sources.size(), listed, sources.front());
    }
    for (const auto& [name, size] : bytes.by_source) {
        (void)size;
        if (std::find(sources.begin(), sources.end(), name) == sources.end()) {
            return fmt::format(
                "--input-bytes {}=...: '{}' is not a source of the job; its sources are: {} (give NAME=SIZE "
                "for "
                "each)",
                name, name, listed);
        }
    }
    return std::nullopt;
}

ParallelismDecisions decide_open_parallelism(JobGraph& job, const AutoParallelismSettings& settings,
                                             bool adaptive, std::int32_t default_parallelism,
                                             const InputBytes& bytes) {
    ParallelismDecisions result;
    const bool any_open = std::any_of(job.vertices.begin(), job.vertices.end(),
                                      [](const JobVertex& v) { return v.parallelism_open; });
    if (!any_open) return result;
    if (job.mode != JobMode::Batch || !adaptive || !settings.enabled) {
        // A reader that filled in a parallelism (the document's keyBy job) keeps it.
        const std::int32_t parallelism = std::max(1, default_parallelism);
        bool defaulted = false;
        for (JobVertex& v : job.vertices) {
            if (!v.parallelism_open || v.parallelism > 0) continue;
            v.parallelism = parallelism;
            defaulted = true;
            result.vertices.push_back({v.id, parallelism, parallelism, parallelism, std::nullopt,
                                       "parallelism.default (the job sets none)"});
        }
        if (!defaulted) return result;
        result.notes.push_back(fmt::format(
            "vertices without a parallelism take parallelism.default ({}){}", parallelism,
            job.mode == JobMode::Batch
                ? (adaptive ? ": auto-parallelism is disabled" : ": not under the AdaptiveBatchScheduler")
                : ""));
        return result;
    }
    const std::int32_t max_parallelism = std::max(1, settings.max_parallelism);
    const std::size_t n = job.vertices.size();
    // Bytes each vertex produces: a source what --input-bytes gives it, any other vertex what it
    // consumes (without broadcast inputs), an assumption the report states.
    std::vector<std::optional<std::int64_t>> produced(n);
    bool passed_through = false;
    for (std::size_t v = 0; v < n; ++v) {
        JobVertex& vertex = job.vertices[v];
        std::vector<std::size_t> inputs;
        for (std::size_t k = 0; k < job.edges.size(); ++k) {
            if (job.edges[k].target == v) inputs.push_back(k);
        }
        if (inputs.empty()) {
            if (bytes.only_source) produced[v] = bytes.only_source;
            if (const auto it = bytes.by_source.find(vertex.id); it != bytes.by_source.end())
                produced[v] = it->second;
        } else {
            std::int64_t sum = 0;
            bool known = true;
            for (std::size_t k : inputs) {
                if (job.edges[k].ship == ShipStrategy::Broadcast) continue;
                if (!produced[job.edges[k].source]) known = false;
                sum += produced[job.edges[k].source].value_or(0);
            }
            if (known) produced[v] = sum;
            if (known && std::any_of(job.edges.begin(), job.edges.end(),
                                     [&](const JobEdge& e) { return e.source == v; }))
                passed_through = true;
        }
        if (!vertex.parallelism_open) continue;
        OpenVertex open{vertex.id, 1, 1, 1, std::nullopt, {}};
        try {
            if (inputs.empty()) {
                const VertexParallelismDecision d = decide_vertex_parallelism(settings, {}, max_parallelism);
                open.parallelism = open.low = open.high = d.parallelism;
                open.how =
                    settings.default_source_parallelism
                        ? fmt::format("source: default-source-parallelism {}",
                                      *settings.default_source_parallelism)
                        : fmt::format("source: the maximum parallelism {} (default-source-parallelism unset)",
                                      max_parallelism);
            } else if (const auto forward = std::find_if(
                           inputs.begin(), inputs.end(),
                           [&](std::size_t k) { return job.edges[k].ship == ShipStrategy::Forward; });
                       forward != inputs.end()) {
                const JobVertex& producer = job.vertices[job.edges[*forward].source];
                open.parallelism = open.low = open.high = producer.parallelism;
                open.how = fmt::format("forward group of '{}'", producer.id);
            } else {
                std::vector<ConsumedResult> consumed;
                for (std::size_t k : inputs) {
                    const JobEdge& e = job.edges[k];
                    const std::int32_t p = job.vertices[e.source].parallelism;
                    ConsumedResult r;
                    r.partitions = p;
                    r.broadcast = e.ship == ShipStrategy::Broadcast;
                    r.pointwise = is_pointwise(e.ship);
                    r.bytes = produced[e.source].value_or(0);
                    // IntermediateResultPartition#computeNumberOfSubpartitionsForDynamicGraph while
                    // the consumer is undecided: its max parallelism (all-to-all), 1 (broadcast),
                    // ceil(max / producers) (point-wise).
                    const std::int32_t per_partition = r.broadcast   ? 1
                                                       : r.pointwise ? (max_parallelism + p - 1) / p
                                                                     : max_parallelism;
                    r.subpartitions_total = std::int64_t{per_partition} * p;
                    if (!r.broadcast && !r.pointwise) {
                        // No skew known: the bytes spread evenly over the subpartitions.
                        r.bytes_by_subpartition.assign(static_cast<std::size_t>(per_partition),
                                                       r.bytes / per_partition);
                        for (std::int64_t i = 0; i < r.bytes % per_partition; ++i)
                            ++r.bytes_by_subpartition[static_cast<std::size_t>(i)];
                    }
                    consumed.push_back(std::move(r));
                    job.edges[k].undecided_subpartitions = per_partition;
                }
                std::int64_t consumed_bytes = 0;
                bool known = true;
                for (std::size_t k : inputs) {
                    if (job.edges[k].ship == ShipStrategy::Broadcast) continue;
                    if (!produced[job.edges[k].source]) known = false;
                    consumed_bytes += produced[job.edges[k].source].value_or(0);
                }
                const std::int32_t low = std::min(settings.min_parallelism, max_parallelism);
                if (known) {
                    const VertexParallelismDecision d =
                        decide_vertex_parallelism(settings, consumed, max_parallelism);
                    open.parallelism = open.low = open.high = d.parallelism;
                    open.consumed = consumed_bytes;
                    open.how = fmt::format("decided from {} consumed ({} per task): {}",
                                           MemorySize(consumed_bytes).to_string(),
                                           MemorySize(settings.data_volume_per_task).to_string(),
                                           d.evenly_distributed_data ? "data evenly distributed"
                                                                     : "subpartitions evenly distributed");
                    for (std::size_t k : inputs) {
                        JobEdge& e = job.edges[k];
                        if (e.ship == ShipStrategy::Broadcast || is_pointwise(e.ship)) continue;
                        e.subpartitions_read.clear();
                        for (std::int32_t i = 0; i < d.parallelism; ++i) {
                            if (d.evenly_distributed_data) {
                                const auto& [first, last] =
                                    d.subpartition_ranges[static_cast<std::size_t>(i)];
                                e.subpartitions_read.push_back(last - first + 1);
                            } else {
                                // VertexInputInfoComputationUtils#computeConsumedSubpartitionRange.
                                const std::int64_t m = e.undecided_subpartitions;
                                e.subpartitions_read.push_back(static_cast<std::int32_t>(
                                    (i + 1) * m / d.parallelism - i * m / d.parallelism));
                            }
                        }
                    }
                } else {
                    // The bytes are not known: anything in [min, max]; plan for the most tasks.
                    decide_vertex_parallelism(settings, consumed, max_parallelism);  // the settings' checks
                    open.low = low;
                    open.high = max_parallelism;
                    open.parallelism = max_parallelism;
                    open.how = fmt::format(
                        "decided at run time from the bytes its inputs produce: {}..{}, planned at {} (the "
                        "most "
                        "tasks, slots and channels; give --input-bytes for Flink's decision)",
                        low, max_parallelism, max_parallelism);
                }
            }
        } catch (const Error& e) {
            if (!result.failure) result.failure = e;
            open.parallelism = open.low = open.high = max_parallelism;
            open.how = "the scheduler rejects its settings";
        }
        vertex.parallelism = open.parallelism;
        result.vertices.push_back(std::move(open));
    }
    result.notes.push_back(
        fmt::format("AdaptiveBatchScheduler: {} vertex(es) without a parallelism decided by Flink (max "
                    "parallelism {}, {}; "
                    "min {}, {} per task)",
                    result.vertices.size(), max_parallelism, settings.max_parallelism_from,
                    settings.min_parallelism, MemorySize(settings.data_volume_per_task).to_string()));
    if (passed_through) {
        result.notes.push_back(
            "a vertex is taken to produce as many bytes as it consumes (without broadcast inputs)");
    }
    return result;
}

}  // namespace flinkmem::sim
