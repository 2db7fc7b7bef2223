// What the reader noticed while reading (ReadNotes): FM002, FM103-FM106.
#include <fmt/format.h>

#include "rule_context.hpp"

namespace flinkmem::lint {

namespace {

Component component_of_key(std::string_view key) {
    if (key.starts_with("taskmanager.")) return Component::TaskManager;
    if (key.starts_with("jobmanager.")) return Component::JobManager;
    return Component::Configuration;
}

template <typename Build>
void for_notes(const RuleContext& context, ReadNote::Kind kind, Build build) {
    for (const ReadNote& note : context.document.notes) {
        if (note.kind == kind) build(note);
    }
}

}  // namespace

void check_input_notes(const RuleContext& context, Findings& findings) {
    for_notes(context, ReadNote::Kind::Other, [&](const ReadNote& note) {
        findings.push_back(
            context.finding("FM002", note.message, "", note.where, component_of_key(note.key)));
    });
}

void check_dropped_lines(const RuleContext& context, Findings& findings) {
    for_notes(context, ReadNote::Kind::DroppedLine, [&](const ReadNote& note) {
        const bool missing_space = note.message.find("missing space") != std::string::npos;
        findings.push_back(context.finding(
            "FM103", note.message,
            missing_space
                ? "Write 'key: value' with a space after the colon, or delete the line; Flink skips it."
                : "Give the key a value or delete the line; Flink skips it.",
            note.where, component_of_key(note.key)));
    });
}

void check_duplicate_keys(const RuleContext& context, Findings& findings) {
    // config.yaml is real YAML: Flink 1.19+ refuses duplicate keys instead of taking the last.
    const bool refused = context.document.format == InputFormat::ConfigYaml;
    for_notes(context, ReadNote::Kind::DuplicateKey, [&](const ReadNote& note) {
        Finding finding = context.finding(
            "FM104", note.message,
            refused
                ? "Flink's config.yaml parser rejects duplicate keys; keep one."
                : "Flink silently takes the last value; delete the other line so the file says what runs.",
            note.where, component_of_key(note.key));
        if (refused) finding.severity = Severity::Error;
        findings.push_back(std::move(finding));
    });
}

void check_quoted_values(const RuleContext& context, Findings& findings) {
    for_notes(context, ReadNote::Kind::QuotedValue, [&](const ReadNote& note) {
        findings.push_back(context.finding("FM105", note.message,
                                           "The legacy flink-conf.yaml parser keeps quotes, so Flink reads "
                                           "them as part of the value; drop them.",
                                           note.where, component_of_key(note.key)));
    });
}

void check_placeholders(const RuleContext& context, Findings& findings) {
    for_notes(context, ReadNote::Kind::Placeholder, [&](const ReadNote& note) {
        findings.push_back(context.finding("FM106", note.message,
                                           "Flink does not expand placeholders; validate the rendered file "
                                           "(after envsubst, helm template, sed).",
                                           note.where, component_of_key(note.key)));
    });
}

}  // namespace flinkmem::lint
