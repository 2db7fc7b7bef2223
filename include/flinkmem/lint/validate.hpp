// The lint engine behind `flinkmem validate`: takes the Documents the readers produce,
// decides which components each one sizes, resolves those with Flink's rules, and runs every
// rule of the table. Returns findings; never prints, never throws for a bad configuration.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "flinkmem/flink_version.hpp"
#include "flinkmem/lint/finding.hpp"
#include "flinkmem/readers/document.hpp"

namespace flinkmem {

// What validate concluded about one process of one configuration.
struct ComponentVerdict {
    enum class State {
        Resolved,       // Flink accepts it
        Rejected,       // Flink throws: a FM100 finding carries its error
        NotConfigured,  // the configuration does not size it (reason says why)
    };
    Component component = Component::TaskManager;
    State state = State::NotConfigured;
    std::string reason;  // NotConfigured: why; Resolved: the total process size, e.g. "1.688gb"
    std::optional<std::int64_t> total_process_bytes;  // Resolved: Total Process Memory
};

// "resolved", "rejected", "not-configured".
const char* to_string(ComponentVerdict::State state);

// Which rules are switched off, and where: everywhere (--disable, .flinkmem.yaml) or on one line
// of one file (`# flinkmem: ignore[FM105]`).
struct Suppressions {
    std::set<std::string, std::less<>> disabled;
    // path -> line -> rule IDs ignored on that line; an empty set ignores every rule there.
    std::map<std::string, std::map<int, std::set<std::string, std::less<>>>, std::less<>> inline_ignores;

    bool suppresses(const Finding& finding) const;
};

struct ValidateOptions {
    Suppressions suppressions;
    // --flink-version: the release to check every document for, over the one it names.
    std::optional<FlinkVersion> flink_version;
};

// The result for one Document (or for an input that could not be read at all).
struct ConfigurationResult {
    std::string name;  // Document::name, or the path
    std::string path;
    std::optional<InputFormat> format;          // empty when the input could not be read
    std::optional<FlinkVersion> flink_version;  // the release it was checked under; empty when unreadable
    bool flink_version_named = false;           // named by the document (else the default or --flink-version)
    std::vector<ComponentVerdict> components;   // TaskManager, then JobManager
    std::vector<Finding> findings;              // in file order, suppressed ones removed
    bool unreadable = false;                    // the input itself is bad (exit code 2)
};

// Validates one configuration.
ConfigurationResult validate_document(const Document& document, const ValidateOptions& options);

// An input that yields no configuration at all (unreadable file, invalid YAML): one error
// finding (FM001) for the whole file, so that it shows in every report format.
ConfigurationResult unreadable_input(const std::string& path, const std::string& message, int line = 0);

// A Helm, Jinja or Go template (discover() said so): not read, one note (FM003) at the line of its
// first expression saying to render it first. Never an error: charts live in the same repositories.
ConfigurationResult template_input(const std::string& path, int line);

// Counts over results, for summaries and exit codes.
struct ValidateSummary {
    int configurations = 0;
    int errors = 0;
    int warnings = 0;
    int notes = 0;
    bool any_unreadable = false;
    // The most severe finding, if any.
    std::optional<Severity> worst;
};
ValidateSummary summarize(const std::vector<ConfigurationResult>& results);

}  // namespace flinkmem
