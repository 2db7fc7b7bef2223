// Helpers shared by the lint tests: validate a flink-conf.yaml text, pick findings by rule.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/lint/inputs.hpp"
#include "flinkmem/lint/validate.hpp"
#include "flinkmem/readers/flink_conf_document.hpp"

namespace flinkmem::test {

inline ConfigurationResult validate_conf(std::string_view text, ValidateOptions options = {}) {
    collect_inline_ignores(text, "conf/flink-conf.yaml", options.suppressions);
    return validate_document(read_flink_conf(text, "conf/flink-conf.yaml"), options);
}

inline std::vector<Finding> findings_of(const ConfigurationResult& result, std::string_view rule_id) {
    std::vector<Finding> found;
    for (const auto& finding : result.findings) {
        if (finding.rule_id == rule_id) found.push_back(finding);
    }
    return found;
}

// "line: message" of each finding of one rule, for whole-message assertions.
inline std::vector<std::string> messages_of(const ConfigurationResult& result, std::string_view rule_id) {
    std::vector<std::string> messages;
    for (const auto& finding : findings_of(result, rule_id)) {
        messages.push_back(std::to_string(finding.location.line) + ": " + finding.message);
    }
    return messages;
}

// A FlinkDeployment document as the readers produce it: resource.memory is also written into the
// configuration as the process size (the operator's FlinkConfigBuilder.setResource).
inline Document deployment(std::optional<std::string> tm_memory,
                           std::optional<std::string> jm_memory = "1600m") {
    Document document;
    document.name = "k8s/deployment.yaml#1/basic";
    document.path = "k8s/deployment.yaml";
    document.format = InputFormat::FlinkDeployment;
    document.config.set("taskmanager.numberOfTaskSlots", "2", Source::in_file("k8s/deployment.yaml", 9));
    if (tm_memory) {
        DeploymentProcess tm;
        tm.memory = tm_memory;
        tm.where = Source::in_file("k8s/deployment.yaml", 20);
        document.task_manager = tm;
        document.config.set("taskmanager.memory.process.size", *tm_memory, tm.where);
    }
    if (jm_memory) {
        DeploymentProcess jm;
        jm.memory = jm_memory;
        jm.where = Source::in_file("k8s/deployment.yaml", 15);
        document.job_manager = jm;
        document.config.set("jobmanager.memory.process.size", *jm_memory, jm.where);
    }
    return document;
}

}  // namespace flinkmem::test
