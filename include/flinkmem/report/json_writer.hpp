// A small streaming JSON writer. Reports write many small documents (a batch answers one per
// line); building a DOM for each and dumping it cost most of the batch time, so they are written
// straight into a string. Compact output, or indented exactly like nlohmann::json::dump(2).
// Invalid UTF-8 in a string is replaced by U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flinkmem::report {

class JsonWriter {
public:
    // indent < 0: compact, one line.
    explicit JsonWriter(std::string& out, int indent = -1) : out_(out), indent_(indent) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& value(double number);  // shortest form that reads back exactly
    JsonWriter& null();
    // A value that is already JSON text (e.g. a request's id copied through).
    JsonWriter& raw(std::string_view json);

    // key(name).value(v)
    template <typename T>
    JsonWriter& field(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

private:
    void before_value();
    void open(char bracket);
    void close(char bracket);

    struct Level {
        bool empty = true;
    };
    std::string& out_;
    int indent_;
    std::vector<Level> levels_;
    bool after_key_ = false;
};

// `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
// Where the run of bytes from `pos` that need no escaping ends (at a '"', '\\', control
// character or non-ASCII byte, or the end): what the batch request reader copies in one go, too.
std::size_t plain_json_run_end(std::string_view text, std::size_t pos);

}  // namespace flinkmem::report
