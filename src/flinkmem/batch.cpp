#include "flinkmem/batch.hpp"

#include "flinkmem/java/strings.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <istream>
#include <optional>
#include <ostream>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "flinkmem/deploy/process.hpp"
#include "flinkmem/report/bash.hpp"
#include "flinkmem/report/json_writer.hpp"
#include "flinkmem/report/resolution.hpp"
#include "flinkmem/resolve.hpp"

namespace flinkmem {

namespace {

using json = nlohmann::json;
using report::JsonWriter;

// What `resolve --output` prints that a request can ask for.
enum class Output { None, Flags, Dynamic, Bash };

std::optional<Output> output_named(std::string_view name) {
    if (name == "flags") return Output::Flags;
    if (name == "dynamic") return Output::Dynamic;
    if (name == "bash") return Output::Bash;
    return std::nullopt;
}

// A request as read from its line: views into the line, the config decoded.
struct Request {
    std::string_view id_json = "null";  // the id as JSON text, as nlohmann would print it
    std::string_view component;
    const Release* release = nullptr;
    Output output = Output::None;
    std::vector<std::pair<std::string, std::string>> config;
};

// ---------------------------------------------------------------------------------------------
// The fast reader: the shape check-vectors and scripts send ({"id", "component", "config",
// "flink_version", "output"} with string values), read in one pass without a DOM. Anything else
// (invalid JSON, other fields, non-ASCII or escaped ids, wrong types, unknown components or
// versions) is left to the full reader below, which words every error; both give the same answer
// for whatever the fast one accepts.
class FastReader {
public:
    explicit FastReader(std::string_view text) : text_(text) {}

    bool read(Request& request) {
        // The request is reused line after line: nothing of the previous line may remain.
        request.config.clear();
        request.id_json = "null";
        request.component = {};
        request.release = nullptr;
        request.output = Output::None;
        skip_space();
        if (!take('{')) return false;
        bool seen_id = false;
        bool seen_component = false;
        bool seen_config = false;
        bool seen_version = false;
        bool seen_output = false;
        skip_space();
        if (peek() == '}') return false;  // an empty object: let the full reader word it
        for (;;) {
            skip_space();
            std::string_view key;
            if (!plain_string(key)) return false;
            skip_space();
            if (!take(':')) return false;
            skip_space();
            if (key == "id") {
                if (seen_id || !id(request.id_json)) return false;
                seen_id = true;
            } else if (key == "component") {
                if (seen_component || !plain_string(request.component)) return false;
                seen_component = true;
            } else if (key == "config") {
                if (seen_config || !config(request.config)) return false;
                seen_config = true;
            } else if (key == "flink_version") {
                std::string_view version;
                if (seen_version || !plain_string(version)) return false;
                const auto parsed = FlinkVersion::parse(version);
                request.release = parsed ? find_release(*parsed) : nullptr;
                if (request.release == nullptr) return false;
                seen_version = true;
            } else if (key == "output") {
                std::string_view name;
                if (seen_output || !plain_string(name)) return false;
                const auto output = output_named(name);
                if (!output) return false;
                request.output = *output;
                seen_output = true;
            } else {
                return false;
            }
            skip_space();
            if (take('}')) break;
            if (!take(',')) return false;
        }
        skip_space();
        if (pos_ != text_.size()) return false;
        if (!seen_component || !seen_config) return false;
        if (request.component != "taskmanager" && request.component != "jobmanager") return false;
        if (!seen_version) request.release = &default_release();
        if (!seen_id) request.id_json = "null";
        return true;
    }

private:
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    bool take(char c) {
        if (peek() != c) return false;
        ++pos_;
        return true;
    }
    void skip_space() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r' || text_[pos_] == '\n')) {
            ++pos_;
        }
    }

    // A string of printable ASCII without escapes: its content as a view.
    bool plain_string(std::string_view& out) {
        if (!take('"')) return false;
        const std::size_t start = pos_;
        while (pos_ < text_.size()) {
            const auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                out = text_.substr(start, pos_ - start);
                ++pos_;
                return true;
            }
            if (c < 0x20 || c >= 0x7f || c == '\\') return false;
            ++pos_;
        }
        return false;
    }

    // An id nlohmann prints exactly as written: a plain string, null, or a small integer.
    bool id(std::string_view& out) {
        const std::size_t start = pos_;
        if (peek() == '"') {
            std::string_view content;
            if (!plain_string(content)) return false;
            out = text_.substr(start, pos_ - start);
            return true;
        }
        if (text_.substr(pos_, 4) == "null") {
            pos_ += 4;
            out = "null";
            return true;
        }
        if (peek() == '0') {
            ++pos_;
        } else {
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        }
        const std::size_t digits = pos_ - start;
        if (digits == 0 || digits > 18) return false;
        const char next = peek();
        if (next == '.' || next == 'e' || next == 'E' || (next >= '0' && next <= '9')) return false;
        out = text_.substr(start, digits);
        return true;
    }

    static int hex_digit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool hex4(unsigned& value) {
        if (pos_ + 4 > text_.size()) return false;
        value = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hex_digit(text_[pos_++]);
            if (digit < 0) return false;
            value = value * 16 + static_cast<unsigned>(digit);
        }
        return true;
    }

    // Any JSON string of ASCII text and escapes (\uXXXX with surrogate pairs), decoded.
    bool string(std::string& out) {
        out.clear();
        if (!take('"')) return false;
        while (pos_ < text_.size()) {
            const std::size_t run = report::plain_json_run_end(text_, pos_);
            out.append(text_.substr(pos_, run - pos_));
            pos_ = run;
            if (pos_ == text_.size()) return false;
            const auto c = static_cast<unsigned char>(text_[pos_++]);
            if (c == '"') return true;
            if (c != '\\') return false;  // raw control characters and non-ASCII: the full reader
            if (pos_ == text_.size()) return false;
            switch (text_[pos_++]) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    unsigned unit = 0;
                    if (!hex4(unit)) return false;
                    char32_t cp = unit;
                    if (unit >= 0xD800 && unit <= 0xDBFF) {
                        unsigned low = 0;
                        if (!take('\\') || !take('u') || !hex4(low) || low < 0xDC00 || low > 0xDFFF)
                            return false;
                        cp = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                        return false;
                    }
                    java::append_utf8(out, cp);
                    break;
                }
                default:
                    return false;
            }
        }
        return false;
    }

    bool config(std::vector<std::pair<std::string, std::string>>& entries) {
        if (!take('{')) return false;
        skip_space();
        if (take('}')) return true;
        for (;;) {
            skip_space();
            auto& entry = next_entry(entries);
            if (!string(entry.first)) return false;
            skip_space();
            if (!take(':')) return false;
            skip_space();
            if (!string(entry.second)) return false;
            skip_space();
            if (take('}')) return true;
            if (!take(',')) return false;
        }
    }

    // The vector keeps its strings between requests, so their buffers are reused.
    std::pair<std::string, std::string>& next_entry(
        std::vector<std::pair<std::string, std::string>>& entries) {
        entries.emplace_back();
        return entries.back();
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// The full reader: nlohmann's DOM, every malformed request worded.

// A request line that cannot be answered as a configuration.
struct InvalidRequest {
    std::string message;
};

void append_invalid(std::string& out, std::string_view id_json, int line_number, const std::string& message) {
    JsonWriter writer(out);
    writer.begin_object().key("id").raw(id_json).field("ok", false).field("error_class", "InvalidRequest");
    writer.field("error_message", fmt::format("line {}: {}", line_number, message))
        .field("line", line_number);
    writer.end_object();
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

Output output_of(const json& request) {
    const auto field = request.find("output");
    if (field == request.end()) return Output::None;
    const auto output = field->is_string() ? output_named(field->get<std::string>()) : std::nullopt;
    if (!output) {
        throw InvalidRequest{fmt::format("unknown output {}; expected \"flags\", \"dynamic\" or \"bash\"",
                                         field->dump(-1, ' ', false, json::error_handler_t::replace))};
    }
    return *output;
}

// Reads a request with nlohmann; false (and the answer appended) when it is not a valid one.
bool read_full(std::string& out, std::string_view line, int line_number, std::string& id_storage,
               Request& request) {
    json parsed;
    try {
        parsed = json::parse(line);
    } catch (const json::parse_error& e) {
        append_invalid(out, "null", line_number, fmt::format("not valid JSON ({})", e.what()));
        return false;
    } catch (const json::out_of_range& e) {
        // A number beyond a double (2083E2083): no request has one, and JSON has no limit to cite.
        append_invalid(out, "null", line_number,
                       fmt::format("not a request flinkmem can read ({})", e.what()));
        return false;
    }
    if (!parsed.is_object()) {
        append_invalid(out, "null", line_number, "a request must be a JSON object");
        return false;
    }
    id_storage =
        parsed.contains("id") ? parsed["id"].dump(-1, ' ', false, json::error_handler_t::replace) : "null";
    request.id_json = id_storage;
    const auto component = parsed.find("component");
    if (component == parsed.end() || !component->is_string()) {
        append_invalid(out, request.id_json, line_number,
                       "\"component\" must be \"taskmanager\" or \"jobmanager\"");
        return false;
    }
    const auto config_field = parsed.find("config");
    if (config_field == parsed.end()) {
        append_invalid(out, request.id_json, line_number, "\"config\" is missing");
        return false;
    }
    try {
        request.release = &release_of(parsed);
        if (!config_field->is_object()) throw InvalidRequest{"\"config\" must be an object of strings"};
        request.config.clear();
        for (const auto& [key, value] : config_field->items()) {
            if (!value.is_string()) {
                throw InvalidRequest{
                    fmt::format("config value of '{}' must be a string, got {}", key, value.dump())};
            }
            request.config.emplace_back(key, value.get<std::string>());
        }
        if (*component != "taskmanager" && *component != "jobmanager") {
            throw InvalidRequest{
                fmt::format("unknown component {}; expected \"taskmanager\" or \"jobmanager\"",
                            component->dump(-1, ' ', false, json::error_handler_t::replace))};
        }
        request.output = output_of(parsed);
    } catch (const InvalidRequest& e) {
        append_invalid(out, request.id_json, line_number, e.message);
        return false;
    }
    request.component =
        component->get_ref<const std::string&>() == "taskmanager" ? "taskmanager" : "jobmanager";
    return true;
}

// ---------------------------------------------------------------------------------------------
// Answers.

// What `resolve --output O -D ...` prints on stdout for a process Flink accepts.
std::string rendered(Output output, const Resolution& resolution, Component component) {
    const auto process = deploy::process_of(resolution, component);
    if (!process || !process->ok()) return {};
    const deploy::ResolvedProcess& p = process->value();
    if (output == Output::Flags) return p.jvm_parameters + '\n';
    if (output == Output::Dynamic) return p.dynamic_configs + '\n';
    // bash: the configuration as -D entries, as the command line passes them.
    Configuration as_dynamic;
    for (const auto& [key, entry] : resolution.effective->entries()) {
        as_dynamic.set(key, entry.value, Source::dynamic_property());
    }
    std::ostringstream text;
    report::write_bash(text, p, as_dynamic, {});
    return std::move(text).str();
}

template <typename Result>
void append_answer(std::string& out, std::string_view id_json, const Outcome<Result>& outcome,
                   const Request& request, const Resolution& resolution, Component component) {
    JsonWriter writer(out);
    writer.begin_object().key("id").raw(id_json).field("ok", outcome.ok());
    if (outcome.ok()) {
        report::write_result_fields(writer, outcome.value(), false);
    } else {
        report::write_error_fields(writer, outcome.error());
    }
    if (request.output != Output::None) {
        writer.field("output",
                     outcome.ok() ? rendered(request.output, resolution, component) : std::string());
    }
    writer.end_object();
}

bool append_request_answer(std::string& out, const Request& request, int line_number) {
    const Release& release = *request.release;
    const bool task_manager = request.component == "taskmanager";
    if (!task_manager && !release.traits().job_manager_model) {
        append_invalid(out, request.id_json, line_number,
                       fmt::format("Flink {} has no JobManager memory model", release.version().to_string()));
        return false;
    }
    Configuration config;
    for (const auto& [key, value] : request.config) config.set(key, value, Source::batch_line(line_number));
    const Document document = Document::of(std::move(config));
    // What BashJavaUtils answers: the start scripts' (standalone) reading.
    const Resolution resolution = resolve(
        {document, release.version(),
         task_manager ? ComponentChoice::TaskManager : ComponentChoice::JobManager, Target::Standalone});
    if (task_manager) {
        append_answer(out, request.id_json, *resolution.task_manager, request, resolution,
                      Component::TaskManager);
    } else {
        append_answer(out, request.id_json, *resolution.job_manager, request, resolution,
                      Component::JobManager);
    }
    return true;
}

// One reader's state, reused line after line so its buffers are.
struct Answerer {
    Request request;
    std::string id_storage;

    bool answer(std::string& out, std::string_view line, int line_number) {
        if (!FastReader(line).read(request)) {
            request = Request{};
            if (!read_full(out, line, line_number, id_storage, request)) return false;
        }
        return append_request_answer(out, request, line_number);
    }
};

}  // namespace

bool append_batch_answer(std::string& out, std::string_view line, int line_number) {
    thread_local Answerer answerer;
    return answerer.answer(out, line, line_number);
}

BatchAnswer answer_batch_line(std::string_view line, int line_number) {
    BatchAnswer answer;
    answer.invalid_request = !append_batch_answer(answer.json, line, line_number);
    return answer;
}

namespace {

// Answers `lines` (numbered from `first_line`) into `out`; returns the number of invalid requests.
int answer_lines(std::string& out, const std::vector<std::string_view>& lines, std::size_t begin,
                 std::size_t end, const std::vector<int>& numbers) {
    int invalid_requests = 0;
    for (std::size_t i = begin; i < end; ++i) {
        if (!append_batch_answer(out, lines[i], numbers[i])) ++invalid_requests;
        out += '\n';
    }
    return invalid_requests;
}

// How many threads answer a large block: the machine's cores (requests are independent; the
// answers are written in request order).
unsigned worker_count() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : std::min(cores, 8U);
}

}  // namespace

int run_batch(std::istream& in, std::ostream& out) {
    // Below this many lines a block is answered on the calling thread.
    constexpr std::size_t kParallelLines = 256;
    constexpr std::size_t kMaxBlock = std::size_t{1} << 20;
    std::streambuf& input = *in.rdbuf();
    const unsigned workers = worker_count();
    int invalid_requests = 0;
    int line_number = 0;
    std::string pending;  // input not yet answered
    std::vector<std::string_view> lines;
    std::vector<int> numbers;
    // Answers of a parallel block, one string per chunk of lines (kept, so their buffers are reused).
    std::vector<std::string> answers;
    bool at_end = false;
    while (!at_end) {
        // Wait for input, then take whatever is there (up to a block): answers go out as soon as
        // their requests have arrived, and a file is read in large blocks.
        if (std::streambuf::traits_type::eq_int_type(input.sgetc(), std::streambuf::traits_type::eof())) {
            at_end = true;
        }
        while (!at_end && pending.size() < kMaxBlock) {
            const std::streamsize available = input.in_avail();
            if (available <= 0) break;
            const std::size_t take =
                std::min(static_cast<std::size_t>(available), kMaxBlock - pending.size());
            const std::size_t old_size = pending.size();
            pending.resize(old_size + take);
            const auto got = static_cast<std::size_t>(
                input.sgetn(pending.data() + old_size, static_cast<std::streamsize>(take)));
            pending.resize(old_size + got);
            if (got == 0) break;
        }
        // Complete lines (and, at the end, the last one without a newline).
        lines.clear();
        numbers.clear();
        std::size_t start = 0;
        while (start < pending.size()) {
            const std::size_t newline = std::string_view(pending).find('\n', start);
            std::size_t end = 0;
            if (newline != std::string_view::npos) {
                end = newline;
            } else if (at_end && start < pending.size()) {
                end = pending.size();
            } else {
                break;
            }
            ++line_number;
            const std::string_view line = std::string_view(pending).substr(start, end - start);
            if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
                lines.push_back(line);
                numbers.push_back(line_number);
            }
            start = end + 1;
        }
        if (lines.size() < kParallelLines || workers == 1) {
            if (answers.empty()) answers.emplace_back();
            answers[0].clear();
            invalid_requests += answer_lines(answers[0], lines, 0, lines.size(), numbers);
            out.write(answers[0].data(), static_cast<std::streamsize>(answers[0].size()));
        } else {
            // Threads take chunks of lines as they finish the previous one: rejections and
            // successes cost differently, and on a loaded machine a thread may stall, so an even
            // split in advance leaves the others waiting.
            constexpr std::size_t kChunkLines = 64;
            const std::size_t chunks = (lines.size() + kChunkLines - 1) / kChunkLines;
            if (answers.size() < chunks) answers.resize(chunks);
            std::atomic<std::size_t> next_chunk{0};
            std::atomic<int> invalid{0};
            const auto work = [&] {
                int invalid_here = 0;
                for (std::size_t chunk = next_chunk++; chunk < chunks; chunk = next_chunk++) {
                    answers[chunk].clear();
                    invalid_here += answer_lines(answers[chunk], lines, chunk * kChunkLines,
                                                 std::min(lines.size(), (chunk + 1) * kChunkLines), numbers);
                }
                invalid += invalid_here;
            };
            {
                std::vector<std::jthread> threads;
                for (unsigned w = 1; w < workers; ++w) threads.emplace_back(work);
                work();
            }
            invalid_requests += invalid;
            for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
                out.write(answers[chunk].data(), static_cast<std::streamsize>(answers[chunk].size()));
            }
        }
        out.flush();
        pending.erase(0, std::min(start, pending.size()));
    }
    return invalid_requests;
}

}  // namespace flinkmem
