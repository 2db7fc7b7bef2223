// Internal pieces shared by the readers: the two Flink file formats applied to text found inside
// another file (a ConfigMap entry, a FLINK_PROPERTIES block), with line numbers of the outer file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "flinkmem/readers/document.hpp"
#include "flinkmem/readers/inputs.hpp"

namespace flinkmem::readers_detail {

// The formats a file is tried against, for the "no supported format" error.
inline constexpr const char* kFormatsTried =
    "config.yaml, flink-conf.yaml, FlinkDeployment, FlinkSessionJob, ConfigMap, Docker Compose";

// GlobalConfiguration.loadYAMLResource: flattens one loaded YAML document into `document`.
// `line_offset` is added to every line (for YAML embedded in another file).
void flatten_standard_yaml(const YAML::Node& root, int line_offset, Document& document);

// Where the lines of text embedded in a YAML scalar are in the outer file: a block scalar ("|")
// keeps its lines (shifted by `offset`); a quoted or plain scalar ("a: 1\nb: 2") is one place.
struct EmbeddedLines {
    int offset = 0;
    int fixed = 0;  // when > 0, every line of the text is this line of the file
    int of(int line) const { return fixed > 0 ? fixed : line + offset; }
};

// Who replaces "${VAR}" in a value before Flink reads it, for the Placeholder note.
enum class Substitution {
    None,            // a file Flink reads as it is
    DockerCompose,   // Compose interpolates its file from the host environment and .env
    ImageEntrypoint  // the official image's docker-entrypoint.sh runs envsubst in the container
};

// GlobalConfiguration.loadLegacyYAMLResource over `text`, adding to `document` with notes.
void read_legacy_lines(std::string_view text, EmbeddedLines lines, Document& document,
                       Substitution substitution = Substitution::None);

// A Placeholder note when `value` holds "${VAR}" or "{{ ... }}" (substituted before Flink reads it).
void note_placeholder(const std::string& key, const std::string& value, const Source& where,
                      Document& document, Substitution substitution = Substitution::None);

// A new document with its name, path and format set.
Document make_document(const std::string& path, InputFormat format);

// The lines of text held by `node` (a scalar of `text`) in the outer file.
EmbeddedLines embedded_lines(const YAML::Node& node, std::string_view text);

// One configuration found in a file, before naming: its YAML document number and its name.
struct Found {
    int document_number;
    std::string name;
    Document document;
};

// FlinkDeployment / FlinkSessionJob as the operator builds their configuration (operator_manifest.cpp).
Document read_operator_resource(const YAML::Node& manifest, InputFormat format, const std::string& path);

// The official image's entrypoint over a Compose service or the containers of a Kubernetes
// workload (image_entrypoint.cpp). read_compose_service returns false when the service is skipped
// because its configuration is a mounted conf directory.
bool read_compose_service(const std::string& service, const YAML::Node& definition, std::string_view text,
                          const std::string& path, const ReadOptions& options, std::vector<Found>& found);
void read_workload(const YAML::Node& manifest, const std::string& kind, int number, std::string_view text,
                   const std::string& path, const ReadOptions& options, std::vector<Found>& found);
bool is_flink_image(std::string_view image);

// The memory-relevant lines of the default conf/flink-conf.yaml (config.yaml from 1.19) that the
// official image (and the distribution) of a release line ships.
std::vector<std::pair<std::string, std::string>> image_default_configuration(FlinkVersion version);

}  // namespace flinkmem::readers_detail
