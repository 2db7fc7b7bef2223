#include "flinkmem/report/resolution.hpp"

#include "flinkmem/report/container.hpp"

#include <fmt/format.h>

namespace flinkmem::report {

namespace {

std::string human(MemorySize size) {
    return size.to_human_readable_string();
}

template <std::size_t N>
void write_derivations(std::ostream& out, const std::array<NamedPart, N>& parts) {
    out << "How each value was derived:\n";
    for (const NamedPart& part : parts)
        out << fmt::format("  {:<22} {}\n", part.label, describe(part.value->how));
}

const char* rule_name(Derivation::Rule rule) {
    switch (rule) {
        case Derivation::Rule::Configured:
            return "configured";
        case Derivation::Rule::Default:
            return "default";
        case Derivation::Rule::Fraction:
            return "fraction";
        case Derivation::Rule::InverseFraction:
            return "inverse_fraction";
        case Derivation::Rule::Remainder:
            return "remainder";
        case Derivation::Rule::Sum:
            return "sum";
        case Derivation::Rule::LegacyNetworkBuffers:
            return "legacy_network_buffers";
        case Derivation::Rule::LegacyHeap:
            return "legacy_heap";
    }
    return "unknown";
}

void write_derivation(JsonWriter& json, const Derivation& d) {
    json.begin_object().field("rule", rule_name(d.rule)).field("how", describe(d));
    if (!d.key.empty()) json.field("key", d.key);
    if (d.rule == Derivation::Rule::Configured || d.rule == Derivation::Rule::LegacyHeap) {
        json.field("value", d.value).field("source", d.source.describe());
    }
    if (d.is_clamped()) {
        json.field("clamp", d.clamp == Derivation::Clamp::CappedToMax ? "max" : "min")
            .field("unclamped", d.unclamped.bytes())
            .field("bound", d.bound.bytes());
    }
    json.end_object();
}

template <typename Memory>
void write_sizes(JsonWriter& json, const Memory& memory) {
    json.key("memory").begin_object();
    for (const auto& [name, size] : memory.named_sizes()) json.field(name, size.bytes());
    json.end_object();
}

template <typename Memory>
void write_derivation_fields(JsonWriter& json, const Memory& memory) {
    json.key("derivation").begin_object();
    for (const NamedPart& part : memory.parts()) {
        json.key(part.key);
        write_derivation(json, part.value->how);
    }
    json.end_object();
}

}  // namespace

void write_memory_block(std::ostream& out, const TaskManagerMemory& m, std::string_view prefix) {
    const auto line = [&](std::string_view label, MemorySize size) {
        out << prefix << label << human(size) << '\n';
    };
    out << prefix << "Final TaskExecutor Memory configuration:\n";
    line("  Total Process Memory:          ", m.total_process.size);
    line("    Total Flink Memory:          ", m.total_flink.size);
    line("      Total JVM Heap Memory:     ", m.jvm_heap());
    line("        Framework:               ", m.framework_heap.size);
    line("        Task:                    ", m.task_heap.size);
    line("      Total Off-heap Memory:     ", m.total_off_heap());
    line("        Managed:                 ", m.managed.size);
    line("        Total JVM Direct Memory: ", m.jvm_direct());
    line("          Framework:             ", m.framework_off_heap.size);
    line("          Task:                  ", m.task_off_heap.size);
    line("          Network:               ", m.network.size);
    line("    JVM Metaspace:               ", m.jvm_metaspace.size);
    line("    JVM Overhead:                ", m.jvm_overhead.size);
}

void write_memory_block(std::ostream& out, const JobManagerMemory& m, std::string_view prefix) {
    const auto line = [&](std::string_view label, MemorySize size) {
        out << prefix << label << human(size) << '\n';
    };
    out << prefix << "Final Master Memory configuration:\n";
    line("  Total Process Memory: ", m.total_process.size);
    line("    Total Flink Memory: ", m.total_flink.size);
    line("      JVM Heap:         ", m.jvm_heap.size);
    line("      Off-heap:         ", m.off_heap.size);
    line("    JVM Metaspace:      ", m.jvm_metaspace.size);
    line("    JVM Overhead:       ", m.jvm_overhead.size);
}

void write_text(std::ostream& out, const TaskManagerResult& result) {
    write_memory_block(out, result.memory);
    out << fmt::format("\nJVM parameters:  {}\nDynamic configs: {}\n\n", result.jvm_parameters,
                       result.dynamic_configs);
    write_derivations(out, result.memory.parts());
}

void write_text(std::ostream& out, const JobManagerResult& result) {
    write_memory_block(out, result.memory);
    out << fmt::format(
        "\nJVM parameters:  {}\nDynamic configs: {}\n\n", result.jvm_parameters,
        result.dynamic_configs.value_or("(none: the start script passes none before Flink 1.12)"));
    write_derivations(out, result.memory.parts());
}

void write_error_text(std::ostream& out, Component component, const Error& error) {
    out << fmt::format("flinkmem: error: {}: {}: {}\n", to_string(component), error.class_name(),
                       error.message());
    for (const auto& cause : error.causes()) {
        // Flink's wrappers often just prefix the cause's message; repeating it says nothing new.
        if (error.message().ends_with(cause.message)) continue;
        out << fmt::format("  caused by {}: {}\n", cause.class_name(), cause.message);
    }
    if (const auto& context = error.context()) {
        out << fmt::format("  at {}: {} = '{}'\n", context->source.describe(), context->key, context->value);
    }
    if (!error.hint().empty()) out << fmt::format("  hint: {}\n", error.hint());
}

void write_result_fields(JsonWriter& json, const TaskManagerResult& result, bool derivation) {
    write_sizes(json, result.memory);
    json.field("jvm_params", result.jvm_parameters).field("dynamic_configs", result.dynamic_configs);
    if (derivation) write_derivation_fields(json, result.memory);
}

void write_result_fields(JsonWriter& json, const JobManagerResult& result, bool derivation) {
    write_sizes(json, result.memory);
    json.field("jvm_params", result.jvm_parameters);
    if (result.dynamic_configs) json.field("dynamic_configs", *result.dynamic_configs);
    if (derivation) write_derivation_fields(json, result.memory);
}

void write_error_fields(JsonWriter& json, const Error& error) {
    json.field("error_class", error.class_name()).field("error_message", error.message());
    json.key("cause_message");
    if (error.causes().empty()) {
        json.null();
    } else {
        json.value(error.causes().front().message);
    }
    json.key("causes").begin_array();
    for (const auto& cause : error.causes()) {
        json.begin_object().field("class", cause.class_name()).field("message", cause.message).end_object();
    }
    json.end_array();
    if (!error.hint().empty()) json.field("hint", error.hint());
    if (const auto& context = error.context()) {
        json.field("key", context->key)
            .field("value", context->value)
            .field("source", context->source.describe());
    }
}

void write_json(std::ostream& out, const Resolution& resolution, const std::vector<ProcessReport>& reports,
                const std::vector<std::string>& warnings, std::string_view document) {
    std::string text;
    JsonWriter json(text, 2);
    json.begin_object();
    if (!document.empty()) json.field("document", document);
    json.field("flink_version", resolution.release->version().to_string());
    json.field("deployment", to_string(resolution.deployment)).field("target", to_string(resolution.target));
    json.key("warnings").begin_array();
    for (const auto& warning : warnings) json.value(warning);
    json.end_array();
    json.key("notes").begin_array();
    for (const auto& note : resolution.notes) json.value(note);
    json.end_array();
    for (const auto& entry : reports) {
        json.key(to_string(entry.component)).begin_object().field("ok", entry.process.has_value());
        if (entry.process) {
            const auto& p = *entry.process;
            if (const auto* tm = p.task_manager()) {
                write_result_fields(json, TaskManagerResult{*tm, p.jvm_parameters, p.dynamic_configs}, true);
            } else {
                const auto& jm = resolution.job_manager->value();
                write_result_fields(
                    json, JobManagerResult{*p.job_manager(), p.jvm_parameters, jm.dynamic_configs}, true);
            }
        } else {
            write_error_fields(json, *entry.error);
        }
        if (entry.container) {
            json.key("container");
            write_container_json(json, *entry.container);
        }
        json.end_object();
    }
    json.end_object();
    out << text << '\n';
}

}  // namespace flinkmem::report
