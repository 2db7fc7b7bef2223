// JUnit XML as CI servers read it (the common "JUnit.xsd" shape): one test suite per
// configuration; test cases "taskmanager", "jobmanager" and "configuration" (findings about the
// file as a whole). A component that is not configured is a skipped test case.
#include <fmt/format.h>

#include "flinkmem/lint/rules.hpp"
#include "flinkmem/report/validate_report.hpp"

namespace flinkmem::report {

namespace {

// The length of the well-formed UTF-8 sequence at text[i], or 0 when it is not one.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // no overlong forms
        if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = i + 2; k < i + length; ++k) {
        if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
    }
    return length;
}

// XML text and attribute values: markup escaped, and what XML 1.0 cannot hold replaced (control
// characters by '?', bytes that are not UTF-8, e.g. a Latin-1 comment, by U+FFFD).
std::string xml_escape(std::string_view text) {
    std::string escaped;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = utf8_sequence(text, i);
        if (length == 0) {
            escaped += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (length > 1) {
            escaped.append(text.substr(i, length));
            i += length;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(text[i++]);
        switch (c) {
            case '&':
                escaped += "&amp;";
                break;
            case '<':
                escaped += "&lt;";
                break;
            case '>':
                escaped += "&gt;";
                break;
            case '"':
                escaped += "&quot;";
                break;
            case '\'':
                escaped += "&apos;";
                break;
            case '\n':
                escaped += "&#10;";
                break;
            case '\t':
                escaped += "&#9;";
                break;
            case '\r':
                escaped += "&#13;";
                break;
            default:
                // XML 1.0 allows no other control characters, not even escaped.
                if (c < 0x20 || c == 0x7F)
                    escaped += "?";
                else
                    escaped += static_cast<char>(c);
        }
    }
    return escaped;
}

std::string finding_line(const Finding& finding) {
    std::string where = finding.location.kind == Source::Kind::File && finding.location.line > 0
                            ? fmt::format("{}:{}", finding.location.name.str(), finding.location.line)
                            : finding.document;
    std::string line =
        fmt::format("{}: {}: {} [{}]", where, to_string(finding.severity), finding.message, finding.rule_id);
    if (!finding.hint.empty()) line += "\n  hint: " + finding.hint;
    return line;
}

struct Case {
    Component component;
    std::optional<std::string> skipped;
    std::vector<const Finding*> failing;
};

}  // namespace

void write_junit(std::ostream& out, const std::vector<ConfigurationResult>& results,
                 const ValidateReportOptions& options) {
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
    int id = 0;
    for (const auto& result : results) {
        std::vector<Case> cases{{Component::Configuration, std::nullopt, {}}};
        for (const auto& verdict : result.components) {
            Case test_case{verdict.component, std::nullopt, {}};
            if (verdict.state == ComponentVerdict::State::NotConfigured) {
                test_case.skipped = "not configured: " + verdict.reason;
            }
            cases.push_back(std::move(test_case));
        }
        std::string below_threshold;
        for (const auto& finding : result.findings) {
            if (finding.severity < options.fail_on) {
                below_threshold += finding_line(finding) + "\n";
                continue;
            }
            for (auto& test_case : cases) {
                if (test_case.component == finding.component) test_case.failing.push_back(&finding);
            }
        }
        int failures = 0;
        int skipped = 0;
        for (const auto& test_case : cases) {
            if (!test_case.failing.empty())
                ++failures;
            else if (test_case.skipped)
                ++skipped;
        }
        const std::string name = xml_escape(result.name);
        out << fmt::format(
            "  <testsuite package=\"flinkmem.validate\" id=\"{}\" name=\"{}\" timestamp=\"{}\" "
            "hostname=\"localhost\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
            "time=\"0\">\n",
            id++, name, options.timestamp, cases.size(), failures, skipped);
        out << "    <properties>\n";
        if (result.format) {
            out << fmt::format("      <property name=\"format\" value=\"{}\"/>\n", to_string(*result.format));
        }
        if (result.flink_version) {
            out << fmt::format("      <property name=\"flink_version\" value=\"{}\"/>\n",
                               result.flink_version->to_string());
        }
        out << "    </properties>\n";
        for (const auto& test_case : cases) {
            out << fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"", name,
                               to_string(test_case.component));
            if (!test_case.failing.empty()) {
                std::string text;
                for (const Finding* finding : test_case.failing) text += finding_line(*finding) + "\n";
                const Finding& first = *test_case.failing.front();
                out << fmt::format(
                    ">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                    xml_escape(first.message), xml_escape(first.rule_id), xml_escape(text));
            } else if (test_case.skipped) {
                out << fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                                   xml_escape(*test_case.skipped));
            } else {
                out << "/>\n";
            }
        }
        out << "    <system-out>" << xml_escape(below_threshold) << "</system-out>\n";
        out << "    <system-err></system-err>\n  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

}  // namespace flinkmem::report
