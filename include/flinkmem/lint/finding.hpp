// A finding of `validate`: one thing about one configuration, with the rule that found it, where
// it is (file:line of the key that causes it) and what to do about it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/component.hpp"
#include "flinkmem/error.hpp"

namespace flinkmem {

// Ordered: a --fail-on threshold compares with >=.
enum class Severity { Note, Warning, Error };

// "note", "warning", "error".
const char* to_string(Severity severity);
// The inverse of to_string; empty for anything else.
std::optional<Severity> parse_severity(std::string_view text);

struct Finding {
    std::string rule_id;  // "FM101"
    Severity severity = Severity::Warning;
    std::string message;   // for Flink's errors: exactly Flink's exception message
    std::string hint;      // what to change; may be empty
    Source location;       // File kind with line 0: the file as a whole
    std::string document;  // Document::name
    std::string key;       // the key set on the finding's line, if any (SARIF fingerprints it)
    Component component = Component::Configuration;

    // Flink's errors only: the Java class and the cause chain, outermost first.
    std::string java_class;
    std::vector<JavaThrowable> causes;
};

}  // namespace flinkmem
