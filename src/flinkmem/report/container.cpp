#include "flinkmem/report/container.hpp"

#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"

namespace flinkmem::report {

void write_container_json(JsonWriter& json, const deploy::Container& container) {
    json.begin_object()
        .field("target", deploy::name_of(container.target))
        .field("process_budget", container.process_budget.bytes());
    if (const auto& k8s = container.kubernetes) {
        json.field("memory_request_mib", static_cast<std::int64_t>(k8s->memory_request_mib))
            .field("memory_limit_mib", static_cast<std::int64_t>(k8s->memory_limit_mib))
            .field("memory_limit_factor", k8s->memory_limit_factor)
            .field("cpu_request", k8s->cpu_request_quantity)
            .field("cpu_limit", k8s->cpu_limit_quantity)
            .field("cpu_limit_factor", k8s->cpu_limit_factor);
    }
    if (const auto& yarn = container.yarn) {
        json.field("memory_mib", static_cast<std::int64_t>(yarn->memory_mib));
        if (yarn->minimum_allocation_mb) {
            json.field("minimum_allocation_mb", static_cast<std::int64_t>(*yarn->minimum_allocation_mb));
        }
        json.field("allocated_mib", static_cast<std::int64_t>(yarn->allocated_mib))
            .field("vcores", static_cast<std::int64_t>(yarn->vcores));
    }
    json.key("warnings").begin_array();
    for (const auto& warning : container.warnings) json.value(warning);
    json.end_array().key("notes").begin_array();
    for (const auto& note : container.notes) json.value(note);
    json.end_array().end_object();
}

void write_container_text(std::ostream& out, const deploy::Container& container) {
    if (const auto& k8s = container.kubernetes) {
        out << "Kubernetes pod resources:\n";
        out << fmt::format("  memory request:   {}Mi\n", k8s->memory_request_mib);
        out << fmt::format("  memory limit:     {}Mi (x {} limit-factor)\n", k8s->memory_limit_mib,
                           java::to_string(k8s->memory_limit_factor));
        out << fmt::format("  cpu request:      {}\n", k8s->cpu_request_quantity);
        out << fmt::format("  cpu limit:        {} (x {} limit-factor)\n", k8s->cpu_limit_quantity,
                           java::to_string(k8s->cpu_limit_factor));
    }
    if (const auto& yarn = container.yarn) {
        out << "YARN container:\n";
        out << fmt::format("  memory requested: {} MiB\n", yarn->memory_mib);
        if (yarn->minimum_allocation_mb) {
            out << fmt::format(
                "  memory allocated: {} MiB (multiple of yarn.scheduler.minimum-allocation-mb = {})\n",
                yarn->allocated_mib, *yarn->minimum_allocation_mb);
        }
        out << fmt::format("  vcores:           {}\n", yarn->vcores);
    }
    out << fmt::format("  Flink's budget:   {}\n", container.process_budget.to_human_readable_string());
    for (const auto& warning : container.warnings) out << "  WARNING: " << warning << '\n';
    for (const auto& note : container.notes) out << "  note: " << note << '\n';
}

}  // namespace flinkmem::report
