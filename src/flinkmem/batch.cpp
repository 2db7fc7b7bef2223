#include "flinkmem/batch.hpp"

#include <istream>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "flinkmem/report/resolution.hpp"
#include "flinkmem/resolve.hpp"

namespace flinkmem {

namespace {

using json = nlohmann::json;
using report::JsonWriter;

// A request line that cannot be answered as a configuration.
struct InvalidRequest {
    std::string message;
};

BatchAnswer invalid(std::string_view id_json, int line_number, const std::string& message) {
    BatchAnswer answer{{}, true};
    JsonWriter out(answer.json);
    out.begin_object().key("id").raw(id_json).field("ok", false).field("error_class", "InvalidRequest");
    out.field("error_message", fmt::format("line {}: {}", line_number, message)).field("line", line_number);
    out.end_object();
    return answer;
}

Configuration parse_config(const json& config, int line_number) {
    if (!config.is_object()) throw InvalidRequest{"\"config\" must be an object of strings"};
    Configuration result;
    for (const auto& [key, value] : config.items()) {
        if (!value.is_string()) {
            throw InvalidRequest{fmt::format("config value of '{}' must be a string, got {}", key, value.dump())};
        }
        result.set(key, value.get<std::string>(), Source::batch_line(line_number));
    }
    return result;
}

const Release& release_of(const json& request) {
    const auto field = request.find("flink_version");
    if (field == request.end()) return default_release();
    if (!field->is_string()) throw InvalidRequest{"\"flink_version\" must be a string such as \"1.20\""};
    const auto version = FlinkVersion::parse(field->get<std::string>());
    const Release* release = version ? find_release(*version) : nullptr;
    if (release == nullptr) {
        throw InvalidRequest{fmt::format("unsupported flink_version {}; supported: {}", field->dump(),
                                         supported_versions_text())};
    }
    return *release;
}

template <typename Result>
BatchAnswer answer_of(std::string_view id_json, const Outcome<Result>& outcome) {
    BatchAnswer answer{{}, false};
    JsonWriter out(answer.json);
    out.begin_object().key("id").raw(id_json).field("ok", outcome.ok());
    if (outcome.ok()) {
        report::write_result_fields(out, outcome.value(), false);
    } else {
        report::write_error_fields(out, outcome.error());
    }
    out.end_object();
    return answer;
}

}  // namespace

BatchAnswer answer_batch_line(std::string_view line, int line_number) {
    json request;
    try {
        request = json::parse(line);
    } catch (const json::parse_error& e) {
        return invalid("null", line_number, fmt::format("not valid JSON ({})", e.what()));
    }
    if (!request.is_object()) return invalid("null", line_number, "a request must be a JSON object");
    const std::string id = request.contains("id") ? request["id"].dump(-1, ' ', false, json::error_handler_t::replace)
                                                  : "null";
    const auto component = request.find("component");
    if (component == request.end() || !component->is_string()) {
        return invalid(id, line_number, "\"component\" must be \"taskmanager\" or \"jobmanager\"");
    }
    const auto config_field = request.find("config");
    if (config_field == request.end()) return invalid(id, line_number, "\"config\" is missing");
    try {
        const Release& release = release_of(request);
        const Document document = Document::of(parse_config(*config_field, line_number));
        // What BashJavaUtils answers: the start scripts' (standalone) reading.
        const auto resolved = [&](ComponentChoice choice) {
            return resolve({document, release.version(), choice, Target::Standalone});
        };
        if (*component == "taskmanager") return answer_of(id, *resolved(ComponentChoice::TaskManager).task_manager);
        if (*component == "jobmanager") {
            if (!release.traits().job_manager_model) {
                return invalid(id, line_number,
                               fmt::format("Flink {} has no JobManager memory model", release.version().to_string()));
            }
            return answer_of(id, *resolved(ComponentChoice::JobManager).job_manager);
        }
        return invalid(id, line_number,
                       fmt::format("unknown component {}; expected \"taskmanager\" or \"jobmanager\"",
                                   component->dump(-1, ' ', false, json::error_handler_t::replace)));
    } catch (const InvalidRequest& e) {
        return invalid(id, line_number, e.message);
    }
}

int run_batch(std::istream& in, std::ostream& out) {
    int invalid_requests = 0;
    std::string line;
    for (int line_number = 1; std::getline(in, line); ++line_number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        const BatchAnswer answer = answer_batch_line(line, line_number);
        if (answer.invalid_request) ++invalid_requests;
        out << answer.json << '\n';
    }
    out.flush();
    return invalid_requests;
}

}  // namespace flinkmem
