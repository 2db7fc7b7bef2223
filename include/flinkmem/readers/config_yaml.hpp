// Flink 1.19+/2.x config.yaml, read as Flink's standard YAML parser reads it
// (GlobalConfiguration.loadYAMLResource, YamlParserUtils: snakeyaml-engine, YAML 1.2 core schema).
#pragma once

#include <string>
#include <string_view>

#include "flinkmem/readers/document.hpp"

namespace flinkmem {

// Nested maps are flattened with '.', dotted and nested keys mix freely (a later entry for the
// same flattened key wins, with a DuplicateKey note). A list value becomes its one-line flow YAML
// ("[a, b]"); a scalar becomes the string Flink's conversions see: strings as written (quotes are
// YAML quotes), integers in decimal (0x10 is "16"), floats as Java's Double.toString ("1e3" is
// "1000.0"), booleans "true"/"false". Like Flink, throws RuntimeException "Error parsing YAML
// configuration." caused by the parser's error for invalid YAML (with line and column), a key
// repeated in one mapping, a null value (`key:` or `key: ~`), a non-string key, or a document
// that is not a mapping.
Document read_config_yaml(std::string_view text, const std::string& path);

}  // namespace flinkmem
