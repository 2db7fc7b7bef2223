// `flinkmem tune`: a running cluster's REST responses (or saved copies, or a Prometheus scrape of
// Flink's reporter) to the smallest TaskManager configuration that keeps every component above
// its observed peak with stated headroom, proven by resolve() and, for the running job, by the
// simulator. No I/O here: the CLI fetches (or reads) the responses and hands over their text.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/deployment.hpp"
#include "flinkmem/doctor/proposal.hpp"
#include "flinkmem/flink_version.hpp"
#include "flinkmem/sim/job.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::doctor {

// One response: where it came from (URL or file), the REST path when known (live), its body.
struct Response {
    std::string origin;
    std::string path;  // "/taskmanagers/<id>", ...; empty for a saved file (told by its shape)
    std::string body;
};

// One reading of one TaskManager; absent figures were not in the responses.
struct TaskManagerSample {
    std::string id;
    std::optional<std::int32_t> slots;
    std::optional<std::int64_t> heap_used, heap_committed, heap_max;
    std::optional<std::int64_t> direct_used, direct_max;
    std::optional<std::int64_t> metaspace_used;
    std::optional<std::int64_t> managed_used, managed_total;
    std::optional<std::int64_t> segments_used, segments_total;
    std::optional<std::int64_t> gc_time_ms, gc_count;
    std::optional<std::int64_t> total_process;  // memoryConfiguration.totalProcessMemory
};

struct Observation {
    Configuration config;  // /jobmanager/config
    bool has_config = false;
    std::string config_origin;
    std::optional<FlinkVersion> version;  // /config "flink-version"
    std::string version_origin;
    std::vector<TaskManagerSample> samples;
    std::set<std::string> task_managers;
    bool jobs_known = false;                // /jobs/overview was read
    std::vector<std::string> running_jobs;  // names of RUNNING jobs
    std::optional<sim::JobGraph> job;       // /jobs/<id>/plan of the running job
    std::vector<std::string> notes;

    // The most readings any one TaskManager has.
    int readings() const;
};

// Reads every response into one observation. A response that is not one of Flink's REST shapes
// (nor a Prometheus scrape of Flink's metrics) is an Error (UnsupportedInput) naming it: the
// endpoint is not Flink's.
Observation read_observation(const std::vector<Response>& responses);

// The TaskManager metric ids tune asks /taskmanagers/<id>/metrics?get= for.
const char* task_manager_metric_ids();

// The operator's MemoryTuning on the same metrics (flink-kubernetes-operator's autoscaler):
// heap and metaspace from usage x (1 + overhead), managed zero when unused, network as the sum
// over every vertex's input and output gates times the slots.
struct OperatorEstimate {
    double overhead = 0.2;  // job.autoscaler.memory.tuning.overhead's default
    MemorySize heap;
    MemorySize metaspace;
    MemorySize managed;
    std::optional<MemorySize> network;  // when the job is known
};

struct TuneRequest {
    Observation observation;
    std::optional<Configuration> config;  // --conf/-D: replaces /jobmanager/config
    std::string config_name;
    std::optional<FlinkVersion> flink_version;
    Target target = Target::Standalone;
    double headroom = 0.25;
    bool keep_process_size = false;
};

struct Peak {
    std::string component;                 // "jvm_heap", "jvm_metaspace", "managed", "network"
    std::optional<std::int64_t> observed;  // the highest reading (bytes)
    std::optional<std::int64_t> configured;
    std::optional<std::int64_t> proposed_at_least;
    std::string basis;
};

struct TuneReport {
    const Release* release = nullptr;
    std::string release_line;
    std::string config_origin;
    Configuration config;
    int readings = 0;
    std::size_t task_managers = 0;
    std::vector<Peak> peaks;
    bool refused = false;  // nothing measured under load: no shrinking
    std::string refusal;
    std::optional<Proposal> proposal;
    std::optional<OperatorEstimate> operator_estimate;
    std::optional<std::int64_t> simulator_network_bytes;  // the running job's exact requirement
    std::vector<std::string> notes;
};

// Throws flinkmem::Error (UnsupportedInput) for an unknown Flink version.
TuneReport tune(const TuneRequest& request);

}  // namespace flinkmem::doctor
