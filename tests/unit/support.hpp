// Helpers shared by the unit tests.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "flinkmem/config/configuration.hpp"
#include "flinkmem/deploy/process.hpp"
#include "flinkmem/resolve.hpp"

namespace flinkmem::test {

inline Configuration config_of(std::initializer_list<std::pair<const char*, const char*>> entries) {
    Configuration config;
    for (const auto& [key, value] : entries) config.set(key, value, Source::dynamic_property());
    return config;
}

inline const Release& release(const char* version) {
    const Release* found = find_release(*FlinkVersion::parse(version));
    REQUIRE(found != nullptr);
    return *found;
}

// "ok", or "<class>: <message>" of the error Flink reports.
template <typename Result>
std::string describe_outcome(const Outcome<Result>& outcome) {
    if (outcome.ok()) return "ok";
    return std::string(outcome.error().class_name()) + ": " + outcome.error().message();
}

// The result of a configuration Flink accepts; a rejection fails the test with Flink's message.
template <typename Result>
Result value_of(const Outcome<Result>& outcome) {
    if (!outcome.ok()) FAIL("unexpected rejection: " << describe_outcome(outcome));
    return outcome.value();
}

// The error of a configuration Flink rejects.
template <typename Result>
Error error_of(const Outcome<Result>& outcome) {
    if (outcome.ok()) FAIL("expected a rejection");
    return outcome.error();
}

// One process through the one resolver, as the start scripts read the configuration.
inline Outcome<TaskManagerResult> task_manager_outcome(const Configuration& config,
                                                       const Release& r = default_release()) {
    const Document document = Document::of(config);
    return *resolve({document, r.version(), ComponentChoice::TaskManager, Target::Standalone}).task_manager;
}

inline Outcome<JobManagerResult> job_manager_outcome(const Configuration& config,
                                                     const Release& r = default_release()) {
    const Document document = Document::of(config);
    return *resolve({document, r.version(), ComponentChoice::JobManager, Target::Standalone}).job_manager;
}

// One process as `target` starts it (the containerized legacy-heap and CPU mappings included).
inline deploy::ResolvedProcess process(const Configuration& config, Component component,
                                       Target target = Target::Standalone,
                                       FlinkVersion version = kDefaultFlinkVersion) {
    const Document document = Document::of(config);
    const Resolution resolution = resolve(
        {document, version,
         component == Component::TaskManager ? ComponentChoice::TaskManager : ComponentChoice::JobManager,
         target});
    const auto outcome = deploy::process_of(resolution, component);
    if (!outcome)
        throw Error::illegal_argument(resolution.notes.empty() ? "not resolved" : resolution.notes.front());
    if (!outcome->ok()) throw outcome->error();
    return outcome->value();
}

inline TaskManagerResult task_manager(const Configuration& config, const Release& r = default_release()) {
    return value_of(task_manager_outcome(config, r));
}

inline JobManagerResult job_manager(const Configuration& config, const Release& r = default_release()) {
    return value_of(job_manager_outcome(config, r));
}

}  // namespace flinkmem::test
