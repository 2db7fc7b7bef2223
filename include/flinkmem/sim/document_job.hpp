// The job a document describes, as the simulator deploys it when no job file is given: the
// source -> keyBy -> sink shortcut at the document's parallelism.default (a FlinkDeployment's
// spec.job.parallelism lands there), in its execution.runtime-mode; the batch edges then follow
// execution.batch-shuffle-mode (simulate() applies it). --parallelism and --mode override the
// document. validate's FM119 and `simulate` both take the job from here and plan it with
// simulate(), so one file gets one answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "flinkmem/error.hpp"
#include "flinkmem/readers/document.hpp"
#include "flinkmem/sim/job.hpp"
#include "flinkmem/versions/release.hpp"

namespace flinkmem::sim {

struct JobOverrides {
    std::optional<std::int32_t> parallelism;  // --parallelism
    std::optional<JobMode> mode;              // --mode
};

struct DocumentJobGraph {
    JobGraph job;
    bool parallelism_from_document = false;  // parallelism.default (or spec.job.parallelism) decided it
    Source parallelism_source;               // where, when it did
    // parallelism.default is not an integer: Flink fails the job's submission with this.
    std::optional<Error> error;
};

// Without a parallelism from either side the shortcut is as wide as one TaskManager's slots
// (`slots`), stated in the job's notes.
DocumentJobGraph document_job(const Document& document, const Release& release, const JobOverrides& overrides,
                              std::int32_t slots);

}  // namespace flinkmem::sim
