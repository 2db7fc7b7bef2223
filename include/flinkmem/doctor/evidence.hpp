// What a failure leaves behind, read into recognised events: a Flink log or a pasted stack trace
// (OutOfMemoryErrors as TaskManagerExceptionUtils and ClusterEntryPointExceptionUtils enrich them,
// NetworkBufferPool's "Insufficient number of network buffers", the MemoryManager's
// MemoryAllocationException, the sort-shuffle "Buffer request timeout", IllegalConfigurationException),
// YARN's container diagnostics, and a Kubernetes pod (`kubectl get pod -o json|yaml`). Each event
// keeps the file:line it was read at and the numbers its text carries. Nothing is guessed: a line
// no recognizer knows is not an event.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/component.hpp"
#include "flinkmem/config/configuration.hpp"
#include "flinkmem/error.hpp"
#include "flinkmem/flink_version.hpp"

namespace flinkmem::doctor {

enum class EventKind {
    HeapOutOfMemory,             // java.lang.OutOfMemoryError: Java heap space
    DirectOutOfMemory,           // java.lang.OutOfMemoryError: Direct buffer memory
    MetaspaceOutOfMemory,        // java.lang.OutOfMemoryError: Metaspace
    InsufficientNetworkBuffers,  // IOException: Insufficient number of network buffers: required R, ...
    ManagedAllocation,           // MemoryAllocationException: Could not allocate N pages / shared resource
    BatchShuffleReadTimeout,     // TimeoutException: Buffer request timeout ... batch shuffle read memory
    IllegalConfiguration,        // IllegalConfigurationException at start-up
    ContainerMemoryExceeded,     // YARN: is running ...B beyond the 'PHYSICAL' memory limit
    PodOomKilled,                // a pod container terminated with reason OOMKilled
    PodKilled,                   // exit code 137 without OOMKilled: a SIGKILL of unknown cause
};

// "heap", "direct", "metaspace", "network", "managed", "batch-shuffle", "illegal-configuration",
// "container-memory-exceeded", "oom-killed", "killed".
std::string_view to_string(EventKind kind);

struct Event {
    EventKind kind = EventKind::HeapOutOfMemory;
    // The process it happened in; Configuration when the evidence does not say.
    Component process = Component::Configuration;
    Source where;
    std::string text;       // the line (or the pod's terminated state) as read, trimmed
    bool enriched = false;  // Flink's enriched OutOfMemoryError text (it names the option to raise)

    // InsufficientNetworkBuffers: NetworkBufferPool's numbers.
    std::int64_t required_buffers = 0;   // R: what one request asked for
    std::int64_t available_buffers = 0;  // A: total minus what earlier requests hold
    std::int64_t total_buffers = 0;      // T
    std::int64_t segment_size = 0;       // S bytes
    // ManagedAllocation: the MemoryReservationException's numbers, when the cause is present.
    std::int64_t requested_bytes = 0;
    std::int64_t remaining_bytes = 0;
    // ContainerMemoryExceeded: YARN's figures (bytes as YARN prints them, rounded to one decimal).
    std::int64_t beyond_bytes = 0;
    std::int64_t usage_bytes = 0;
    std::int64_t limit_bytes = 0;
    // Pods: the terminated state and the container.
    std::int32_t exit_code = 0;
    std::string reason;
    std::string container;
    std::string message;  // IllegalConfiguration: the exception's message
};

// A Kubernetes pod's main container as the evidence shows it.
struct PodFacts {
    std::string name;
    std::string container;
    std::string image;
    std::map<std::string, std::string, std::less<>> env;
    std::optional<std::string> memory_limit;  // as written ("1728Mi")
};

// One input's reading.
struct EvidenceFile {
    std::string name;  // the path, or "-" for stdin
    enum class Format { Log, Pod } format = Format::Log;
    bool recognised = false;  // at least one event
    std::vector<Event> events;
    // "Loading configuration property: key, value" lines: the configuration the process read.
    Configuration logged_config;
    std::int32_t logged_config_lines = 0;
    std::optional<FlinkVersion> flink_version;  // " Starting <component> (Version: x.y.z, ..."
    Source flink_version_source;
    Component process = Component::Configuration;  // from the start-up banner
    std::string started_as;  // the banner's component name ("YARN TaskExecutor runner", ...)
    std::int32_t job_submissions =
        0;  // "Received JobGraph submission" / "Add job ... for job leader monitoring."
    std::optional<PodFacts> pod;
};

// Reads one input: a pod document (JSON or YAML whose kind is Pod, or a List of pods) or a log.
// Throws flinkmem::Error (UnsupportedInput) for a pod document it cannot parse; a log is never
// rejected, it may simply hold nothing recognised.
EvidenceFile read_evidence(std::string_view text, const std::string& name);

// The log reader alone (also for pasted stack traces).
EvidenceFile read_log(std::string_view text, const std::string& name);
// The pod reader alone.
EvidenceFile read_pod(std::string_view text, const std::string& name);

// YARN's TraditionalBinaryPrefix.long2String text ("1.9 G", "512 M", "300") as bytes.
std::optional<std::int64_t> parse_yarn_size(std::string_view text);

}  // namespace flinkmem::doctor
