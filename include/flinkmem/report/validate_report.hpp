// The reports of `flinkmem validate`: functions of the results onto a stream. No CLI code here;
// the command line picks one and decides about colour (a terminal, NO_COLOR).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "flinkmem/lint/validate.hpp"

namespace flinkmem::report {

struct ValidateReportOptions {
    std::string tool_version = "0.1.0";
    bool colour = false;                            // text: ANSI colours
    Severity fail_on = Severity::Error;             // junit: what makes a test case fail
    std::string timestamp = "1970-01-01T00:00:00";  // junit: when it ran (local time, no zone)
    // sarif: where relative paths were given from and the repository root (%SRCROOT%), both
    // absolute. Files under the root get URIs relative to it, others absolute file:// URIs.
    // Empty: relative paths are taken as relative to the root, and the root is not written.
    std::string working_directory;
    std::string source_root;
};

// Compiler style: `path:line:1: severity: message [FM101]`, an indented hint, then a summary.
void write_validate_text(std::ostream& out, const std::vector<ConfigurationResult>& results,
                         const ValidateReportOptions& options);

// One JSON document; schema in docs/validate.md and docs/validate.schema.json.
void write_validate_json(std::ostream& out, const std::vector<ConfigurationResult>& results,
                         const ValidateReportOptions& options);

// SARIF 2.1.0: one run, tool.driver.rules with every rule, results with physical locations under
// %SRCROOT% and partialFingerprints that survive moved lines.
void write_sarif(std::ostream& out, const std::vector<ConfigurationResult>& results,
                 const ValidateReportOptions& options);

// JUnit XML: a test suite per configuration, a test case per component (taskmanager, jobmanager)
// and one for the configuration as a whole; failures carry the findings at or above fail_on.
void write_junit(std::ostream& out, const std::vector<ConfigurationResult>& results,
                 const ValidateReportOptions& options);

// GitHub Actions workflow commands: `::error file=…,line=…,title=…::message`.
void write_github(std::ostream& out, const std::vector<ConfigurationResult>& results,
                  const ValidateReportOptions& options);

}  // namespace flinkmem::report
