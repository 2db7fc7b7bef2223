// Internal helpers of the YAML-based readers: how Flink's standard YAML parser (snakeyaml-engine
// with the YAML 1.2 core schema, YamlParserUtils) types a scalar, and the string Flink's
// conversions then see. yaml-cpp parses; the typing is ours, because yaml-cpp's own conversions
// follow YAML 1.1 ("yes" is a boolean there, not in Flink's core schema).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "flinkmem/error.hpp"

namespace flinkmem::yaml {

enum class ScalarType { Null, Bool, Int, Float, String };

struct TypedScalar {
    ScalarType type = ScalarType::String;
    // What Flink's conversions read: String as written, Integer/Long/BigInteger in decimal,
    // Double as Double.toString prints it, Boolean as "true"/"false", null as "null".
    std::string text;
};

// The core-schema type of a plain scalar's text (snakeyaml-engine CoreScalarResolver).
ScalarType resolve_plain(std::string_view text);

// A scalar node (or null node) as snakeyaml-engine's core schema constructs it. Quoted and
// block scalars are strings; "!!str" forces a string.
TypedScalar typed_scalar(const YAML::Node& node);

// YamlParserUtils.toYAMLString(list or map): one line of flow-style YAML, e.g. "[a, 'b: c', 1]".
std::string to_flow_yaml(const YAML::Node& node);

// 1-based line of a node (yaml-cpp marks are 0-based; a null node has no mark of its own).
int line_of(const YAML::Node& node);

// Parses every document of `text`; a syntax error becomes an Error naming path, line and column.
std::vector<YAML::Node> load_all(std::string_view text, const std::string& path);

// A value node as text, for manifest fields that Kubernetes reads as strings ("2Gi", 1, "1.5").
// Jackson's asText of the JSON the API server stores: numbers and booleans in their plain form.
std::string as_text(const YAML::Node& node);

// The value under `key` of a mapping (Undefined when absent or when `node` is no mapping).
YAML::Node child(const YAML::Node& node, const char* key);

// A scalar's text, or `fallback` when the node is absent or not a scalar.
std::string scalar_or(const YAML::Node& node, const std::string& fallback);

}  // namespace flinkmem::yaml
