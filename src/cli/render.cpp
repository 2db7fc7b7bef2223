#include "render.hpp"

#include <fmt/format.h>

#include "flinkmem/model/jvm_args.hpp"

namespace flinkmem::cli {

namespace {

using json = nlohmann::ordered_json;

std::string human(MemorySize size) { return size.to_human_readable_string(); }

struct Row {
    const char* key;
    const char* label;
    const Explained* value;
};

std::string derivation_text(const std::vector<Row>& rows) {
    std::string out = "How each value was derived:\n";
    for (const auto& row : rows) {
        out += fmt::format("  {:<22} {}\n", row.label, row.value->how);
    }
    return out;
}

std::vector<Row> rows(const TaskManagerMemory& m) {
    return {{"total_process", "Total Process Memory", &m.total_process},
            {"total_flink", "Total Flink Memory", &m.total_flink},
            {"framework_heap", "Framework Heap", &m.framework_heap},
            {"task_heap", "Task Heap", &m.task_heap},
            {"managed", "Managed", &m.managed},
            {"framework_off_heap", "Framework Off-Heap", &m.framework_off_heap},
            {"task_off_heap", "Task Off-Heap", &m.task_off_heap},
            {"network", "Network", &m.network},
            {"jvm_metaspace", "JVM Metaspace", &m.jvm_metaspace},
            {"jvm_overhead", "JVM Overhead", &m.jvm_overhead}};
}

std::vector<Row> rows(const JobManagerMemory& m) {
    return {{"total_process", "Total Process Memory", &m.total_process},
            {"total_flink", "Total Flink Memory", &m.total_flink},
            {"jvm_heap", "JVM Heap", &m.jvm_heap},
            {"off_heap", "Off-heap", &m.off_heap},
            {"jvm_metaspace", "JVM Metaspace", &m.jvm_metaspace},
            {"jvm_overhead", "JVM Overhead", &m.jvm_overhead}};
}

json derivations(const std::vector<Row>& rows) {
    json out = json::object();
    for (const auto& row : rows) out[row.key] = row.value->how;
    return out;
}

}  // namespace

template <typename Memory>
json sizes_json(const Memory& memory) {
    json out = json::object();
    for (const auto& [name, size] : memory.named_sizes()) out[std::string(name)] = size.bytes();
    return out;
}

json memory_json(const TaskManagerMemory& m) { return sizes_json(m); }

json memory_json(const JobManagerMemory& m) { return sizes_json(m); }

json derivation_json(const TaskManagerMemory& m) { return derivations(rows(m)); }

json derivation_json(const JobManagerMemory& m) { return derivations(rows(m)); }

json error_json(const Error& error) {
    json causes = json::array();
    for (const auto& cause : error.causes()) {
        causes.push_back({{"class", cause.class_name}, {"message", cause.message}});
    }
    json out{{"error_class", error.class_name()},
             {"error_message", error.message()},
             {"cause_message", error.causes().empty() ? json(nullptr) : json(error.causes()[0].message)},
             {"causes", std::move(causes)}};
    if (!error.hint().empty()) out["hint"] = error.hint();
    if (const auto& context = error.context()) {
        out["key"] = context->key;
        out["value"] = context->value;
        out["source"] = context->source.describe();
    }
    return out;
}

std::string render_text(const TaskManagerMemory& m) {
    std::string out = "Final TaskExecutor Memory configuration:\n";
    const auto line = [&out](std::string_view label, MemorySize size) {
        out += fmt::format("{}{}\n", label, human(size));
    };
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
    out += fmt::format("\nJVM parameters:  {}\nDynamic configs: {}\n\n", jvm_parameters(m),
                       dynamic_configs(m));
    return out + derivation_text(rows(m));
}

std::string render_text(const JobManagerMemory& m) {
    std::string out = "Final Master Memory configuration:\n";
    out += fmt::format("  Total Process Memory: {}\n", human(m.total_process.size));
    out += fmt::format("    Total Flink Memory: {}\n", human(m.total_flink.size));
    out += fmt::format("      JVM Heap:         {}\n", human(m.jvm_heap.size));
    out += fmt::format("      Off-heap:         {}\n", human(m.off_heap.size));
    out += fmt::format("    JVM Metaspace:      {}\n", human(m.jvm_metaspace.size));
    out += fmt::format("    JVM Overhead:       {}\n", human(m.jvm_overhead.size));
    out += fmt::format("\nJVM parameters:  {}\nDynamic configs: {}\n\n", jvm_parameters(m),
                       dynamic_configs(m));
    return out + derivation_text(rows(m));
}

std::string render_error(const std::string& component, const Error& error) {
    std::string out = fmt::format("flinkmem: error: {}: {}: {}\n", component, error.class_name(),
                                  error.message());
    for (const auto& cause : error.causes()) {
        // Flink's wrappers often just prefix the cause's message; repeating it says nothing new.
        if (error.message().ends_with(cause.message)) continue;
        out += fmt::format("  caused by {}: {}\n", cause.class_name, cause.message);
    }
    if (const auto& context = error.context()) {
        out += fmt::format("  at {}: {} = '{}'\n", context->source.describe(), context->key,
                           context->value);
    }
    if (!error.hint().empty()) out += fmt::format("  hint: {}\n", error.hint());
    return out;
}

}  // namespace flinkmem::cli
