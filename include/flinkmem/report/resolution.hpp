// Reports of a Resolution: the text a person reads and the JSON a script reads. Functions of an
// outcome onto a stream or a JsonWriter; they never decide exit codes or read anything.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "flinkmem/report/json_writer.hpp"
#include "flinkmem/report/yaml.hpp"
#include "flinkmem/resolve.hpp"

namespace flinkmem::report {

// Flink's own log block, "Final TaskExecutor Memory configuration:" / "Final Master Memory
// configuration:" (TaskExecutorProcessUtils / JobManagerProcessUtils), each line after `prefix`
// (BashJavaUtils' log prefix, or nothing).
void write_memory_block(std::ostream& out, const TaskManagerMemory& memory, std::string_view prefix = {});
void write_memory_block(std::ostream& out, const JobManagerMemory& memory, std::string_view prefix = {});

// Flink's "Final TaskExecutor Memory configuration:" / "Final Master Memory configuration:" block
// (what BashJavaUtils logs), then the JVM flags, the dynamic configs and how each value was
// derived.
void write_text(std::ostream& out, const TaskManagerResult& result);
void write_text(std::ostream& out, const JobManagerResult& result);

// "flinkmem: error: <component>: <class>: <message>", the causes that add something, the entry
// it is about ("at <source>: <key> = '<value>'") and the hint.
void write_error_text(std::ostream& out, Component component, const Error& error);

// The fields of a successful answer: "memory" (bytes per component), "jvm_params",
// "dynamic_configs" (when the release has them) and, with `derivation`, how each was derived.
void write_result_fields(JsonWriter& json, const TaskManagerResult& result, bool derivation);
void write_result_fields(JsonWriter& json, const JobManagerResult& result, bool derivation);
// The fields of a failure: "error_class", "error_message", "cause_message", "causes", and
// "hint", "key", "value", "source" when known.
void write_error_fields(JsonWriter& json, const Error& error);

// The whole `resolve -o json` document: {"document" (when named), "flink_version", "deployment",
// "target", "warnings", "notes", "taskmanager", "jobmanager"} — each process with "ok", its fields
// and, on Kubernetes and YARN, its "container" — indented by two.
void write_json(std::ostream& out, const Resolution& resolution, const std::vector<ProcessReport>& reports,
                const std::vector<std::string>& warnings, std::string_view document = {});

}  // namespace flinkmem::report
