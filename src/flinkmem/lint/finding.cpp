#include "flinkmem/lint/finding.hpp"

namespace flinkmem {

const char* to_string(Severity severity) {
    switch (severity) {
        case Severity::Note: return "note";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "error";
}

std::optional<Severity> parse_severity(std::string_view text) {
    if (text == "note") return Severity::Note;
    if (text == "warning") return Severity::Warning;
    if (text == "error") return Severity::Error;
    return std::nullopt;
}

const char* to_string(Component component) {
    switch (component) {
        case Component::Configuration: return "configuration";
        case Component::TaskManager: return "taskmanager";
        case Component::JobManager: return "jobmanager";
    }
    return "configuration";
}

}  // namespace flinkmem
