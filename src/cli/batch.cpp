#include "batch.hpp"

#include <istream>
#include <ostream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exit_codes.hpp"
#include "flinkmem/model/jvm_args.hpp"
#include "render.hpp"

namespace flinkmem::cli {

namespace {

using json = nlohmann::ordered_json;

// A request line that cannot be answered as a configuration.
struct InvalidRequest {
    std::string message;
};

json invalid(const json& id, int line_number, const std::string& message) {
    return json{{"id", id},
                {"ok", false},
                {"error_class", "InvalidRequest"},
                {"error_message", fmt::format("line {}: {}", line_number, message)},
                {"line", line_number}};
}

Configuration parse_config(const json& config, int line_number) {
    if (!config.is_object()) throw InvalidRequest{"\"config\" must be an object of strings"};
    Configuration result;
    for (const auto& [key, value] : config.items()) {
        if (!value.is_string()) {
            throw InvalidRequest{fmt::format("config value of '{}' must be a string, got {}", key,
                                             value.dump())};
        }
        result.set(key, value.get<std::string>(), Source::batch_line(line_number));
    }
    return result;
}

template <typename Memory>
json success(const json& id, const Memory& memory) {
    return json{{"id", id},
                {"ok", true},
                {"memory", memory_json(memory)},
                {"jvm_params", jvm_parameters(memory)},
                {"dynamic_configs", dynamic_configs(memory)}};
}

json answer(const json& request, int line_number) {
    if (!request.is_object()) throw InvalidRequest{"a request must be a JSON object"};
    const json id = request.contains("id") ? request["id"] : json(nullptr);
    const auto component = request.find("component");
    if (component == request.end() || !component->is_string()) {
        return invalid(id, line_number, "\"component\" must be \"taskmanager\" or \"jobmanager\"");
    }
    const auto config_field = request.find("config");
    if (config_field == request.end()) return invalid(id, line_number, "\"config\" is missing");
    try {
        const Configuration config = parse_config(*config_field, line_number);
        if (*component == "taskmanager") return success(id, resolve_task_manager(config));
        if (*component == "jobmanager") return success(id, resolve_job_manager(config));
        return invalid(id, line_number,
                       fmt::format("unknown component {}; expected \"taskmanager\" or \"jobmanager\"",
                                   component->dump()));
    } catch (const InvalidRequest& e) {
        return invalid(id, line_number, e.message);
    } catch (const Error& e) {
        json out{{"id", id}, {"ok", false}};
        out.update(error_json(e));
        return out;
    }
}

}  // namespace

int run_batch(std::istream& in, std::ostream& out) {
    int exit_code = kOk;
    std::string line;
    for (int line_number = 1; std::getline(in, line); ++line_number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json result;
        try {
            result = answer(json::parse(line), line_number);
        } catch (const json::parse_error& e) {
            result = invalid(nullptr, line_number, fmt::format("not valid JSON ({})", e.what()));
        } catch (const InvalidRequest& e) {
            result = invalid(nullptr, line_number, e.message);
        }
        if (!result["ok"].get<bool>() && result["error_class"] == "InvalidRequest") {
            exit_code = kBadInput;
        }
        out << result.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }
    out.flush();
    return exit_code;
}

}  // namespace flinkmem::cli
