// The job a document describes (sim::document_job) planned by sim::simulate: the one path that
// validate's FM119 and `flinkmem simulate` share.
#include <doctest/doctest.h>

#include "flinkmem/resolve.hpp"
#include "flinkmem/sim/document_job.hpp"
#include "flinkmem/sim/simulate.hpp"
#include "support.hpp"

using namespace flinkmem;
using namespace flinkmem::sim;

namespace {

Document document_of(std::initializer_list<std::pair<const char*, const char*>> entries) {
    return Document::of(test::config_of(entries));
}

}  // namespace

TEST_SUITE("sim_document_job") {
    TEST_CASE("parallelism.default 400 on 1728m with 4 slots: 4776 buffers, Flink fails") {
        const Document document = document_of({{"taskmanager.memory.process.size", "1728m"},
                                               {"taskmanager.numberOfTaskSlots", "4"},
                                               {"parallelism.default", "400"}});
        const Resolution resolution =
            resolve({document, std::nullopt, ComponentChoice::TaskManager, std::nullopt});
        const DocumentJobGraph described = document_job(document, *resolution.release, {}, 4);
        CHECK(described.parallelism_from_document);
        REQUIRE(described.job.vertices.size() == 2);
        CHECK(described.job.vertices[0].parallelism == 400);
        SimulationRequest request;
        request.resolution = &resolution;
        request.job = described.job;
        request.exercise = false;
        request.advise = false;
        const SimulationReport report = simulate(request);
        CHECK_FALSE(report.ok);
        REQUIRE(report.error);
        CHECK(report.error->is(ErrorClass::IOException));
        CHECK(report.plan.network.required_buffers == 4776);
    }

    TEST_CASE("runtime mode and overrides") {
        const Document document = document_of({{"taskmanager.numberOfTaskSlots", "4"},
                                               {"parallelism.default", "12"},
                                               {"execution.runtime-mode", "batch"}});
        const Release& release = default_release();
        const DocumentJobGraph batch = document_job(document, release, {}, 4);
        CHECK(batch.job.mode == JobMode::Batch);
        CHECK(batch.job.vertices[0].parallelism == 12);
        const DocumentJobGraph overridden = document_job(document, release, {7, JobMode::Streaming}, 4);
        CHECK(overridden.job.mode == JobMode::Streaming);
        CHECK(overridden.job.vertices[0].parallelism == 7);
        CHECK_FALSE(overridden.parallelism_from_document);
        const DocumentJobGraph none =
            document_job(document_of({{"taskmanager.numberOfTaskSlots", "4"}}), release, {}, 4);
        CHECK(none.job.vertices[0].parallelism == 4);
        CHECK_FALSE(none.parallelism_from_document);
        const DocumentJobGraph bad =
            document_job(document_of({{"parallelism.default", "many"}}), release, {}, 4);
        CHECK(bad.error);
    }
}

TEST_SUITE("sim_document_job") {
    TEST_CASE("a failed exercise fails the simulation (exit 1); a failed plan skips the exercise") {
        const Document document =
            document_of({{"taskmanager.memory.process.size", "1g"}, {"taskmanager.numberOfTaskSlots", "2"}});
        const Resolution resolution =
            resolve({document, std::nullopt, ComponentChoice::TaskManager, std::nullopt});
        SimulationRequest request;
        request.resolution = &resolution;
        request.job = keyby_job(2, JobMode::Streaming);
        request.advise = false;
        request.exercise_options.memory_budget = 64LL << 20;
        const SimulationReport good = simulate(request);
        CHECK(good.ok);
        REQUIRE(good.exercise);
        request.exercise_options.fault = ExerciseFault::CorruptManagedPage;
        const SimulationReport bad = simulate(request);
        CHECK_FALSE(bad.ok);
        REQUIRE(bad.error);
        CHECK(bad.error->message().starts_with("exercise failed: "));

        request.exercise_options.fault = ExerciseFault::None;
        request.job = keyby_job(64, JobMode::Streaming);  // 64 on 2 slots per TaskManager: fits,
        request.task_managers = 1;                        // but one TaskManager is too few
        const SimulationReport failed_plan = simulate(request);
        CHECK_FALSE(failed_plan.ok);
        CHECK_FALSE(failed_plan.exercise);
        CHECK(failed_plan.exercise_skipped == "not run, because the plan already fails");
    }
}
