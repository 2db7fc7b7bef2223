// `--output yaml`: the same document as `--output json` (warnings, then per component: ok,
// memory in bytes, jvm_params, dynamic_configs, derivation, container; or the error), as YAML.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "flinkmem/deploy/container.hpp"
#include "flinkmem/deploy/process.hpp"
#include "flinkmem/error.hpp"
#include "flinkmem/resolve.hpp"

namespace flinkmem::report {

struct ProcessReport {
    Component component = Component::TaskManager;
    std::optional<deploy::ResolvedProcess> process;  // set when Flink accepts the configuration
    std::optional<Error> error;                      // set when it does not
    std::optional<deploy::Container> container;      // on kubernetes and yarn
};

// The processes a Resolution answered, each with its container on Kubernetes and YARN.
std::vector<ProcessReport> process_reports(const Resolution& resolution);

// Every derived size under its JSON name with the rule that produced it, in breakdown order.
std::vector<std::pair<std::string, std::string>> derivations(const deploy::ResolvedProcess& process);

// The `resolve -o yaml` document: flink_version, deployment, target, warnings, notes and each process.
void write_yaml(std::ostream& out, const Resolution& resolution, const std::vector<ProcessReport>& reports,
                const std::vector<std::string>& warnings, std::string_view document = {});

// A YAML double-quoted scalar (also a valid JSON string).
std::string yaml_quote(std::string_view text);

}  // namespace flinkmem::report
