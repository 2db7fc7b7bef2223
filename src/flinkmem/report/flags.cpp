#include "flinkmem/report/flags.hpp"

namespace flinkmem::report {

void write_flags(std::ostream& out, const deploy::ResolvedProcess& process) {
    out << process.jvm_parameters << '\n';
}

void write_dynamic(std::ostream& out, const deploy::ResolvedProcess& process) {
    out << process.dynamic_configs << '\n';
}

}  // namespace flinkmem::report
