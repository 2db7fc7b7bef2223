// `flinkmem doctor`: from recognised failure events to diagnoses (which memory component ran out,
// its configured size and how Flink derived it) and to one proposal that is proven before anyone
// reads it: the changed configuration is resolved through resolve() under the same release (and
// the job simulated when it is known), and every diagnosed component is checked to have grown.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/deployment.hpp"
#include "flinkmem/doctor/evidence.hpp"
#include "flinkmem/doctor/proposal.hpp"
#include "flinkmem/memory_size.hpp"
#include "flinkmem/sim/job.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::doctor {

// Where the configuration the diagnoses are measured against came from.
enum class ConfigOrigin {
    Given,     // --conf / --conf-dir / -D
    Log,       // the log's "Loading configuration property: key, value" lines
    Defaults,  // the configuration file the release's distribution ships
};

struct DoctorRequest {
    std::vector<EvidenceFile> evidence;
    std::optional<Configuration> config;  // --conf/-D; absent: from the log, else the release's defaults
    std::string config_name;              // how the given configuration is named in the report
    bool operator_deployment = false;     // the configuration is a FlinkDeployment (env goes in the pod spec)
    std::optional<FlinkVersion> flink_version;  // --flink-version; otherwise the log's, else the default
    std::optional<Target> target;               // --target; otherwise what the evidence shows
    std::optional<sim::JobGraph> job;           // the job, when known: the network need is exact
    double headroom = 0.25;                     // growth of an exhausted component (at least 64 MiB)
};

struct Diagnosis {
    EventKind kind = EventKind::HeapOutOfMemory;
    std::string kind_name;  // "heap", ..., and "class-loading-leak", "undetermined"
    Component process = Component::TaskManager;
    std::vector<Source> evidence;  // every occurrence, first one first
    std::string evidence_text;     // the first occurrence's line
    // The memory component that ran out: "jvm_heap", "jvm_direct", "jvm_metaspace", "network",
    // "managed", "batch_shuffle_read", "native" (outside every JVM limit), "" when none is known.
    std::string component;
    std::optional<MemorySize> configured;  // its size under the configuration
    std::string derivation;                // how Flink derived that size
    std::optional<MemorySize> need;        // what the remedy gives it
    std::string need_basis;                // how `need` was computed (a lower bound, exact, headroom)
    std::string explanation;               // what happened and what the troubleshooting guide says
    std::string remedy;                    // the remedy in words, with the keys
    bool fixable = true;                   // false: no configuration change fixes it
    bool determined = true;                // false: the cause cannot be told from the evidence
    std::string blocked;                   // why no size could be proposed (the process does not resolve)
};

struct DoctorReport {
    const Release* release = nullptr;
    std::string release_line;  // "Flink 1.20 (from the log's start-up banner, x.log:3)"
    ConfigOrigin origin = ConfigOrigin::Defaults;
    std::string
        origin_text;  // "--conf conf/config.yaml", "12 'Loading configuration property' lines of tm.log", ...
    Configuration config;
    Target target = Target::Standalone;
    std::vector<Diagnosis> diagnoses;
    std::vector<std::string> unrecognised;  // inputs of which nothing was recognised
    std::optional<Proposal> proposal;
    std::vector<std::string> notes;

    bool anything_recognised() const { return !diagnoses.empty(); }
    bool unfixable() const;  // a diagnosis no configuration change fixes
    bool blocked() const;    // a diagnosis whose process does not resolve, so nothing could be sized
};

// Never throws for what the evidence says; throws flinkmem::Error (UnsupportedInput) for an
// unknown --flink-version.
DoctorReport diagnose(const DoctorRequest& request);

}  // namespace flinkmem::doctor
