// Every place a Flink configuration lives, read from text: the format is detected by content
// (or forced), and a file holding several configurations yields one Document each, named
// "path#<document>/<name>" (never a merge). A file in no supported format gets one Error saying
// which formats were tried.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flinkmem/flink_version.hpp"
#include "flinkmem/readers/document.hpp"

namespace flinkmem {

struct ReadOptions {
    std::optional<InputFormat> format;  // forced; otherwise detected by content
    // The Flink version of a Docker image without a version tag ("flink:latest"), whose default
    // configuration FLINK_PROPERTIES is applied over.
    FlinkVersion image_default_version = kDefaultFlinkVersion;
};

// The names of to_string(InputFormat): "flink-conf", "config-yaml", "flinkdeployment",
// "flinksessionjob", "configmap", "compose".
std::optional<InputFormat> parse_input_format(std::string_view name);

// Detection: invalid YAML is read as a legacy flink-conf.yaml when it has "key: value" lines
// (the legacy parser tolerates it), else rejected. Valid YAML with apiVersion/kind is a
// Kubernetes manifest stream (FlinkDeployment, FlinkSessionJob, ConfigMap, inside a Template or
// List too; other kinds are skipped); a mapping with "services" is Docker Compose; a mapping
// with nested values is a config.yaml; a flat mapping is a flink-conf.yaml unless the file is
// named config.yaml (both parsers read flat files alike, apart from quotes and null values).
std::vector<Document> read_configurations(std::string_view text, const std::string& path,
                                          const ReadOptions& options = {});

// The release line of an official image reference: "flink:1.19", "apache/flink:1.17.1-java11"
// give 1.19 and 1.17; other repositories, "latest" or no tag give nothing.
std::optional<FlinkVersion> flink_version_of_image(std::string_view image);

}  // namespace flinkmem
