// The whole validate path on arbitrary bytes: format detection, the legacy reader's notes, inline
// ignores, .flinkmem.yaml, every rule and all five reports. Never crashes, never lets anything but
// flinkmem::Error escape, and every finding has a known rule and a location inside the file.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "flinkmem/lint/inputs.hpp"
#include "flinkmem/lint/rules.hpp"
#include "flinkmem/report/validate_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        static_cast<void>(flinkmem::parse_flinkmem_yaml(text, ".flinkmem.yaml"));
    } catch (const flinkmem::Error&) {
    }
    flinkmem::ValidateOptions options;
    flinkmem::collect_inline_ignores(text, "fuzz.yaml", options.suppressions);
    const auto discovered =
        flinkmem::discover("fuzz.yaml", text, {.explicitly_named = true}, flinkmem::default_release());
    if (discovered == flinkmem::Discovered::Skipped) __builtin_trap();  // a named file is always read
    static_cast<void>(flinkmem::discover("config.yaml", text, {}, flinkmem::default_release()));
    // Paths are short (PATH_MAX); so is what the glob is tried on here.
    static_cast<void>(
        flinkmem::glob_matches(text.substr(0, 16), text.substr(std::min<std::size_t>(16, text.size()), 512)));
    if (discovered == flinkmem::Discovered::Template) return 0;
    std::vector<flinkmem::Document> documents;
    try {
        documents = flinkmem::read_documents(text, "fuzz.yaml");
    } catch (const flinkmem::Error&) {
        return 0;  // the readers reject what Flink's parsers reject (validate reports it as FM001)
    }
    std::vector<flinkmem::ConfigurationResult> results;
    for (const auto& document : documents) results.push_back(flinkmem::validate_document(document, options));
    for (const auto& result : results) {
        for (const auto& finding : result.findings) {
            if (flinkmem::find_rule(finding.rule_id) == nullptr || finding.message.empty()) __builtin_trap();
            if (finding.location.kind == flinkmem::Source::Kind::File && finding.location.line < 0)
                __builtin_trap();
        }
    }
    std::ostringstream out;
    flinkmem::report::write_validate_text(out, results, {});
    flinkmem::report::write_validate_json(out, results, {});
    flinkmem::report::write_sarif(out, results, {});
    flinkmem::report::write_junit(out, results, {});
    flinkmem::report::write_github(out, results, {});
    return 0;
}
