#include "yaml_values.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "flinkmem/java/numbers.hpp"

namespace flinkmem::yaml {

namespace {

bool all_of(std::string_view text, bool (*accept)(char)) {
    return !text.empty() && std::all_of(text.begin(), text.end(), accept);
}
bool is_decimal(char c) {
    return c >= '0' && c <= '9';
}
bool is_octal(char c) {
    return c >= '0' && c <= '7';
}
bool is_hex(char c) {
    return is_decimal(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_core_float(std::string_view text) {
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
    const std::size_t exponent = text.find_first_of("eE");
    std::string_view mantissa = text.substr(0, exponent);
    if (exponent != std::string_view::npos) {
        std::string_view digits = text.substr(exponent + 1);
        if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
        if (!all_of(digits, is_decimal)) return false;
    }
    const std::size_t point = mantissa.find('.');
    if (point == std::string_view::npos) return all_of(mantissa, is_decimal);
    const std::string_view whole = mantissa.substr(0, point);
    const std::string_view fraction = mantissa.substr(point + 1);
    if (whole.empty()) return all_of(fraction, is_decimal);
    return all_of(whole, is_decimal) && (fraction.empty() || all_of(fraction, is_decimal));
}

// Digits of `text` in `radix` as a decimal string (BigInteger-sized values stay exact).
std::string to_decimal(std::string_view digits, int radix) {
    std::string decimal = "0";  // most significant digit first
    for (const char c : digits) {
        int carry = is_decimal(c) ? c - '0' : (c | 0x20) - 'a' + 10;
        for (auto it = decimal.rbegin(); it != decimal.rend(); ++it) {
            const int value = (*it - '0') * radix + carry;
            *it = static_cast<char>('0' + value % 10);
            carry = value / 10;
        }
        while (carry > 0) {
            decimal.insert(decimal.begin(), static_cast<char>('0' + carry % 10));
            carry /= 10;
        }
    }
    const std::size_t first = decimal.find_first_not_of('0');
    return first == std::string::npos ? "0" : decimal.substr(first);
}

// ConstructYamlCoreInt: sign, then 0o/0x or decimal; Integer, Long or BigInteger, printed in decimal.
std::string core_int_text(std::string_view text) {
    bool negative = false;
    if (text[0] == '-' || text[0] == '+') {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    std::string digits;
    if (text.starts_with("0x")) {
        digits = to_decimal(text.substr(2), 16);
    } else if (text.starts_with("0o")) {
        digits = to_decimal(text.substr(2), 8);
    } else {
        digits = to_decimal(text, 10);
    }
    return negative && digits != "0" ? "-" + digits : digits;
}

// ConstructYamlCoreFloat: .inf/.nan, else Double.valueOf; Flink reads it through toString().
std::string core_float_text(std::string_view text) {
    if (text.ends_with(".inf") || text.ends_with(".Inf") || text.ends_with(".INF")) {
        return text[0] == '-' ? "-Infinity" : "Infinity";
    }
    if (text.starts_with(".nan") || text.starts_with(".NaN") || text.starts_with(".NAN")) return "NaN";
    return java::to_string(java::parse_double(text));
}

bool plain_safe_in_flow(std::string_view text) {
    if (text.empty() || resolve_plain(text) != ScalarType::String) return false;
    if (text.front() == ' ' || text.back() == ' ') return false;
    if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(text.front()) != std::string_view::npos) return false;
    if (text.find(": ") != std::string_view::npos || text.find(" #") != std::string_view::npos) return false;
    if (text.back() == ':') return false;
    return std::none_of(text.begin(), text.end(), [](char c) {
        return c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '\n' || c == '\r' ||
               c == '\t' || static_cast<unsigned char>(c) < 0x20;
    });
}

std::string flow_scalar(const YAML::Node& node) {
    const TypedScalar scalar = typed_scalar(node);
    switch (scalar.type) {
        case ScalarType::Null:
            return "null";
        case ScalarType::Bool:
        case ScalarType::Int:
            return scalar.text;
        case ScalarType::Float:
            // The representer prints special doubles the YAML way.
            if (scalar.text == "Infinity") return ".inf";
            if (scalar.text == "-Infinity") return "-.inf";
            if (scalar.text == "NaN") return ".nan";
            return scalar.text;
        case ScalarType::String:
            break;
    }
    if (plain_safe_in_flow(scalar.text)) return scalar.text;
    const bool needs_double = std::any_of(scalar.text.begin(), scalar.text.end(),
                                          [](char c) { return static_cast<unsigned char>(c) < 0x20; });
    std::string quoted;
    if (!needs_double) {
        quoted = "'";
        for (const char c : scalar.text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
        return quoted + "'";
    }
    quoted = "\"";
    for (const char c : scalar.text) {
        switch (c) {
            case '\n':
                quoted += "\\n";
                break;
            case '\t':
                quoted += "\\t";
                break;
            case '\r':
                quoted += "\\r";
                break;
            case '"':
                quoted += "\\\"";
                break;
            case '\\':
                quoted += "\\\\";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    quoted += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
                } else {
                    quoted += c;
                }
        }
    }
    return quoted + "\"";
}

}  // namespace

ScalarType resolve_plain(std::string_view text) {
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return ScalarType::Null;
    if (text == "true" || text == "True" || text == "TRUE" || text == "false" || text == "False" ||
        text == "FALSE") {
        return ScalarType::Bool;
    }
    std::string_view unsigned_part = text;
    if (unsigned_part[0] == '-' || unsigned_part[0] == '+') unsigned_part.remove_prefix(1);
    if (all_of(unsigned_part, is_decimal)) return ScalarType::Int;
    if (text.starts_with("0o") && all_of(text.substr(2), is_octal)) return ScalarType::Int;
    if (text.starts_with("0x") && all_of(text.substr(2), is_hex)) return ScalarType::Int;
    if (is_core_float(text)) return ScalarType::Float;
    if (unsigned_part == ".inf" || unsigned_part == ".Inf" || unsigned_part == ".INF")
        return ScalarType::Float;
    if (text == ".nan" || text == ".NaN" || text == ".NAN") return ScalarType::Float;
    return ScalarType::String;
}

TypedScalar typed_scalar(const YAML::Node& node) {
    if (node.IsNull()) {
        // yaml-cpp makes "~", "null" and an empty value null nodes; a quoted "null" stays a string.
        return {ScalarType::Null, "null"};
    }
    const std::string& text = node.Scalar();
    const std::string& tag = node.Tag();
    ScalarType type = ScalarType::String;
    if (tag == "?") {
        type = resolve_plain(text);
    } else if (tag == "tag:yaml.org,2002:int" && resolve_plain(text) == ScalarType::Int) {
        type = ScalarType::Int;
    } else if (tag == "tag:yaml.org,2002:float" && resolve_plain(text) == ScalarType::Float) {
        type = ScalarType::Float;
    } else if (tag == "tag:yaml.org,2002:bool" && resolve_plain(text) == ScalarType::Bool) {
        type = ScalarType::Bool;
    }
    switch (type) {
        case ScalarType::Null:
            return {ScalarType::Null, "null"};
        case ScalarType::Bool:
            return {ScalarType::Bool, (text[0] == 't' || text[0] == 'T') ? "true" : "false"};
        case ScalarType::Int:
            return {ScalarType::Int, core_int_text(text)};
        case ScalarType::Float:
            return {ScalarType::Float, core_float_text(text)};
        case ScalarType::String:
            break;
    }
    return {ScalarType::String, text};
}

namespace {

// yaml-cpp shares aliased nodes, so a value built from aliases of aliases can be exponentially
// long once written out; stop at a size no configuration value reaches.
constexpr std::size_t kMaxFlowLength = std::size_t{1} << 20;

void append_flow(const YAML::Node& node, std::string& out) {
    if (out.size() > kMaxFlowLength) {
        Error error(ErrorClass::YamlEngineException,
                    "a value longer than 1 MiB once written out (aliases expand too far)");
        error.with_hint("flinkmem limits the size of one value");
        throw error;
    }
    if (node.IsSequence()) {
        out += '[';
        bool first = true;
        for (const auto& item : node) {
            if (!first) out += ", ";
            first = false;
            append_flow(item, out);
        }
        out += ']';
    } else if (node.IsMap()) {
        out += '{';
        bool first = true;
        for (const auto& entry : node) {
            if (!first) out += ", ";
            first = false;
            append_flow(entry.first, out);
            out += ": ";
            append_flow(entry.second, out);
        }
        out += '}';
    } else {
        out += flow_scalar(node);
    }
}

}  // namespace

std::string to_flow_yaml(const YAML::Node& node) {
    std::string out;
    append_flow(node, out);
    return out;
}

int line_of(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return mark.is_null() ? 0 : mark.line + 1;
}

namespace {

// A first pass over the parser's events, before YAML::LoadAll builds nodes:
// - yaml-cpp 0.7's LoadAll never ends on some invalid input (a document that consumes no token,
//   e.g. one starting with ','; fixed upstream in jbeder/yaml-cpp#1319), so a document that
//   starts where the previous one did is a syntax error here;
// - snakeyaml-engine (Flink's parser) refuses more than 50 aliases of collections
//   (LoadSettings.maxAliasesForCollections), which also keeps alias "bombs" out.
class EventProbe : public YAML::EventHandler {
public:
    YAML::Mark document_start;
    int collection_aliases = 0;

    void OnDocumentStart(const YAML::Mark& mark) override { document_start = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        if (anchor < collection_anchors_.size() && collection_anchors_[anchor] && ++collection_aliases > 50) {
            throw YAML::ParserException(
                mark, "Number of aliases for non-scalar nodes exceeds the specified max=50");
        }
    }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, const std::string&) override {
        remember(anchor, false);
    }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        remember(anchor, true);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        remember(anchor, true);
    }
    void OnMapEnd() override {}

private:
    void remember(YAML::anchor_t anchor, bool collection) {
        if (anchor == YAML::NullAnchor) return;
        if (collection_anchors_.size() <= anchor) collection_anchors_.resize(anchor + 1, false);
        collection_anchors_[anchor] = collection;
    }
    std::vector<bool> collection_anchors_;
};

void probe_events(const std::string& text) {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    EventProbe probe;
    bool first = true;
    YAML::Mark previous;
    while (parser.HandleNextDocument(probe)) {
        if (!first && probe.document_start.pos == previous.pos) {
            throw YAML::ParserException(probe.document_start,
                                        "unexpected token where a document should start");
        }
        first = false;
        previous = probe.document_start;
    }
}

// Whether a ',', ']', '}' or '?' in `part` can be scanned as a token outside every collection,
// where yaml-cpp's HandleNode consumes nothing for it: such a token starts a word (a line, or
// after a blank) or follows an indicator, a closing quote, a closed flow collection, an anchor or
// a tag; anywhere else it sits inside a scalar or a flow collection.
bool may_hold_stray_token(std::string_view part) {
    constexpr std::string_view kIndicatorsBefore = "-:?!&|>\"']}";
    std::size_t word_start = 0;
    for (std::size_t at = 0; at < part.size(); ++at) {
        const char c = part[at];
        if (c == ' ' || c == '\t' || c == '\n') {
            word_start = at + 1;
            continue;
        }
        if (c != ',' && c != ']' && c != '}' && c != '?') continue;
        if (at == word_start) return true;
        const char before = part[at - 1];
        if (kIndicatorsBefore.find(before) != std::string_view::npos ||
            static_cast<unsigned char>(before) >= 0x80)
            return true;
        // An anchor or a tag ends where a flow indicator starts ("&a," is an anchor, then ',').
        if (part[word_start] == '&' || part[word_start] == '!') return true;
    }
    return false;
}

// A document whose first content line is "plain-key:" at the first column is one block mapping
// at column 0 until the next document marker: yaml-cpp never pops that indentation before, so
// nothing in it can start another document (a stray token there is a syntax error instead).
bool starts_column_zero_mapping(std::string_view part) {
    std::size_t line = 0;
    while (line < part.size()) {
        const std::size_t end = std::min(part.find('\n', line), part.size());
        const std::string_view text = part.substr(line, end - line);
        const std::size_t first = text.find_first_not_of(" \t");
        if (first != std::string_view::npos && text[first] != '#') {
            const auto key_char = [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '.' || c == '-' || c == '/';
            };
            if (first != 0 || !key_char(text[0]) || text[0] == '-' || text[0] == '.') return false;
            std::size_t colon = 0;
            while (colon < text.size() && key_char(text[colon])) ++colon;
            return colon < text.size() && text[colon] == ':' &&
                   (colon + 1 == text.size() || text[colon + 1] == ' ' || text[colon + 1] == '\t');
        }
        line = end + 1;
    }
    return false;
}

// Whether the first pass can matter, answered from the bytes in one linear scan: an alias (any
// '*'), a control byte (yaml-cpp reads a NUL as the end of its input; "\r" breaks are left to the
// pass too), or a document — between markers ("---", "...") at the first column — that is not a
// column-0 mapping and may hold a stray token. Any doubt runs the pass; most configuration files
// and manifests need none, and skip half the scanning.
bool needs_event_probe(std::string_view text) {
    for (const char c : text) {
        if (c == '*' || (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
            return true;
    }
    std::size_t start = 0;
    while (start < text.size()) {
        // The document runs to the next line that starts with a marker.
        std::size_t end = start;
        while (true) {
            end = text.find('\n', end);
            if (end == std::string_view::npos) {
                end = text.size();
                break;
            }
            const std::string_view next = text.substr(end + 1, 4);
            const bool marker = (next.starts_with("---") || next.starts_with("...")) &&
                                (next.size() == 3 || next[3] == ' ' || next[3] == '\t' || next[3] == '\n');
            if (marker) break;
            ++end;
        }
        std::string_view part = text.substr(start, end - start);
        bool inline_root = false;
        if (part.starts_with("---") || part.starts_with("...")) {
            // A marker line's own content ("--- value") is the document's root: left to the scan.
            const std::size_t line_end = std::min(part.find('\n'), part.size());
            const std::string_view rest = part.substr(3, line_end - 3);
            const std::size_t content = rest.find_first_not_of(" \t");
            inline_root = content != std::string_view::npos && rest[content] != '#';
            if (!inline_root) part.remove_prefix(line_end);
        }
        if ((inline_root || !starts_column_zero_mapping(part)) && may_hold_stray_token(part)) return true;
        start = end + 1;
    }
    return false;
}

}  // namespace

std::vector<YAML::Node> load_all(std::string_view text, const std::string& path) {
    try {
        const std::string copy(text);
        if (needs_event_probe(copy)) probe_events(copy);
        return YAML::LoadAll(copy);
    } catch (const YAML::Exception& e) {
        if (e.mark.is_null()) {
            Error error(ErrorClass::YamlEngineException, e.msg);
            error.with_context({{}, {}, Source::in_file(path, 0)});
            throw error;
        }
        Error error(ErrorClass::YamlEngineException,
                    fmt::format("{} (line {}, column {})", e.msg, e.mark.line + 1, e.mark.column + 1));
        error.with_context({{}, {}, Source::in_file(path, e.mark.line + 1)});
        throw error;
    }
}

std::string as_text(const YAML::Node& node) {
    if (node.IsScalar() || node.IsNull()) return typed_scalar(node).text;
    return to_flow_yaml(node);
}

YAML::Node child(const YAML::Node& node, const char* key) {
    if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    for (const auto& entry : node) {
        if (entry.first.IsScalar() && entry.first.Scalar() == key) return entry.second;
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

std::string scalar_or(const YAML::Node& node, const std::string& fallback) {
    return node.IsDefined() && node.IsScalar() ? node.Scalar() : fallback;
}

}  // namespace flinkmem::yaml
