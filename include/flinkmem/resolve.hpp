// The one entry point of the resolver. A document (as a reader returns it, or built from -D
// entries or a batch line), the Flink release and the processes asked for go in; out comes, for
// each process, what Flink derives it from on the document's deployment and its breakdown, JVM
// flags and dynamic configs, or Flink's own error. Release selection, component choice, the
// deployment target, the legacy heap and CPU mappings of the active resource managers and
// "this release has no JobManager model" are decided here and nowhere else: every command
// (resolve, batch, validate, simulate, diff, init, doctor, tune) consumes a Resolution.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "flinkmem/component.hpp"
#include "flinkmem/config/configuration.hpp"
#include "flinkmem/deployment.hpp"
#include "flinkmem/model/jobmanager.hpp"
#include "flinkmem/model/taskmanager.hpp"
#include "flinkmem/outcome.hpp"
#include "flinkmem/readers/document.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem {

enum class ComponentChoice {
    Auto,        // the processes the document sizes; both when it sizes neither (resolve, diff)
    Configured,  // only the processes the document sizes (validate)
    TaskManager,
    JobManager,
    Both,
};

struct TaskManagerResult {
    TaskManagerMemory memory;
    std::string jvm_parameters;   // BashJavaUtils' first result line
    std::string dynamic_configs;  // its second result line
};

struct JobManagerResult {
    JobManagerMemory memory;
    std::string jvm_parameters;
    std::optional<std::string> dynamic_configs;  // none before Flink 1.12
};

struct ResolveRequest {
    const Document& document;
    std::optional<FlinkVersion> flink_version{};  // --flink-version: overrides the version the document names
    ComponentChoice components = ComponentChoice::Auto;
    std::optional<Target> target{};  // --target: overrides the deployment the document implies
};

// Why the release is the one it is.
enum class ReleaseChoice { Requested, Document, Default };

// One process of a Resolution.
struct ProcessSizing {
    bool sized = false;            // the document sizes it (an entry-point key, spec.*.resource.memory)
    std::string not_sized_reason;  // when not: why, in words
};

struct Resolution {
    // The request cannot be answered at all: the document names a Flink release flinkmem does not
    // know (UnsupportedInput, with the known releases). Nothing else is set then.
    std::optional<Error> error;

    const Release* release = nullptr;
    ReleaseChoice release_choice = ReleaseChoice::Default;
    Deployment deployment = Deployment::Standalone;
    Source deployment_source;  // the execution.target line, the FlinkDeployment, or default
    Target target = Target::Standalone;
    // What Flink derives the processes from on that target: the document's configuration with the
    // legacy heap keys and the TaskManager's CPU mapped as the target's code path maps them. On
    // the standalone target it is the document's own configuration (not a copy: the document
    // must outlive the Resolution).
    std::shared_ptr<const Configuration> effective;

    ProcessSizing task_manager_sizing;
    ProcessSizing job_manager_sizing;
    std::optional<Outcome<TaskManagerResult>> task_manager;  // absent: not asked for
    std::optional<Outcome<JobManagerResult>> job_manager;    // absent: not asked for, or no JobManager model
    // Why a process asked for was left out, e.g. Flink 1.10 has no JobManager memory model.
    std::vector<std::string> notes;

    // No request error, and every process that was resolved succeeded.
    bool ok() const;
    // "Flink 1.20 rules (the default; --flink-version picks another)" and its variants.
    std::string release_line() const;
};

Resolution resolve(const ResolveRequest& request);

// The release a request runs on: the requested one, else the one the document names, else the
// default. An unknown version is an UnsupportedInput error naming the known releases.
Outcome<const Release*> select_release(std::optional<FlinkVersion> requested, const Document& document,
                                       ReleaseChoice* choice = nullptr);

}  // namespace flinkmem
