// The JSON Lines protocol of `flinkmem batch`: one request per line, one answer line each, in order.
//   request: {"id", "component": "taskmanager"|"jobmanager", "config": {key: string},
//             "flink_version": "1.20" (optional),
//             "output": "flags"|"dynamic"|"bash" (optional)}
//   answer:  {"id", "ok": true, "memory", "jvm_params", "dynamic_configs"} or
//            {"id", "ok": false, "error_class", "error_message", "cause_message", "causes", ...}
//            and, when the request names an output, "output": exactly what
//            `flinkmem resolve --component C --output O -D key=value ...` prints on stdout (the
//            config entries are -D entries there), "" where Flink rejects the configuration.
// A line that is not a valid request is answered with "error_class": "InvalidRequest" and its
// line number, and never stops the batch.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

namespace flinkmem {

struct BatchAnswer {
    std::string json;      // one line, without the newline
    bool invalid_request;  // the line was not a valid request
};

BatchAnswer answer_batch_line(std::string_view line, int line_number);

// Appends the answer to `line` (one line, without the newline) to `out`; returns false when the
// line is not a valid request.
bool append_batch_answer(std::string& out, std::string_view line, int line_number);

// Answers every non-blank line of `in` onto `out`; returns the number of invalid requests.
int run_batch(std::istream& in, std::ostream& out);

}  // namespace flinkmem
