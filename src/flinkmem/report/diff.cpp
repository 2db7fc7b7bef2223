#include "flinkmem/report/diff.hpp"

#include "flinkmem/report/json_writer.hpp"

#include <map>

#include <fmt/format.h>

#include "flinkmem/deploy/command.hpp"

namespace flinkmem::report {

namespace {

// Every figure of a report under a stable name, and whether it is a byte count.
struct Figure {
    std::string value;
    std::optional<std::int64_t> number;
    bool bytes = false;
};

std::map<std::string, Figure> figures_of(const ProcessReport& report) {
    std::map<std::string, Figure> out;
    if (!report.process) return out;
    const auto& p = *report.process;
    const auto sizes = p.task_manager() ? p.task_manager()->named_sizes() : p.job_manager()->named_sizes();
    for (const auto& [name, size] : sizes) {
        out[std::string(name)] = {std::to_string(size.bytes()), size.bytes(), true};
    }
    out["jvm_params"] = {p.jvm_parameters, std::nullopt, false};
    // Dynamic configs compared key by key: their order is HashMap order, not meaning.
    const auto words = deploy::split_shell_words(p.dynamic_configs);
    for (std::size_t i = 0; i + 1 < words.size(); i += 2) {
        const auto equals = words[i + 1].find('=');
        if (words[i] != "-D" || equals == std::string::npos) continue;
        out["dynamic." + words[i + 1].substr(0, equals)] = {words[i + 1].substr(equals + 1), std::nullopt,
                                                            false};
    }
    if (const auto& c = report.container) {
        if (const auto& k8s = c->kubernetes) {
            out["container.memory_request_mib"] = {std::to_string(k8s->memory_request_mib),
                                                   k8s->memory_request_mib, false};
            out["container.memory_limit_mib"] = {std::to_string(k8s->memory_limit_mib), k8s->memory_limit_mib,
                                                 false};
            out["container.cpu_request"] = {k8s->cpu_request_quantity, std::nullopt, false};
            out["container.cpu_limit"] = {k8s->cpu_limit_quantity, std::nullopt, false};
        }
        if (const auto& yarn = c->yarn) {
            out["container.memory_mib"] = {std::to_string(yarn->memory_mib), yarn->memory_mib, false};
            out["container.allocated_mib"] = {std::to_string(yarn->allocated_mib), yarn->allocated_mib,
                                              false};
            out["container.vcores"] = {std::to_string(yarn->vcores), yarn->vcores, false};
        }
        out["container.warnings"] = {std::to_string(c->warnings.size()),
                                     static_cast<std::int64_t>(c->warnings.size()), false};
    }
    return out;
}

std::string outcome_of(const ProcessReport& report) {
    if (report.process) return "accepted";
    return fmt::format("rejected: {}: {}", report.error->class_name(), report.error->message());
}

}  // namespace

std::vector<Change> diff_reports(const ProcessReport& before, const ProcessReport& after) {
    const std::string component(deploy::name_of(before.component));
    std::vector<Change> changes;
    if (before.process.has_value() != after.process.has_value() ||
        (!before.process && before.error->message() != after.error->message())) {
        changes.push_back({component + ".outcome", outcome_of(before), outcome_of(after), std::nullopt, ""});
    }
    if (!before.process || !after.process) return changes;
    const auto left = figures_of(before);
    const auto right = figures_of(after);
    std::map<std::string, std::pair<const Figure*, const Figure*>> all;
    for (const auto& [name, figure] : left) all[name].first = &figure;
    for (const auto& [name, figure] : right) all[name].second = &figure;
    for (const auto& [name, pair] : all) {
        const auto [a, b] = pair;
        if (a != nullptr && b != nullptr && a->value == b->value) continue;
        Change change{std::string(component).append(".").append(name), a ? a->value : "", b ? b->value : "",
                      std::nullopt, (a ? a->bytes : b->bytes) ? "bytes" : ""};
        if (a && b && a->number && b->number) change.delta = *b->number - *a->number;
        changes.push_back(std::move(change));
    }
    return changes;
}

void write_diff(std::ostream& out, const std::vector<Change>& changes) {
    for (const auto& change : changes) {
        const std::string before = change.before.empty() ? "(none)" : change.before;
        const std::string after = change.after.empty() ? "(none)" : change.after;
        if (!change.delta) {
            out << fmt::format("{}: {} -> {}\n", change.what, before, after);
            continue;
        }
        const double base = std::stod(change.before);
        const std::string percent =
            base != 0 ? fmt::format(", {:+.1f}%", 100.0 * static_cast<double>(*change.delta) / base) : "";
        out << fmt::format("{}: {} -> {}{} ({:+d}{})\n", change.what, before, after,
                           change.unit.empty() ? "" : " " + change.unit, *change.delta, percent);
    }
}

void write_diff_json(std::ostream& out, const std::string& before_version, const std::string& after_version,
                     const std::vector<Change>& changes) {
    std::string text;
    JsonWriter json(text, 2);
    json.begin_object();
    json.key("before").begin_object().field("flink_version", before_version).end_object();
    json.key("after").begin_object().field("flink_version", after_version).end_object();
    json.key("changes").begin_array();
    for (const auto& change : changes) {
        json.begin_object().field("what", change.what);
        const auto side = [&json](const char* name, const std::string& value) {
            json.key(name);
            if (value.empty()) {
                json.null();
            } else {
                json.value(value);
            }
        };
        side("before", change.before);
        side("after", change.after);
        if (change.delta) json.field("delta", *change.delta);
        if (!change.unit.empty()) json.field("unit", change.unit);
        json.end_object();
    }
    json.end_array().end_object();
    out << text << '\n';
}

}  // namespace flinkmem::report
