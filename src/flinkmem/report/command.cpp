#include "flinkmem/report/command.hpp"

namespace flinkmem::report {

void write_command(std::ostream& out, const deploy::JavaCommand& command) {
    out << "# " << command.launcher << '\n';
    for (const auto& warning : command.warnings) out << "# WARNING: " << warning << '\n';
    for (const auto& note : command.notes) out << "# note: " << note << '\n';
    for (const auto& variable : command.environment) {
        const auto equals = variable.find('=');
        out << variable.substr(0, equals + 1) << deploy::shell_quote(variable.substr(equals + 1)) << ' ';
    }
    bool first = true;
    for (const auto& argument : command.arguments) {
        if (!first) out << ' ';
        // $JAVA_HOME stays an expansion, as in YARN's launch script.
        out << (argument.starts_with("$JAVA_HOME/") ? argument : deploy::shell_quote(argument));
        first = false;
    }
    if (!command.redirects.empty()) out << ' ' << command.redirects;
    out << '\n';
}

}  // namespace flinkmem::report
