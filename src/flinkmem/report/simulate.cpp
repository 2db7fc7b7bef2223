#include "flinkmem/report/simulate.hpp"

#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"
#include "flinkmem/report/json_writer.hpp"
#include "flinkmem/report/resolution.hpp"

namespace flinkmem::report {

namespace {

using namespace flinkmem::sim;

std::string mib(std::int64_t bytes) {
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
}

void write_job(JsonWriter& out, const JobGraph& job) {
    out.begin_object()
        .field("name", job.name)
        .field("mode", job.mode == JobMode::Batch ? "batch" : "streaming");
    out.key("vertices").begin_array();
    for (const auto& v : job.vertices) {
        out.begin_object()
            .field("id", v.id)
            .field("name", v.name)
            .field("parallelism", v.parallelism)
            .field("slot_sharing_group", v.slot_sharing_group)
            .end_object();
    }
    out.end_array().key("edges").begin_array();
    for (const auto& e : job.edges) {
        out.begin_object()
            .field("from", job.vertices[e.source].id)
            .field("to", job.vertices[e.target].id)
            .field("ship", enum_name(e.ship))
            .field("exchange", enum_name(e.exchange))
            .end_object();
    }
    out.end_array().end_object();
}

void write_strings(JsonWriter& out, const std::vector<std::string>& items) {
    out.begin_array();
    for (const auto& item : items) out.value(item);
    out.end_array();
}

void write_optional(JsonWriter& out, std::string_view name, const std::string& text) {
    out.key(name);
    if (text.empty()) {
        out.null();
    } else {
        out.value(text);
    }
}

void write_network(JsonWriter& out, const SimulationReport& r) {
    const NetworkPlan& n = r.plan.network;
    out.begin_object()
        .field("segment_size", n.segment_size)
        .field("network_bytes", r.network_bytes)
        .field("total_buffers", n.total_buffers)
        .field("required_buffers", n.required_buffers)
        .field("fits", n.required_buffers <= n.total_buffers)
        .field("worst_task_manager", n.worst_task_manager)
        .field("worst_wave", n.worst_wave);
    out.key("pools").begin_object();
    out.key("result_partition")
        .begin_object()
        .field("count", n.partition_pools)
        .field("required_buffers", n.partition_required)
        .end_object();
    out.key("input_gate")
        .begin_object()
        .field("count", n.gate_pools)
        .field("required_buffers", n.gate_required)
        .end_object();
    out.key("exclusive")
        .begin_object()
        .field("remote_channels", n.remote_channels)
        .field("required_buffers", n.exclusive_required)
        .end_object();
    out.field("local_channels", n.local_channels).end_object();
    out.field("min_network_bytes", r.advice.min_network_bytes);
    out.key("min_network_config").begin_object();
    for (const auto& [key, value] : r.advice.set_network) out.field(key, value);
    out.end_object();
    out.key("min_total_config");
    if (r.advice.set_total) {
        out.begin_object().field(r.advice.set_total->first, r.advice.set_total->second).end_object();
    } else {
        out.null();
    }
    out.key("regions").begin_array();
    for (const auto& region : n.regions) {
        out.begin_object().field("id", region.id).field("wave", region.wave).key("vertices");
        write_strings(out, region.vertices);
        out.field("required_buffers", region.max_required_buffers)
            .field("execution_regions", region.execution_regions)
            .end_object();
    }
    out.end_array();
    out.key("peak_region");
    if (n.peak_region) {
        out.value(*n.peak_region);
    } else {
        out.null();
    }
    out.field("execution_regions", n.execution_regions).field("largest_region_slots", n.largest_region_slots);
    out.key("waves").begin_array();
    for (const auto& wave : n.waves) {
        out.begin_object()
            .field("index", wave.index)
            .field("tasks", wave.tasks)
            .field("slots", wave.slots)
            .field("required_buffers", wave.required_buffers)
            .field("worst_task_manager", wave.worst_task_manager)
            .end_object();
    }
    out.end_array();
    const BatchShuffleRead& read = n.batch_shuffle_read;
    out.key("batch_shuffle_read")
        .begin_object()
        .field("bytes", read.bytes)
        .field("buffers", read.buffers)
        .field("buffers_per_request", read.buffers_per_request)
        .field("concurrent_partitions", read.concurrent_partitions)
        .field("task_manager", read.task_manager)
        .field("wave", read.wave)
        .field("timeout_risk", read.timeout_risk)
        .end_object();
    out.end_object();
}

void write_managed(JsonWriter& out, const SimulationReport& r) {
    const ManagedPlan& m = r.plan.managed;
    out.begin_object()
        .field("managed_bytes", r.managed_bytes)
        .field("per_slot_bytes", m.per_slot_bytes)
        .field("per_slot_pages", m.per_slot_pages)
        .field("page_size", m.page_size);
    out.key("consumers").begin_array();
    for (const auto& c : m.consumers) {
        out.begin_object()
            .field("vertex", c.vertex)
            .field("use_case", enum_name(c.use_case))
            .field("fraction", c.fraction)
            .field("bytes", c.bytes)
            .field("pages", c.pages)
            .end_object();
    }
    out.end_array().key("rocksdb");
    if (m.rocksdb) {
        out.begin_object()
            .field("kind", describe(m.rocksdb->kind))
            .field("shared_bytes", m.rocksdb->shared_bytes)
            .field("block_cache_bytes", m.rocksdb->block_cache_bytes)
            .field("write_buffer_manager_bytes", m.rocksdb->write_buffer_bytes)
            .end_object();
    } else {
        out.null();
    }
    out.end_object();
}

void write_exercise(JsonWriter& out, const SimulationReport& r) {
    out.key("exercise");
    if (!r.exercise) {
        out.null();
    } else {
        const ExerciseReport& e = *r.exercise;
        out.begin_object()
            .field("budget_bytes", e.budget_bytes)
            .field("scale", e.scale)
            .field("managed_pages", e.managed_pages)
            .field("network_segments", e.network_segments)
            .field("bytes_allocated", e.bytes_allocated)
            .field("bytes_touched", e.bytes_touched)
            .field("peak_rss_bytes", e.peak_rss_bytes)
            .field("allocation_bytes_per_second", e.allocation_bytes_per_second)
            .field("memset_bytes_per_second", e.memset_bytes_per_second)
            .field("passed", e.passed())
            .field("read_back_verified", e.read_back_verified)
            .field("read_back_mismatches", e.read_back_mismatches);
        out.key("network_pools")
            .begin_object()
            .field("task_managers", e.pools.task_managers)
            .field("pools", e.pools.pools)
            .field("exclusive_segments", e.pools.exclusive_segments)
            .field("mismatches", e.pools.mismatches)
            .field("verified", e.pools.verified);
        write_optional(out, "first_mismatch", e.pools.first_mismatch);
        write_optional(out, "not_run", e.pools.not_run);
        out.end_object();
        out.key("sort")
            .begin_object()
            .field("records", e.sort.records)
            .field("bytes", e.sort.bytes)
            .field("runs", e.sort.runs)
            .field("spilled_bytes", e.sort.spilled_bytes)
            .field("merge_passes", e.sort.merge_passes)
            .field("records_per_second", e.sort.records_per_second)
            .field("verified", e.sort.verified);
        write_optional(out, "not_run", e.sort.not_run);
        out.end_object();
        out.key("shuffle")
            .begin_object()
            .field("records", e.shuffle.records)
            .field("bytes", e.shuffle.bytes)
            .field("bytes_per_second", e.shuffle.bytes_per_second)
            .field("task_manager", e.shuffle.task_manager)
            .field("wave", e.shuffle.wave)
            .field("partitions", e.shuffle.partitions)
            .field("planned_partitions", e.shuffle.planned_partitions)
            .field("gates", e.shuffle.gates)
            .field("planned_gates", e.shuffle.planned_gates)
            .field("local_channels", e.shuffle.local_channels)
            .field("remote_channels", e.shuffle.remote_channels)
            .field("planned_channels", e.shuffle.planned_channels)
            .field("records_per_channel", e.shuffle.records_per_channel)
            .field("credits_announced", e.shuffle.credits_announced)
            .field("backlogs_announced", e.shuffle.backlogs_announced)
            .field("backpressure_waits", e.shuffle.backpressure_waits)
            .field("credit_violations", e.shuffle.credit_violations)
            .field("backlog_announcements", e.shuffle.backlog_announcements)
            .field("exclusive_segments", e.shuffle.exclusive_segments)
            .field("local_receiver_buffers", e.shuffle.local_receiver_buffers)
            .field("stalled", e.shuffle.stalled)
            .field("channels_compared", e.shuffle.channels_compared)
            .field("verified", e.shuffle.verified);
        write_optional(out, "scaled", e.shuffle.scaled);
        write_optional(out, "channel_mismatch", e.shuffle.channel_mismatch);
        write_optional(out, "not_run", e.shuffle.not_run);
        out.end_object().end_object();
    }
    write_optional(out, "exercise_skipped", r.exercise_skipped);
}

}  // namespace

std::string simulation_json(const SimulationReport& r, const std::vector<std::string>& warnings) {
    std::string text;
    JsonWriter out(text, 2);
    out.begin_object().field("ok", r.ok);
    if (r.error) {
        write_error_fields(out, *r.error);
    } else {
        out.key("error_class").null().key("error_message").null();
    }
    out.field("flink_version", r.settings.version.to_string());
    out.key("job");
    write_job(out, r.job);
    // Vertices the job leaves open, and what Flink decides (or can decide) for them.
    out.key("open_parallelism").begin_array();
    for (const OpenVertex& v : r.parallelism.vertices) {
        out.begin_object()
            .field("vertex", v.vertex)
            .field("parallelism", v.parallelism)
            .field("low", v.low)
            .field("high", v.high);
        out.key("consumed_bytes");
        if (v.consumed) {
            out.value(*v.consumed);
        } else {
            out.null();
        }
        out.field("how", v.how).end_object();
    }
    out.end_array();
    const Plan& p = r.plan;
    out.key("placement")
        .begin_object()
        .field("task_managers", p.task_managers)
        .field("task_managers_given", p.task_managers_given)
        .field("slots_per_task_manager", p.slots_per_task_manager)
        .field("slots_used", p.slots_used)
        .field("slots_needed", p.slots_needed)
        .end_object();
    out.key("network");
    write_network(out, r);
    out.key("managed");
    write_managed(out, r);
    write_exercise(out, r);
    out.key("notes");
    write_strings(out, p.notes);
    out.key("warnings");
    write_strings(out, warnings);
    out.end_object();
    return text;
}

std::string simulation_rejected_json(const Error& error, const std::vector<std::string>& warnings) {
    std::string text;
    JsonWriter out(text, 2);
    out.begin_object().field("ok", false);
    write_error_fields(out, error);
    out.key("warnings");
    write_strings(out, warnings);
    out.end_object();
    return text;
}

std::string simulation_text(const SimulationReport& r) {
    const JobGraph& job = r.job;
    std::string out;
    const Plan& p = r.plan;
    const NetworkPlan& n = p.network;
    out += fmt::format("Job: {} ({}, {} vertices, {} edges)\n", job.name.empty() ? "(unnamed)" : job.name,
                       job.mode == JobMode::Batch ? "batch" : "streaming", job.vertices.size(),
                       job.edges.size());
    for (const OpenVertex& v : r.parallelism.vertices) {
        out += fmt::format("  {}: parallelism {} ({})\n", v.vertex, v.parallelism, v.how);
    }
    const bool short_of_slots = p.slots_needed > std::int64_t{p.task_managers} * p.slots_per_task_manager;
    out += fmt::format("Placement: {} TaskManager(s) x {} slots, {} slots {}", p.task_managers,
                       p.slots_per_task_manager, short_of_slots ? p.slots_needed : p.slots_used,
                       short_of_slots ? "needed" : "used");
    if (n.waves.size() > 1) out += fmt::format(", {} waves", n.waves.size());
    out += "\n";
    out += fmt::format("Verdict: {}\n", r.ok ? "the job deploys" : "Flink would fail");
    if (r.error) out += fmt::format("  {}: {}\n", r.error->class_name(), r.error->message());
    if (r.error && !r.error->hint().empty()) out += fmt::format("  {}\n", r.error->hint());
    out += fmt::format("\nNetwork (Flink {}):\n", r.settings.version.to_string());
    out += fmt::format("  buffers per TaskManager: {} of {} bytes ({})\n", n.total_buffers, n.segment_size,
                       mib(r.network_bytes));
    out += fmt::format("  required at once:        {} (TaskManager {}{})\n", n.required_buffers,
                       n.worst_task_manager,
                       job.mode == JobMode::Batch ? fmt::format(", wave {}", n.worst_wave) : std::string());
    out += fmt::format("    result partitions:     {} pools, {} required\n", n.partition_pools,
                       n.partition_required);
    out += fmt::format("    input gates:           {} pools, {} required\n", n.gate_pools, n.gate_required);
    out += fmt::format(
        "    exclusive buffers:     {} remote channels, {} required ({} local channels take none)\n",
        n.remote_channels, n.exclusive_required, n.local_channels);
    for (const auto& region : n.regions) {
        std::string names;
        for (const auto& v : region.vertices) names += (names.empty() ? "" : ", ") + v;
        out +=
            fmt::format("  region {} (wave {}: {}): {} buffers{}\n", region.id, region.wave, names,
                        region.max_required_buffers, n.peak_region == region.id ? "  <- needs the most" : "");
    }
    out += fmt::format("  smallest network memory that deploys: {} bytes ({})\n", r.advice.min_network_bytes,
                       mib(r.advice.min_network_bytes));
    std::string settings;
    for (const auto& [key, value] : r.advice.set_network) settings += fmt::format(" -D {}={}", key, value);
    out += fmt::format("    e.g.{}\n", settings);
    if (r.advice.set_total) {
        out += fmt::format("    or   -D {}={} (same network fraction)\n", r.advice.set_total->first,
                           r.advice.set_total->second);
    }
    const ManagedPlan& m = p.managed;
    out += fmt::format("\nManaged memory: {} per slot ({} pages of {} bytes)\n", mib(m.per_slot_bytes),
                       m.per_slot_pages, m.page_size);
    for (const auto& c : m.consumers) {
        out += fmt::format("  {} {}: fraction {} = {} bytes, {} pages\n", c.vertex, enum_name(c.use_case),
                           java::to_string(c.fraction), c.bytes, c.pages);
    }
    if (m.rocksdb) {
        out += fmt::format(
            "  RocksDB ({}): shared {} bytes, block cache {} bytes, write buffer manager {} bytes\n",
            describe(m.rocksdb->kind), m.rocksdb->shared_bytes, m.rocksdb->block_cache_bytes,
            m.rocksdb->write_buffer_bytes);
    }
    if (r.exercise) {
        const ExerciseReport& e = *r.exercise;
        out += "\nExercise (real memory):\n";
        out += fmt::format(
            "  allocated and touched {} ({} managed pages, {} network segments), scale {:.3f} of the "
            "TaskManager (budget {})\n",
            mib(e.bytes_allocated), e.managed_pages, e.network_segments, e.scale, mib(e.budget_bytes));
        out += fmt::format("  peak RSS {}; allocate+touch {:.2f} GB/s, memset {:.2f} GB/s\n",
                           mib(e.peak_rss_bytes), e.allocation_bytes_per_second / 1e9,
                           e.memset_bytes_per_second / 1e9);
        out += fmt::format(
            "  read back every page and segment: {}\n",
            e.read_back_verified ? "verified" : fmt::format("{} words differ", e.read_back_mismatches));
        if (!e.pools.not_run.empty()) {
            out += fmt::format("  network pools: {}\n", e.pools.not_run);
        } else {
            out += fmt::format(
                "  network pools: the plan's requests of {} TaskManager(s) and wave(s) replayed through "
                "NetworkBufferPool ({} pools, {} exclusive buffers), as planned: {}{}\n",
                e.pools.task_managers, e.pools.pools, e.pools.exclusive_segments, e.pools.verified,
                e.pools.verified ? "" : " (" + e.pools.first_mismatch + ")");
        }
        if (!e.sort.not_run.empty()) {
            out += fmt::format("  sort: {}\n", e.sort.not_run);
        } else {
            out += fmt::format(
                "  sort: {} records, {} runs, {} merge passes, {} spilled, {:.0f} records/s, verified: {}\n",
                e.sort.records, e.sort.runs, e.sort.merge_passes, mib(e.sort.spilled_bytes),
                e.sort.records_per_second, e.sort.verified);
        }
        if (!e.shuffle.not_run.empty()) {
            out += fmt::format("  shuffle: {}\n", e.shuffle.not_run);
        } else {
            const ShuffleReport& x = e.shuffle;
            out += fmt::format(
                "  shuffle: TaskManager {} (wave {}) as placed: {} result partitions, {} input gates, {} "
                "local "
                "and {} remote channels ({} exclusive buffers), {} records per channel\n",
                x.task_manager, x.wave, x.partitions, x.gates, x.local_channels, x.remote_channels,
                x.exclusive_segments, x.records_per_channel);
            out += fmt::format("    channels: {}\n", x.scaled.empty()
                                                         ? "every one with an end on this TaskManager"
                                                         : "scaled down to " + x.scaled);
            out += fmt::format(
                "    {} records, {:.1f} MB/s, {} credits announced, {} buffers sent with backlog, {} "
                "backlogs "
                "announced without a buffer, {} back-pressure waits, verified: {}\n",
                x.records, x.bytes_per_second / 1e6, x.credits_announced, x.backlogs_announced,
                x.backlog_announcements, x.backpressure_waits, x.verified);
            out += fmt::format("    the gates' local and remote channels as the plan counts them: {}\n",
                               !x.channels_compared ? "not compared, because only part of the exchange ran"
                               : x.channel_mismatch.empty() ? "true"
                                                            : "false (" + x.channel_mismatch + ")");
        }
    } else if (!r.exercise_skipped.empty()) {
        out += fmt::format("\nExercise: {}\n", r.exercise_skipped);
    }
    for (const auto& note : p.notes) out += fmt::format("note: {}\n", note);
    return out;
}

}  // namespace flinkmem::report
