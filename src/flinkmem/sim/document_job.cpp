#include "flinkmem/sim/document_job.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace flinkmem::sim {

DocumentJobGraph document_job(const Document& document, const Release& release, const JobOverrides& overrides,
                              std::int32_t slots) {
    DocumentJobGraph result;
    const DocumentJob described = job_of(document, release);
    JobMode mode = JobMode::Streaming;
    std::vector<std::string> notes;
    if (overrides.mode) {
        mode = *overrides.mode;
    } else if (described.runtime_mode) {
        if (*described.runtime_mode == "BATCH") mode = JobMode::Batch;
        if (*described.runtime_mode == "AUTOMATIC") {
            notes.push_back(
                fmt::format("{}: execution.runtime-mode AUTOMATIC: the keyBy job's source is taken as "
                            "unbounded (streaming)",
                            described.runtime_mode_source.describe()));
        }
    }
    std::int32_t parallelism = slots;
    if (overrides.parallelism) {
        parallelism = *overrides.parallelism;
    } else if (described.parallelism_error) {
        result.error = described.parallelism_error;
    } else if (described.parallelism && *described.parallelism >= 1) {
        parallelism = *described.parallelism;
        result.parallelism_from_document = true;
        result.parallelism_source = described.parallelism_source;
    } else {
        notes.push_back(fmt::format(
            "no parallelism.default: the keyBy job is as wide as one TaskManager's slots ({})", slots));
    }
    result.job = keyby_job(std::max(1, parallelism), mode);
    if (mode == JobMode::Batch && !overrides.parallelism) {
        // The job sets no parallelism of its own (parallelism.default is the environment's): under
        // the AdaptiveBatchScheduler Flink decides it (simulate() does, adaptive_parallelism.hpp).
        for (JobVertex& vertex : result.job.vertices) vertex.parallelism_open = true;
        result.job.name = "source -> keyBy -> sink, parallelism left to Flink";
    }
    if (result.parallelism_from_document) {
        result.job.name += fmt::format(" (parallelism.default, {})", result.parallelism_source.describe());
    }
    result.job.notes.insert(result.job.notes.end(), notes.begin(), notes.end());
    return result;
}

}  // namespace flinkmem::sim
