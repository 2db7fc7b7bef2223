// The one error type of the flinkmem core.
//
// Flink reports a bad memory configuration as a Java exception: a class, an exact message and a
// chain of causes. flinkmem keeps exactly that (so it can be compared byte for byte with Flink)
// and adds what a person needs to act on it: the key, its raw value, where that value came from,
// and a hint in plain words.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flinkmem {

// An immutable string that copies share: the file name every value read from one file carries
// (a million-line file holds one copy of its path, not a million).
class SharedName {
public:
    SharedName() = default;
    SharedName(std::string text)  // implicit: a name is a string
        : text_(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
    SharedName(const char* text) : SharedName(std::string(text)) {}

    const std::string& str() const { return text_ ? *text_ : empty_text(); }
    operator const std::string&() const { return str(); }
    bool empty() const { return !text_; }

    friend bool operator==(const SharedName& a, const SharedName& b) {
        return a.text_ == b.text_ || a.str() == b.str();
    }
    friend bool operator==(const SharedName& a, std::string_view b) { return a.str() == b; }
    friend bool operator==(const SharedName& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const SharedName& a, const char* b) { return a.str() == b; }

private:
    static const std::string& empty_text();
    std::shared_ptr<const std::string> text_;
};

// Where a configuration value came from. "Default" only for a value Flink itself supplies.
struct Source {
    enum class Kind { Default, File, DynamicProperty, Environment, BatchLine, Generated };

    Kind kind = Kind::Default;
    SharedName name;  // File: the path (or "path#document"); Environment: the variable
    int line = 0;     // File and BatchLine: 1-based line number

    static Source default_value() { return {}; }
    static Source in_file(SharedName path, int line) { return {Kind::File, std::move(path), line}; }
    static Source dynamic_property() { return {Kind::DynamicProperty, {}, 0}; }
    static Source environment(std::string variable) {
        return {Kind::Environment, SharedName(std::move(variable)), 0};
    }
    static Source batch_line(int line) { return {Kind::BatchLine, {}, line}; }
    // A value flinkmem itself wrote, e.g. `flinkmem init` solving for a target.
    static Source generated(std::string by) { return {Kind::Generated, SharedName(std::move(by)), 0}; }

    // "default", "-D", "conf/flink-conf.yaml:12", "$FLINK_PROPERTIES", "stdin:12", "flinkmem init".
    std::string describe() const;

    friend bool operator==(const Source&, const Source&) = default;
};

// The class of an error: the Java exceptions Flink's code (and its YAML parser) throws, by their
// simple names as getClass().getSimpleName() prints them, plus flinkmem's own UnsupportedInput.
enum class ErrorClass {
    IllegalConfigurationException,
    IllegalArgumentException,
    IllegalStateException,
    NumberFormatException,
    ArithmeticException,
    NullPointerException,
    IOException,
    MemoryAllocationException,
    RuntimeException,
    ClassCastException,
    YamlEngineException,
    ComposerException,
    ArrayIndexOutOfBoundsException,
    CancelTaskException,
    InterruptedException,
    MemoryReservationException,
    NoResourceAvailableException,
    UnsupportedInput,         // flinkmem's own: a file in no format flinkmem reads
    SpillDirectoryException,  // flinkmem's own: the simulator's spill directory cannot be used
};

// "IllegalConfigurationException", ...
const char* to_string(ErrorClass error_class);

// One link of a Java exception chain as Flink would report it.
struct JavaThrowable {
    ErrorClass error_class;
    std::string message;  // exactly what getMessage() returns

    std::string_view class_name() const { return to_string(error_class); }
    friend bool operator==(const JavaThrowable&, const JavaThrowable&) = default;
};

// The configuration entry an error is about.
struct ErrorContext {
    std::string key;
    std::string value;
    Source source;
};

class Error : public std::exception {
public:
    Error(ErrorClass error_class, std::string message);

    static Error illegal_configuration(std::string message);
    static Error illegal_argument(std::string message);
    static Error number_format(std::string message);
    static Error arithmetic(std::string message);

    // Java's `new <error_class>(message, this)`: a new error caused by this one. The context and
    // hint carry over, because the outer error is about the same entry.
    Error wrapped(ErrorClass error_class, std::string message) const;
    // `new IllegalConfigurationException(prefix + getMessage(), this)`, Flink's usual wrapper.
    Error wrapped_with_prefix(const std::string& prefix) const;

    ErrorClass error_class() const { return top_.error_class; }
    std::string_view class_name() const { return top_.class_name(); }
    const std::string& message() const { return top_.message; }
    // The cause chain, outermost first, without this error itself.
    const std::vector<JavaThrowable>& causes() const { return causes_; }
    bool is(ErrorClass error_class) const { return top_.error_class == error_class; }

    const std::optional<ErrorContext>& context() const { return context_; }
    const std::string& hint() const { return hint_; }

    // Locates the error at a configuration entry; an empty context (option not set) is a no-op.
    Error& with_context(std::optional<ErrorContext> context);
    Error& with_context(ErrorContext context) {
        return with_context(std::optional<ErrorContext>(std::move(context)));
    }
    Error& with_hint(std::string hint);

    const char* what() const noexcept override { return top_.message.c_str(); }

private:
    JavaThrowable top_;
    std::vector<JavaThrowable> causes_;
    std::optional<ErrorContext> context_;
    std::string hint_;
};

}  // namespace flinkmem
