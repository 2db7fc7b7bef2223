#include "flinkmem/doctor/tune.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "flinkmem/sim/simulate.hpp"

namespace flinkmem::doctor {

using json = nlohmann::json;

int Observation::readings() const {
    std::map<std::string, int> per;
    for (const auto& sample : samples) ++per[sample.id];
    int most = 0;
    for (const auto& [id, count] : per) most = std::max(most, count);
    return most;
}

const char* task_manager_metric_ids() {
    return "Status.JVM.Memory.Metaspace.Used,Status.Flink.Memory.Managed.Used,Status.Flink.Memory.Managed."
           "Total,"
           "Status.JVM.Memory.Heap.Used,Status.Shuffle.Netty.UsedMemorySegments,Status.Shuffle.Netty."
           "TotalMemorySegments";
}

namespace {

Error not_flink(const Response& response, const std::string& why) {
    return Error(ErrorClass::UnsupportedInput,
                 fmt::format("{}: not a response of Flink's REST API ({}){}", response.origin, why,
                             response.path.empty() ? "" : " for " + response.path));
}

std::optional<std::int64_t> integer(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (it->is_number_integer()) return it->get<std::int64_t>();
    if (it->is_number_float() && std::isfinite(it->get<double>()) && std::fabs(it->get<double>()) < 9e18)
        return static_cast<std::int64_t>(it->get<double>());
    return std::nullopt;
}

// A metric value as Flink's REST API prints it ("314572800", "3.145728E8").
std::optional<std::int64_t> metric_value(std::string_view text) {
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || !std::isfinite(value) || value < 0 ||
        value > 9e18)
        return std::nullopt;
    return static_cast<std::int64_t>(value);
}

// The TaskManager a metrics list belongs to: from the REST path, else the file name, else the
// only (or first) TaskManager seen.
std::string owner_of(const Response& response, const Observation& observation) {
    const std::string& where = response.path.empty() ? response.origin : response.path;
    for (const auto& id : observation.task_managers) {
        if (where.find(id) != std::string::npos) return id;
    }
    const auto at = response.path.find("/taskmanagers/");
    if (at != std::string::npos) {
        const auto rest = response.path.substr(at + 14);
        return rest.substr(0, rest.find('/'));
    }
    return observation.task_managers.empty() ? std::string("taskmanager")
                                             : *observation.task_managers.begin();
}

void apply_metric(TaskManagerSample& sample, std::string_view id, std::int64_t value) {
    if (id == "Status.JVM.Memory.Metaspace.Used") sample.metaspace_used = value;
    if (id == "Status.Flink.Memory.Managed.Used") sample.managed_used = value;
    if (id == "Status.Flink.Memory.Managed.Total") sample.managed_total = value;
    if (id == "Status.JVM.Memory.Heap.Used") sample.heap_used = value;
    if (id == "Status.JVM.Memory.Heap.Max") sample.heap_max = value;
    if (id == "Status.JVM.Memory.Direct.MemoryUsed") sample.direct_used = value;
    if (id == "Status.Shuffle.Netty.UsedMemorySegments") sample.segments_used = value;
    if (id == "Status.Shuffle.Netty.TotalMemorySegments") sample.segments_total = value;
}

// A Prometheus text scrape of Flink's PrometheusReporter: flink_taskmanager_Status_..{tm_id="..."} v.
bool read_prometheus(const Response& response, Observation& observation) {
    std::map<std::string, TaskManagerSample> samples;
    bool any = false;
    std::size_t start = 0;
    const std::string_view text = response.body;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line.front() == '#') continue;
        static constexpr std::string_view kPrefix = "flink_taskmanager_";
        if (!line.starts_with(kPrefix)) continue;
        const auto name_end = line.find_first_of("{ ");
        if (name_end == std::string_view::npos) continue;
        std::string id(line.substr(kPrefix.size(), name_end - kPrefix.size()));
        std::replace(id.begin(), id.end(), '_', '.');
        std::string tm = "taskmanager";
        if (const auto at = line.find("tm_id=\""); at != std::string_view::npos) {
            const auto close = line.find('"', at + 7);
            if (close != std::string_view::npos) tm = std::string(line.substr(at + 7, close - at - 7));
        }
        const auto space = line.rfind(' ');
        if (space == std::string_view::npos || space < name_end) continue;
        auto value_text = line.substr(space + 1);
        while (!value_text.empty() && value_text.back() == '\r') value_text.remove_suffix(1);
        const auto value = metric_value(value_text);
        if (!value) continue;
        auto& sample = samples[tm];
        sample.id = tm;
        apply_metric(sample, id, *value);
        any = true;
    }
    for (auto& [id, sample] : samples) {
        observation.task_managers.insert(id);
        observation.samples.push_back(std::move(sample));
    }
    return any;
}

void read_task_manager_details(const json& body, Observation& observation) {
    TaskManagerSample sample;
    sample.id = body.value("id", std::string("taskmanager"));
    if (const auto slots = integer(body, "slotsNumber")) sample.slots = static_cast<std::int32_t>(*slots);
    if (const auto it = body.find("memoryConfiguration"); it != body.end() && it->is_object()) {
        sample.total_process = integer(*it, "totalProcessMemory");
    }
    if (const auto it = body.find("metrics"); it != body.end() && it->is_object()) {
        const json& m = *it;
        sample.heap_used = integer(m, "heapUsed");
        sample.heap_committed = integer(m, "heapCommitted");
        sample.heap_max = integer(m, "heapMax");
        sample.direct_used = integer(m, "directUsed");
        sample.direct_max = integer(m, "directMax");
        sample.segments_used = integer(m, "nettyShuffleMemorySegmentsUsed");
        sample.segments_total = integer(m, "nettyShuffleMemorySegmentsTotal");
        if (const auto gcs = m.find("garbageCollectors"); gcs != m.end() && gcs->is_array()) {
            std::int64_t time = 0;
            std::int64_t count = 0;
            for (const auto& gc : *gcs) {
                if (!gc.is_object()) continue;
                time += integer(gc, "time").value_or(0);
                count += integer(gc, "count").value_or(0);
            }
            sample.gc_time_ms = time;
            sample.gc_count = count;
        }
    }
    observation.task_managers.insert(sample.id);
    observation.samples.push_back(std::move(sample));
}

// A metrics list ([{id, value}]) joins the latest reading of its TaskManager that lacks those
// figures, or starts a new reading.
void read_metric_list(const Response& response, const json& body, Observation& observation) {
    const std::string owner = owner_of(response, observation);
    TaskManagerSample* target = nullptr;
    for (auto it = observation.samples.rbegin(); it != observation.samples.rend(); ++it) {
        if (it->id == owner) {
            target = &*it;
            break;
        }
    }
    if (target == nullptr || target->metaspace_used || target->managed_used) {
        observation.task_managers.insert(owner);
        observation.samples.push_back(TaskManagerSample{});
        observation.samples.back().id = owner;
        target = &observation.samples.back();
    }
    for (const auto& metric : body) {
        if (!metric.is_object() || !metric.contains("id") || !metric["id"].is_string()) continue;
        const std::string id = metric["id"].get<std::string>();
        const auto value = metric.contains("value") && metric["value"].is_string()
                               ? metric_value(metric["value"].get<std::string>())
                               : std::nullopt;
        if (value) apply_metric(*target, id, *value);
    }
}

void read_one(const Response& response, Observation& observation) {
    json body;
    try {
        body = json::parse(response.body);
    } catch (const json::exception&) {
        Observation probe;
        if (read_prometheus(response, probe)) {
            for (auto& sample : probe.samples) {
                observation.task_managers.insert(sample.id);
                observation.samples.push_back(std::move(sample));
            }
            return;
        }
        throw not_flink(response, "neither JSON nor a Prometheus scrape of Flink's metrics");
    }
    const std::string& path = response.path;
    if (body.is_array()) {
        if (body.empty()) {
            // An empty list: a metrics list without the metrics asked for, or an empty configuration.
            observation.notes.push_back(response.origin + ": an empty list");
            return;
        }
        const json& first = body.front();
        if (first.is_object() && first.contains("key") && first.contains("value")) {
            for (const auto& entry : body) {
                if (!entry.is_object() || !entry.contains("key") || !entry.contains("value") ||
                    !entry["key"].is_string() || !entry["value"].is_string())
                    continue;
                observation.config.set(entry["key"].get<std::string>(), entry["value"].get<std::string>(),
                                       Source::in_file(response.origin, 0));
            }
            observation.has_config = true;
            observation.config_origin = response.origin;
            return;
        }
        if (first.is_object() && first.contains("id")) {
            read_metric_list(response, body, observation);
            return;
        }
        throw not_flink(response, "a list that is neither a configuration nor metrics");
    }
    if (!body.is_object()) throw not_flink(response, "not a JSON object or list");
    if (body.contains("flink-version")) {
        if (body["flink-version"].is_string()) {
            observation.version = FlinkVersion::parse(body["flink-version"].get<std::string>());
            observation.version_origin = response.origin;
        }
        return;
    }
    if (body.contains("taskmanagers") && body["taskmanagers"].is_array()) {
        for (const auto& tm : body["taskmanagers"]) {
            if (tm.is_object() && tm.contains("id") && tm["id"].is_string())
                observation.task_managers.insert(tm["id"].get<std::string>());
        }
        return;
    }
    if (body.contains("memoryConfiguration") || (body.contains("metrics") && body.contains("slotsNumber"))) {
        read_task_manager_details(body, observation);
        return;
    }
    if (body.contains("jobs") && body["jobs"].is_array()) {
        observation.jobs_known = true;
        for (const auto& job : body["jobs"]) {
            if (job.is_object() && job.value("state", "") == "RUNNING")
                observation.running_jobs.push_back(job.value("name", job.value("jid", "")));
        }
        return;
    }
    if (body.contains("plan") || body.contains("nodes")) {
        const json& plan = body.contains("plan") ? body["plan"] : body;
        const sim::JobMode mode =
            plan.value("type", "STREAMING") == "BATCH" ? sim::JobMode::Batch : sim::JobMode::Streaming;
        try {
            observation.job = sim::read_job_json(plan.dump(), response.origin, mode);
        } catch (const sim::JobFormatError& e) {
            observation.notes.push_back(std::string("the job plan could not be read: ") + e.what());
        }
        return;
    }
    if (body.contains("errors")) {
        throw not_flink(response, "Flink answered with errors: " + body["errors"].dump());
    }
    (void)path;
    throw not_flink(response, "a JSON object of no REST shape flinkmem reads");
}

std::string human(std::int64_t bytes) {
    return MemorySize(bytes).to_human_readable_string();
}

std::optional<std::int64_t> peak(const std::vector<TaskManagerSample>& samples,
                                 std::optional<std::int64_t> TaskManagerSample::*field) {
    std::optional<std::int64_t> most;
    for (const auto& sample : samples) {
        if (const auto& value = sample.*field) most = std::max(most.value_or(0), *value);
    }
    return most;
}

bool uses_rocksdb(const Configuration& config, const Release& release) {
    const OptionSpec* option = release.options().find(OptionId::StateBackend);
    if (option == nullptr) return false;
    const auto found = config.lookup(*option);
    if (!found) return false;
    std::string value = found->entry->value;
    std::transform(value.begin(), value.end(), value.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return value.find("rocksdb") != std::string::npos;
}

std::string key(const Release& release, OptionId id) {
    const OptionSpec* option = option_in_or_after(release, id);
    return option ? std::string(option->key) : std::string();
}

std::string exact(MemorySize size) {
    if (size.bytes() % (1 << 20) == 0) return mib_value(size);
    return fmt::format("{}b", size.bytes());
}

// The operator's network estimate: per vertex, every input and output gate at
// parallelism x buffers-per-channel + floating (point-wise: the channels one subtask has), times the slots.
MemorySize operator_network(const sim::JobGraph& job, const Configuration& config, const Release& release,
                            std::int32_t slots, std::int32_t segment) {
    std::int64_t per_channel = 2;
    std::int64_t floating = 8;
    if (const OptionSpec* o = option_in_or_after(release, OptionId::BuffersPerChannel))
        per_channel = config.get_int(*o).value_or(2);
    if (const OptionSpec* o = option_in_or_after(release, OptionId::FloatingBuffersPerGate))
        floating = config.get_int(*o).value_or(8);
    const auto segments = [&](std::int32_t current, std::int32_t connected,
                              sim::ShipStrategy ship) -> std::int64_t {
        if (current == connected && ship == sim::ShipStrategy::Forward) return per_channel + floating;
        if (ship == sim::ShipStrategy::Forward || ship == sim::ShipStrategy::Rescale) {
            const auto channels = (connected + current - 1) / current;
            return channels * per_channel + floating;
        }
        return connected * per_channel + floating;
    };
    std::int64_t total = 0;
    for (std::size_t v = 0; v < job.vertices.size(); ++v) {
        const auto p = job.vertices[v].parallelism;
        for (const auto& edge : job.edges) {
            if (edge.target == v)
                total += segments(p, job.vertices[edge.source].parallelism, edge.ship) * segment;
            if (edge.source == v)
                total += segments(p, job.vertices[edge.target].parallelism, edge.ship) * segment;
        }
    }
    return MemorySize(total * slots);
}

}  // namespace

namespace {

// A response whose values have the wrong JSON types is not one of Flink's either.
void read_checked(const Response& response, Observation& observation) {
    try {
        read_one(response, observation);
    } catch (const json::exception& e) {
        throw not_flink(response, std::string("unexpected JSON: ") + e.what());
    }
}

}  // namespace

Observation read_observation(const std::vector<Response>& responses) {
    Observation observation;
    // The lists of TaskManagers first, so metrics lists find their owner whatever the order.
    for (const auto& response : responses) {
        try {
            const json body = json::parse(response.body);
            if (body.is_object() && body.contains("taskmanagers") && body["taskmanagers"].is_array()) {
                for (const auto& tm : body["taskmanagers"]) {
                    if (tm.is_object() && tm.contains("id") && tm["id"].is_string())
                        observation.task_managers.insert(tm["id"].get<std::string>());
                }
            }
            if (body.is_object() && body.contains("memoryConfiguration") && body.contains("id") &&
                body["id"].is_string()) {
                observation.task_managers.insert(body["id"].get<std::string>());
            }
        } catch (const json::exception&) {
        }
    }
    std::vector<const Response*> details;
    std::vector<const Response*> rest;
    for (const auto& response : responses) {
        const bool is_details = response.body.find("\"memoryConfiguration\"") != std::string::npos;
        (is_details ? details : rest).push_back(&response);
    }
    // Details before metrics lists of the same reading: live responses come in that order; saved
    // files are read details first.
    if (responses.empty() || !responses.front().path.empty()) {
        for (const auto& response : responses) read_checked(response, observation);
    } else {
        for (const Response* response : details) read_checked(*response, observation);
        for (const Response* response : rest) read_checked(*response, observation);
    }
    return observation;
}

TuneReport tune(const TuneRequest& request) {
    const Observation& seen = request.observation;
    TuneReport report;
    std::optional<FlinkVersion> version = request.flink_version;
    std::string reason = "--flink-version";
    if (!version && seen.version) {
        version = FlinkVersion{seen.version->major, seen.version->minor};
        reason = "the cluster's /config, " + seen.version_origin;
    }
    const Release* release = version ? find_release(*version) : &default_release();
    if (release == nullptr) {
        throw Error(ErrorClass::UnsupportedInput,
                    fmt::format("Flink {} is not a release flinkmem knows ({})", version->to_string(),
                                supported_versions_text()));
    }
    if (!version) reason = "the default; the responses do not name the version";
    report.release = release;
    report.release_line = fmt::format("Flink {} rules ({})", release->version().to_string(), reason);
    if (request.config) {
        report.config = *request.config;
        report.config_origin = request.config_name.empty() ? "the given configuration" : request.config_name;
    } else if (seen.has_config) {
        report.config = seen.config;
        report.config_origin = seen.config_origin + " (/jobmanager/config)";
    } else {
        report.config_origin = "none: no /jobmanager/config response and no --conf/-D";
    }
    report.readings = seen.readings();
    report.task_managers = seen.task_managers.size();
    report.notes = seen.notes;

    const auto heap_peak = peak(seen.samples, &TaskManagerSample::heap_used);
    const auto meta_peak = peak(seen.samples, &TaskManagerSample::metaspace_used);
    const auto managed_peak = peak(seen.samples, &TaskManagerSample::managed_used);
    const auto segments_peak = peak(seen.samples, &TaskManagerSample::segments_used);
    const auto gc_time = peak(seen.samples, &TaskManagerSample::gc_time_ms);
    if (report.readings <= 1) {
        report.notes.push_back(
            fmt::format("{} reading per TaskManager: a peak from one reading is a single point; "
                        "live, --samples N --interval D takes the highest of N",
                        report.readings));
    }
    if (gc_time)
        report.notes.push_back(
            fmt::format("garbage collection so far: {} ms in total (a heap close to its "
                        "limit collects often; check it after the change)",
                        *gc_time));

    Proposal base_probe;
    resolve_both(base_probe, report.config, *release, request.target, true, false);
    if (!base_probe.task_manager_before->ok()) {
        const Error& e = base_probe.task_manager_before->error();
        report.refused = true;
        report.refusal = fmt::format("the TaskManager configuration does not resolve: {}: {}", e.class_name(),
                                     e.message());
        return report;
    }
    const TaskManagerMemory& before = base_probe.task_manager_before->value().memory;
    const double factor = 1 + request.headroom;
    const std::string percent = fmt::format("{:.0f}%", request.headroom * 100);

    // The operator's MemoryTuning on the same metrics, for comparison.
    OperatorEstimate estimate;
    estimate.heap = MemorySize(
        static_cast<std::int64_t>(static_cast<double>(heap_peak.value_or(0)) * (1 + estimate.overhead)));
    estimate.metaspace = MemorySize(
        static_cast<std::int64_t>(static_cast<double>(meta_peak.value_or(0)) * (1 + estimate.overhead)));
    estimate.managed = managed_peak.value_or(0) > 0 ? before.managed.size : MemorySize::zero();
    std::int32_t segment = 32768;
    if (const OptionSpec* o = release->options().find(OptionId::SegmentSize)) {
        if (const auto s = report.config.get_memory_size(*o)) segment = static_cast<std::int32_t>(s->bytes());
    }
    if (seen.job)
        estimate.network = operator_network(*seen.job, report.config, *release, before.num_slots, segment);
    report.operator_estimate = estimate;

    if (seen.jobs_known && seen.running_jobs.empty()) {
        report.refused = true;
        report.refusal =
            "no job is running: the usage measured is that of an idle cluster, so nothing is shrunk";
        return report;
    }
    if (!seen.jobs_known)
        report.notes.push_back("no /jobs/overview response: whether a job ran is not known");
    if (!heap_peak) {
        report.refused = true;
        report.refusal =
            "no heap usage in the responses (/taskmanagers/<id> metrics.heapUsed): nothing was measured";
        return report;
    }

    // Targets.
    const MemorySize heap_target = round_up_mib(MemorySize(heap_peak.value_or(0)).multiply(factor));
    const MemorySize task_heap_target = heap_target > before.framework_heap.size
                                            ? heap_target.subtract(before.framework_heap.size)
                                            : MemorySize::zero();
    report.peaks.push_back(
        {"jvm_heap", heap_peak, before.jvm_heap().bytes(), heap_target.bytes(),
         fmt::format("highest heap used x (1 + {}) headroom, rounded up to a MiB", percent)});
    std::optional<MemorySize> meta_target;
    if (meta_peak) {
        meta_target = round_up_mib(MemorySize(*meta_peak).multiply(factor));
        report.peaks.push_back({"jvm_metaspace", meta_peak, before.jvm_metaspace.size.bytes(),
                                meta_target->bytes(),
                                fmt::format("highest metaspace used x (1 + {})", percent)});
    }
    MemorySize managed_target = before.managed.size;
    std::string managed_basis = "kept";
    const bool rocksdb = uses_rocksdb(report.config, *release);
    if (managed_peak && *managed_peak == 0 && !rocksdb) {
        managed_target = MemorySize::zero();
        managed_basis =
            "no managed memory used and the state backend is not RocksDB (hashmap keeps state on the heap)";
    } else if (rocksdb) {
        managed_basis = "RocksDB reserves its whole share; kept";
    } else if (!managed_peak) {
        managed_basis = "no Status.Flink.Memory.Managed.Used reading; kept";
    } else {
        managed_basis = "in use; kept";
    }
    report.peaks.push_back(
        {"managed", managed_peak, before.managed.size.bytes(), managed_target.bytes(), managed_basis});
    std::optional<MemorySize> network_target;
    std::string network_basis;
    if (seen.job) {
        const auto simulation = simulate_job(report.config, *release, request.target, *seen.job);
        if (simulation.configuration_rejected) {
            report.notes.push_back(
                fmt::format("the simulator could not plan the running job: {}",
                            simulation.error ? simulation.error->message() : std::string("no TaskManager")));
        } else {
            std::int64_t need = simulation.advice.min_network_bytes;
            report.simulator_network_bytes = need;
            if (segments_peak) need = std::max(need, *segments_peak * segment);
            network_target = round_up_mib(MemorySize(need));
            network_basis = fmt::format(
                "the simulator's exact requirement of job '{}' ({} buffers at once), rounded up to a MiB",
                seen.job->name, simulation.plan.network.required_buffers);
            if (segments_peak && *segments_peak * segment > simulation.advice.min_network_bytes) {
                network_basis += ", not below the observed peak";
            }
            report.notes.push_back(
                "network at the job's requirement deploys it; Flink's default minimum (64 MiB) "
                "leaves floating buffers for throughput, so keep more where throughput matters");
        }
    } else {
        network_basis = "kept: the running job's plan (/jobs/<id>/plan) was not read";
    }
    report.peaks.push_back(
        {"network", segments_peak ? std::optional<std::int64_t>(*segments_peak * segment) : std::nullopt,
         before.network.size.bytes(),
         network_target ? std::optional<std::int64_t>(network_target->bytes()) : std::nullopt,
         network_basis});

    // The proposal.
    Proposal proposal;
    const bool has_flink_size = report.config.contains(release->option(OptionId::TaskManagerFlinkSize));
    const bool has_process_size = report.config.contains(release->option(OptionId::TaskManagerProcessSize));
    std::vector<KeyValue> changes;
    std::vector<std::string> removals;
    changes.emplace_back(key(*release, OptionId::ManagedSize), exact(managed_target));
    if (network_target) {
        changes.emplace_back(key(*release, OptionId::NetworkMin), exact(*network_target));
        changes.emplace_back(key(*release, OptionId::NetworkMax), exact(*network_target));
    }
    if (meta_target) changes.emplace_back(key(*release, OptionId::TaskManagerMetaspace), exact(*meta_target));
    if (request.keep_process_size) {
        // Today's container: task heap takes what the others leave.
        if (report.config.contains(release->option(OptionId::TaskHeap)))
            removals.push_back(key(*release, OptionId::TaskHeap));
        if (!has_process_size && !has_flink_size) {
            changes.emplace_back(key(*release, OptionId::TaskManagerProcessSize),
                                 exact(before.total_process.size));
        }
    } else {
        changes.emplace_back(key(*release, OptionId::TaskHeap), exact(task_heap_target));
        if (has_flink_size) removals.push_back(key(*release, OptionId::TaskManagerFlinkSize));
        // The process size follows from the components; written explicitly (rounded up to a MiB,
        // the JVM Overhead takes the rounding) so the container is sized by one visible key.
        Proposal probe;
        probe.changes = changes;
        probe.removals = removals;
        probe.removals.push_back(key(*release, OptionId::TaskManagerProcessSize));
        resolve_both(probe, report.config, *release, request.target, true, false);
        if (probe.task_manager_after->ok()) {
            changes.emplace_back(key(*release, OptionId::TaskManagerProcessSize),
                                 mib_value(probe.task_manager_after->value().memory.total_process.size));
        } else {
            removals.push_back(key(*release, OptionId::TaskManagerProcessSize));
        }
    }
    for (const auto& legacy : {OptionId::TaskManagerLegacyHeap, OptionId::TaskManagerLegacyHeapMb}) {
        const OptionSpec* option = release->options().find(legacy);
        if (option != nullptr && report.config.contains(*option)) removals.emplace_back(option->key);
    }
    proposal.changes = changes;
    proposal.removals = removals;
    resolve_both(proposal, report.config, *release, request.target, true, false);
    bool ok = proposal.task_manager_after->ok();
    if (!ok) {
        const Error& e = proposal.task_manager_after->error();
        proposal.checks.push_back(
            fmt::format("FAILED: the TaskManager does not resolve under Flink {}: {}: {}",
                        release->version().to_string(), e.class_name(), e.message()));
    } else {
        const TaskManagerMemory& after = proposal.task_manager_after->value().memory;
        proposal.checks.push_back(
            fmt::format("the TaskManager resolves under Flink {}", release->version().to_string()));
        const auto check = [&](const char* what, MemorySize got, MemorySize need) {
            const bool reached = got >= need;
            ok = ok && reached;
            proposal.checks.push_back(fmt::format("{}{}: {} bytes (needs at least {} bytes)",
                                                  reached ? "" : "FAILED: ", what, got.bytes(),
                                                  need.bytes()));
        };
        check("jvm_heap", after.jvm_heap(), heap_target);
        if (meta_target) check("jvm_metaspace", after.jvm_metaspace.size, *meta_target);
        check("managed", after.managed.size, managed_target);
        if (network_target) check("network", after.network.size, *network_target);
        if (request.keep_process_size && after.total_process.size != before.total_process.size) {
            ok = false;
            proposal.checks.push_back("FAILED: the process size changed under --keep-process-size");
        }
        if (seen.job && ok) {
            const auto simulation = simulate_job(proposal.after_config, *release, request.target, *seen.job);
            if (simulation.ok && !simulation.plan.failure) {
                proposal.checks.push_back(
                    fmt::format("the simulator deploys job '{}': {} network buffers required, {} available",
                                seen.job->name, simulation.plan.network.required_buffers,
                                simulation.plan.network.total_buffers));
            } else {
                const Error& e = simulation.error ? *simulation.error : *simulation.plan.failure;
                proposal.checks.push_back(
                    fmt::format("FAILED: the simulator: {}: {}", e.class_name(), e.message()));
                ok = false;
            }
        }
    }
    proposal.verified = ok;
    // Nothing to change when every proposed value is what the configuration already resolves to.
    if (ok && proposal.task_manager_after->value().memory.named_sizes() == before.named_sizes()) {
        proposal.changes.clear();
        proposal.removals.clear();
        proposal.notes.push_back("the configuration already gives every component what the metrics call for");
    }
    report.proposal = std::move(proposal);
    (void)human;
    return report;
}

}  // namespace flinkmem::doctor
