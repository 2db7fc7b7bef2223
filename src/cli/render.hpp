// Turning resolved breakdowns and errors into text and JSON. Only the CLI prints.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "flinkmem/error.hpp"
#include "flinkmem/model/jobmanager.hpp"
#include "flinkmem/model/taskmanager.hpp"

namespace flinkmem::cli {

// Byte counts of every component, with the keys of the batch format.
nlohmann::ordered_json memory_json(const TaskManagerMemory& memory);
nlohmann::ordered_json memory_json(const JobManagerMemory& memory);

// How each component was derived, keyed like memory_json.
nlohmann::ordered_json derivation_json(const TaskManagerMemory& memory);
nlohmann::ordered_json derivation_json(const JobManagerMemory& memory);

// {"error_class", "error_message", "cause_message", "causes", "hint", "key", "value", "source"}.
nlohmann::ordered_json error_json(const Error& error);

// Flink's "Final TaskExecutor Memory configuration:" / "Final Master Memory configuration:"
// blocks, followed by the JVM flags, dynamic configs and how every value was derived.
std::string render_text(const TaskManagerMemory& memory);
std::string render_text(const JobManagerMemory& memory);

// "flinkmem: error: <class>: <message>" plus the entry, its source and the hint.
std::string render_error(const std::string& component, const Error& error);

}  // namespace flinkmem::cli
