#include "flinkmem/report/container.hpp"

#include <fmt/format.h>

#include "flinkmem/java/numbers.hpp"

namespace flinkmem::report {

void write_container_text(std::ostream& out, const deploy::Container& container) {
    if (const auto& k8s = container.kubernetes) {
        out << "Kubernetes pod resources:\n";
        out << fmt::format("  memory request:   {}Mi\n", k8s->memory_request_mib);
        out << fmt::format("  memory limit:     {}Mi (x {} limit-factor)\n", k8s->memory_limit_mib,
                           java::to_string(k8s->memory_limit_factor));
        out << fmt::format("  cpu request:      {}\n", k8s->cpu_request_quantity);
        out << fmt::format("  cpu limit:        {} (x {} limit-factor)\n", k8s->cpu_limit_quantity, java::to_string(k8s->cpu_limit_factor));
    }
    if (const auto& yarn = container.yarn) {
        out << "YARN container:\n";
        out << fmt::format("  memory requested: {} MiB\n", yarn->memory_mib);
        if (yarn->minimum_allocation_mb) {
            out << fmt::format("  memory allocated: {} MiB (multiple of yarn.scheduler.minimum-allocation-mb = {})\n",
                               yarn->allocated_mib, *yarn->minimum_allocation_mb);
        }
        out << fmt::format("  vcores:           {}\n", yarn->vcores);
    }
    out << fmt::format("  Flink's budget:   {}\n", container.process_budget.to_human_readable_string());
    for (const auto& warning : container.warnings) out << "  WARNING: " << warning << '\n';
    for (const auto& note : container.notes) out << "  note: " << note << '\n';
}

}  // namespace flinkmem::report
