// What a configuration holds as a whole: nothing at all (FM004), or a byte-order mark that Flink's
// legacy reader keeps in the first key (FM005).
#include <fmt/format.h>

#include "rule_context.hpp"

namespace flinkmem::lint {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_file_format(InputFormat format) {
    return format == InputFormat::FlinkConf || format == InputFormat::ConfigYaml;
}

const char* kind_of(InputFormat format) {
    switch (format) {
        case InputFormat::FlinkDeployment:
            return "FlinkDeployment";
        case InputFormat::ConfigMap:
            return "ConfigMap";
        case InputFormat::DockerCompose:
            return "Compose service";
        default:
            return "configuration";
    }
}

}  // namespace

void check_sets_nothing(const RuleContext& context, Findings& findings) {
    const Document& document = context.document;
    // A FlinkSessionJob configures its job; the session cluster's FlinkDeployment sizes Flink.
    if (document.format == InputFormat::FlinkSessionJob || !document.config.entries().empty()) return;
    const bool file = is_file_format(document.format);
    findings.push_back(context.finding(
        "FM004",
        file ? "the file sets no key (it is empty or holds only comments): Flink starts with every default"
             : fmt::format(
                   "the {} sets no Flink key and no process resources: Flink starts with every default",
                   kind_of(document.format)),
        file ? "Set at least the memory of the processes, e.g. taskmanager.memory.process.size and "
               "jobmanager.memory.process.size, or delete the file."
             : "Set spec.flinkConfiguration (or FLINK_PROPERTIES) and the processes' memory.",
        Source::in_file(document.path, file ? 1 : 0)));
}

void check_byte_order_mark(const RuleContext& context, Findings& findings) {
    if (context.document.format != InputFormat::FlinkConf) return;  // YAML readers drop the mark
    for (const auto& [key, entry] : context.document.config.entries()) {
        if (!key.starts_with(kByteOrderMark)) continue;
        const std::string meant = key.substr(kByteOrderMark.size());
        findings.push_back(context.finding(
            "FM005",
            fmt::format(
                "the file starts with a UTF-8 byte-order mark, which Flink's legacy reader keeps in the "
                "first key: '{}' is read as another key and ignored",
                meant),
            "Save the file as UTF-8 without a byte-order mark (e.g. `sed -i '1s/^\\xEF\\xBB\\xBF//' "
            "flink-conf.yaml`).",
            entry.source));
    }
}

}  // namespace flinkmem::lint
