// Helpers shared by the unit tests.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "flinkmem/config/configuration.hpp"
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

inline TaskManagerResult task_manager(const Configuration& config, const Release& r = default_release()) {
    return value_of(resolve_task_manager(config, r));
}

inline JobManagerResult job_manager(const Configuration& config, const Release& r = default_release()) {
    return value_of(resolve_job_manager(config, r));
}

}  // namespace flinkmem::test
